"""The second run of every example, on another instruction set: output that depends on the CPU fails here.

NumPy picks SIMD kernels (sorts, reductions, transcendental functions) and OpenBLAS picks a kernel family for
matrix products when they load, from what the CPU offers. A page written on one laptop can therefore print
something else on a reader's laptop or on a CI runner of another generation: the order of tied elements in
`np.argsort`, the last digits of a dot product. So each example runs twice: once natively in the pytest process,
and once in a long-lived worker process started with NumPy held to its baseline instruction set
(`NPY_DISABLE_CPU_FEATURES`) and OpenBLAS told to use an older kernel family (`OPENBLAS_CORETYPE`). The two must
print the same thing. Both settings are read when the libraries load, so the worker is a process of its own, one
per pytest process, reused for every example (tests/harness/worker.py).
"""

from __future__ import annotations

import atexit
import functools
import os
import pickle
import platform
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HARNESS_PARENT = Path(__file__).resolve().parents[1]

# OpenBLAS kernel families, newest first, for x86-64: the worker takes the first one older than the native one, so
# it runs on this CPU and differs from what a native run uses. Other architectures fall back to a generic family.
X86_FAMILIES = ("SapphireRapids", "Cooperlake", "SkylakeX", "Zen", "Haswell", "Sandybridge", "Nehalem")
GENERIC_FAMILY = {"x86_64": "Nehalem", "AMD64": "Nehalem", "aarch64": "ARMV8", "arm64": "ARMV8"}

HOW_TO_FIX = """\
The output depends on the CPU: a reader whose CPU has other SIMD instructions (or another BLAS kernel) sees \
something else. Fix what the example does or prints, never the comparison:
  - ties: a sort or top-k over equal keys is ordered by the sort's SIMD internals; break ties explicitly \
(np.lexsort((ids, -scores)), np.argsort(..., kind="stable") or a seeded jitter stated on the page);
  - digits: a float printed to its last digits moves with the BLAS kernel; round to what the claim needs, \
away from a rounding boundary (0.0765 printed to 3 digits is on one);
  - tiny errors: print a bound with margin (print(error < 1e-6)), not the error itself."""


class WorkerCrashed(Exception):
    """The worker process died or answered nonsense; it is restarted for the next example."""


@dataclass(frozen=True)
class Answer:
    """What the worker's run of an example printed, or the failure message if it failed."""

    printed: str | None
    failure: str | None


def native_blas_family() -> str | None:
    try:
        import numpy  # noqa: F401 - threadpoolctl sees only libraries already loaded
        import threadpoolctl
    except ImportError:
        return None
    families = [info.get("architecture") for info in threadpoolctl.threadpool_info() if info.get("architecture")]
    return families[0] if families else None


def other_blas_family(native: str | None) -> str:
    known = [family.lower() for family in X86_FAMILIES]
    if native and native.lower() in known:
        older = X86_FAMILIES[known.index(native.lower()) + 1 :]
        if older:
            return older[0]
    return GENERIC_FAMILY.get(platform.machine(), "Nehalem")


def numpy_dispatched_features() -> list[str]:
    """The SIMD features NumPy found on this CPU beyond its baseline: the worker runs without them."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [feature for feature in __cpu_dispatch__ if __cpu_features__.get(feature)]


@functools.cache
def worker_environment() -> dict[str, str]:
    """The second configuration, described so a failure can say how to reproduce it."""
    return {
        "NPY_DISABLE_CPU_FEATURES": " ".join(numpy_dispatched_features()),
        "OPENBLAS_CORETYPE": other_blas_family(native_blas_family()),
    }


def describe_configurations() -> str:
    alternative = " ".join(f"{key}={value!r}" for key, value in worker_environment().items())
    return f"native ({native_blas_family() or 'unknown'} BLAS kernels, every SIMD feature) vs {alternative}"


class Worker:
    """A child Python process that runs examples on request: length-prefixed pickles over two pipes of its own
    (not its stdout, which an example's C code could write to)."""

    def __init__(self):
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        requests_read, self.requests = os.pipe()
        self.answers, answers_write = os.pipe()
        env = {**os.environ, **worker_environment(), "PYTHONPATH": str(HARNESS_PARENT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "harness.worker", str(requests_read), str(answers_write)],
            env=env,
            pass_fds=(requests_read, answers_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        os.close(requests_read)
        os.close(answers_write)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.kill()
        self.process.wait()
        os.close(self.requests)
        os.close(self.answers)
        self.process = None

    def send(self, example, workdir: Path) -> None:
        """Hand the worker an example; it starts running it at once, while this process runs its own copy."""
        if self.process is None or self.process.poll() is not None:
            self.stop()
            self.start()
        write_message(self.requests, (example, str(workdir)))

    def receive(self) -> Answer:
        try:
            answer = read_message(self.answers)
        except BaseException:  # a crash, or pytest-timeout interrupting the wait: the worker is in an unknown state
            self.stop()
            raise
        if not isinstance(answer, Answer):
            self.stop()
            raise WorkerCrashed(f"the worker answered {answer!r}")
        return answer


def write_message(fd: int, message) -> None:
    payload = pickle.dumps(message)
    data = struct.pack("!Q", len(payload)) + payload
    while data:
        data = data[os.write(fd, data) :]


def read_message(fd: int):
    size = struct.unpack("!Q", read_exactly(fd, 8))[0]
    return pickle.loads(read_exactly(fd, size))


def read_exactly(fd: int, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise WorkerCrashed("the worker process exited while running the example (a crash in native code?)")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


_worker = Worker()
atexit.register(_worker.stop)


def worker() -> Worker:
    return _worker
