"""Lighthouse (mobile) on the built site, one page of each kind: `make lighthouse` (RUNS=3 by default).

Serves site/ gzipped on loopback, as a static host would, and runs the pinned Lighthouse through npx (it downloads
once, from the npm registry, into npx's cache: it is not one of the site's dependencies and `make test` does not run
it, because a performance score moves with the machine's load). Prints each category's median over the runs, with
total blocking time, largest contentful paint and the bytes transferred.

Use Lighthouse 13 or later. Lighthouse 12 traced with the disabled-by-default-devtools.timeline.invalidationTracking
category on, which slows every style recalculation of the page it measures: on the math page, the same build on the
same machine had 2.7 s of total blocking time under Lighthouse 12.2.3 and 0.25 s under 13.5.0, whose trace leaves
that category out.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

LIGHTHOUSE = "lighthouse@13.5.0"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from harness.site import PAGE_KINDS, page_of_kind  # noqa: E402  (the page kinds the page-weight test measures)

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzipped, as GitHub Pages does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse(url: str, chrome: str | None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox",
        ]
        environment = dict(os.environ, **({"CHROME_PATH": chrome} if chrome else {}))
        subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)
        result = json.loads(report.read_text())
    audits = result["audits"]
    scores = {name: category["score"] for name, category in result["categories"].items()}
    return scores | {
        "TBT ms": audits["total-blocking-time"]["numericValue"],
        "LCP ms": audits["largest-contentful-paint"]["numericValue"],
        "KiB": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH"))
    options = parser.parse_args()
    pages = {kind: page_of_kind(options.site, kind) for kind in PAGE_KINDS}
    handler = functools.partial(GzipHandler, directory=str(options.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    columns = None
    for kind, path in pages.items():
        runs = [lighthouse(base + path, options.chrome) for _ in range(options.runs)]
        medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        if columns is None:
            columns = list(medians)
            print(f"{'page':<10} {'path':<38} " + " ".join(f"{column[:13]:>13}" for column in columns))
        print(f"{kind:<10} {'/' + path:<38} " + " ".join(f"{medians[column]:>13.2f}" for column in columns))
    server.shutdown()


if __name__ == "__main__":
    main()
