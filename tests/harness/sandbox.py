"""Run an example the way a reader would, and fail fast, naming the page line, when it misbehaves.

While an example runs:
- it cannot reach the network: pytest-socket refuses new internet sockets, and an audit hook refuses name look-ups
  and connections (pytest-socket lets a DNS look-up through before it refuses the socket); a Unix socket pair is
  allowed, because asyncio's event loop (FastAPI's TestClient) wakes itself through one, and it cannot connect out;
- it cannot write, rename or delete outside its temporary directory, nor start processes (an audit hook);
- every warning is an error: a reader running the example would see it, and the page shows no such thing;
- it runs in its own temporary working directory, with `__name__ == "__main__"`.
The time limit comes from pytest-timeout; single-threaded BLAS from the environment set in tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import io
import linecache
import os
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

import pytest_socket

from harness.pages import Example, Origin, relative

NETWORK_EVENTS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.connect",
    "socket.sendto",
}
PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty"}
PATH_WRITE_EVENTS = {  # event -> positions of the paths it writes
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.mkdir": (0,),
    "os.rename": (0, 1),
    "os.replace": (0, 1),
    "os.symlink": (1,),
    "os.link": (1,),
    "os.truncate": (0,),
    "os.chmod": (0,),
    "shutil.rmtree": (0,),
    "shutil.copyfile": (1,),
    "shutil.move": (0, 1),
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class ExampleFailed(Exception):
    """An example raised, printed the wrong thing, or broke a rule: the message names the file and line."""


class SandboxViolation(PermissionError):
    """An example tried something examples may not do."""


_writable_roots: tuple[str, ...] = ()  # empty while no example runs


def _audit(event: str, args: tuple) -> None:
    if not _writable_roots:
        return
    if event in NETWORK_EVENTS:
        raise SandboxViolation(f"examples may not use the network ({event} {args[:1]!r})")
    if event in PROCESS_EVENTS:
        raise SandboxViolation(f"examples may not start processes ({event})")
    if event == "open":
        path, mode, flags = args
        writes = any(letter in (mode or "") for letter in "wax+") or (mode is None and (flags or 0) & WRITE_FLAGS)
        if writes:
            _check_writable(path)
    elif event in PATH_WRITE_EVENTS:
        for position in PATH_WRITE_EVENTS[event]:
            if position < len(args):
                _check_writable(args[position])


def _check_writable(path) -> None:
    if isinstance(path, int) or path is None:
        return
    resolved = os.path.realpath(os.fsdecode(path))
    if resolved == os.devnull or any(resolved == r or resolved.startswith(r + os.sep) for r in _writable_roots):
        return
    raise SandboxViolation(f"examples may write only inside their temporary directory, not to {resolved}")


sys.addaudithook(_audit)


@contextlib.contextmanager
def sandbox(workdir: Path):
    """Apply every rule above while the body runs, in `workdir`."""
    global _writable_roots
    previous_directory = os.getcwd()
    os.chdir(workdir)
    pytest_socket.disable_socket(allow_unix_socket=True)
    _writable_roots = (os.path.realpath(workdir), os.path.realpath(tempfile.gettempdir()))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.filterwarnings("ignore", message="A test tried to use socket")  # its error says it better
            yield
    finally:
        _writable_roots = ()
        pytest_socket.enable_socket()
        os.chdir(previous_directory)
        close_figures()


def close_figures() -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


def run(example: Example, workdir: Path) -> str:
    """Run the example (after its prelude, for `cont` blocks) and return what it printed."""
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    output = ""
    for piece in example.pieces:
        output = run_piece(piece, namespace, workdir)
    return output


def code_filename(piece: Example) -> str:
    """The name a piece's code is compiled under; tracebacks are mapped back to page lines through it."""
    return f"<example {relative(piece.page)}:{piece.fence.line}>"


def run_piece(piece: Example, namespace: dict, workdir: Path) -> str:
    filename = code_filename(piece)
    linecache.cache[filename] = (len(piece.code), None, piece.code.splitlines(True), filename)
    try:
        # dont_inherit: this module's `from __future__ import annotations` must not change how a reader's code runs
        code = compile(piece.code, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise ExampleFailed(f"{piece.origin_of(error.lineno or 0)}: SyntaxError: {error.msg}") from None
    printed = io.StringIO()
    try:
        with sandbox(workdir), contextlib.redirect_stdout(printed):
            exec(code, namespace)
    except Exception as error:  # not BaseException: pytest's timeout and exit go through untouched
        raise ExampleFailed(describe_failure(piece, error)) from None
    return printed.getvalue()


def describe_failure(example: Example, error: BaseException) -> str:
    """`docs/page.md:57: ZeroDivisionError: division by zero`, with the page lines it went through."""
    where, trail = locate(example, error.__traceback__)
    return "\n".join([f"{where}: {type(error).__name__}: {error}", *trail])


def locate(example: Example, tb) -> tuple[Origin, list[str]]:
    """The page (or snippet) line an exception last passed through, and the lines of the example it went through."""
    pieces = {code_filename(piece): piece for piece in example.pieces}
    where, trail = example.fence, []
    for frame, lineno in traceback.walk_tb(tb):
        piece = pieces.get(frame.f_code.co_filename)
        if piece is None:
            continue
        where = piece.origin_of(lineno)
        code_lines = piece.code.splitlines()
        trail.append(f"  {where}: {code_lines[lineno - 1].strip() if lineno <= len(code_lines) else ''}")
    return where, trail


def guard_notebook_kernel(workdir: str) -> None:
    """The same rules inside a notebook's kernel, for the rest of its life (tests/harness/notebooks.py)."""
    global _writable_roots
    pytest_socket.disable_socket(allow_unix_socket=True)  # the kernel itself talks over ZeroMQ, not Python sockets
    _writable_roots = (os.path.realpath(workdir), os.path.realpath(tempfile.gettempdir()))
    warnings.simplefilter("error")
