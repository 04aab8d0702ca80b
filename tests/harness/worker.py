"""The worker process of tests/harness/portability.py: runs each example it is sent and answers what it printed.

Started as `python -m harness.worker REQUESTS_FD ANSWERS_FD` with the second instruction-set configuration in its
environment; it lives as long as the pytest process that started it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from harness import (
    environment,  # noqa: F401 - first: threads and backends before any example imports NumPy
    sandbox,
)
from harness.portability import Answer, read_message, write_message


def serve(requests: int, answers: int) -> None:
    while True:
        try:
            example, workdir = read_message(requests)
        except Exception:  # the parent closed its end: its session is over
            return
        try:
            answer = Answer(printed=sandbox.run(example, Path(workdir)), failure=None)
        except sandbox.ExampleFailed as failure:
            answer = Answer(printed=None, failure=str(failure))
        write_message(answers, answer)


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
