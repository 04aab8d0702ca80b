"""The built site, served on 127.0.0.1, opened in a real Chromium by Playwright (pytest-playwright's fixtures).

The browser is the system's Chromium or Chrome when there is one (Debian's `chromium`, installed by the Makefile),
or else Playwright's own (`playwright install chromium`, which the Makefile runs where no system browser exists).
"""

import functools
import gc
import http.server
import os
import shutil
import threading
import warnings
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def system_chromium() -> str | None:
    names = ("chromium", "chromium-browser", "google-chrome")
    return os.environ.get("CHROMIUM") or next((shutil.which(name) for name in names if shutil.which(name)), None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = system_chromium()
    arguments = [*CHROMIUM_FLAGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    return {**browser_type_launch_args, "executable_path": executable, "args": arguments}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site: Path):
    """The site served over HTTP on a free loopback port, for the whole session."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    # A connection the browser dropped mid-request leaves its socket to the garbage collector; collect it here, where
    # its ResourceWarning says nothing about the test that happens to run last on this worker.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
