"""What the built site shows, read back from its HTML: the Python code blocks on each page.

The Markdown reader in pages.py decides what runs; this module checks it against what a reader actually sees, so a
block that the site renders as Python but the tests never ran (an unusual fence, a `pycon` session, a page the
collector skipped) fails with its page named.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from harness.pages import read_page

# One page of each kind, whose first load and Lighthouse scores are measured (tests/browser/test_search.py,
# scripts/lighthouse.py). "heaviest" is found in the built site: the largest page that is not a notebook.
PAGE_KINDS = {
    "home": "",
    "math": "papers/attention-is-all-you-need/",
    "diagram": "system-design/fraud-detection/",
    "notebook": "fundamentals/pr-vs-roc-curves/",
    "heaviest": None,
}
PYTHON_CLASSES = {f"language-{name}" for name in ("python", "py", "python3", "py3", "pycon", "ipython", "ipython3")}


@dataclass(frozen=True)
class ShownBlock:
    html_page: Path
    code: str
    not_run: bool  # inside a `!!! not-run "reason"` admonition


def normalize_code(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").splitlines())


def shown_python_blocks(html_page: Path) -> list[ShownBlock]:
    soup = BeautifulSoup(html_page.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup
    blocks = []
    for highlight in article.select("div.highlight, div.highlight-ipynb"):
        classes = set(highlight.get("class", []))
        notebook_cell = highlight.find_parent(class_="jp-InputArea") is not None  # not the cells' outputs
        if highlight.find_parent(class_="jp-OutputArea") is not None:
            continue
        if not (classes & PYTHON_CLASSES or notebook_cell):
            continue
        cell = highlight.select_one("td.code code") or highlight.find("code") or highlight.find("pre")
        for number in cell.select(".linenos, .linenodiv"):
            number.decompose()
        not_run = highlight.find_parent(class_="not-run") is not None
        blocks.append(ShownBlock(html_page, normalize_code(cell.get_text()), not_run))
    return blocks


def html_page_for(source: Path, docs: Path, site: Path) -> Path:
    """docs/a/b.md -> site/a/b/index.html; docs/a/index.md -> site/a/index.html (use_directory_urls)."""
    relative = source.relative_to(docs).with_suffix("")
    if relative.name in ("index", "README"):
        return site / relative.parent / "index.html"
    return site / relative / "index.html"


def executed_code(source: Path, root: Path) -> set[str]:
    """The code of every block the tests run for this page (Markdown examples, or notebook cells)."""
    if source.suffix == ".ipynb":
        notebook = nbformat.read(source, as_version=4)
        return {normalize_code(cell.source) for cell in notebook.cells if cell.cell_type == "code"}
    return {normalize_code(example.code) for example in read_page(source, root) if not example.not_run_reason}


def unexecuted_blocks(root: Path, site: Path) -> list[str]:
    """Every Python block the site shows that no test runs, as `page: first line of the code`."""
    docs = root / "docs"
    sources = {html_page_for(path, docs, site): path for path in docs.rglob("*") if path.suffix in (".md", ".ipynb")}
    problems = []
    for html_page in sorted(site.rglob("*.html")):
        source = sources.get(html_page)
        shown = [block for block in shown_python_blocks(html_page) if not block.not_run]
        if not shown:
            continue
        executed = executed_code(source, root) if source else set()
        where = source.relative_to(root) if source else html_page.relative_to(site)
        for block in shown:
            if block.code not in executed:
                first_line = block.code.splitlines()[0] if block.code else ""
                problems.append(f"{where}: a Python block the tests never run: {first_line!r}")
    return problems


def page_of_kind(site: Path, kind: str) -> str:
    """The URL path (relative to the site's root) of the page measured for that kind."""
    return PAGE_KINDS[kind] if PAGE_KINDS[kind] is not None else heaviest_page(site)


def heaviest_page(site: Path) -> str:
    """The page whose HTML is largest gzipped, notebooks aside (they have a kind of their own)."""
    sizes = {}
    for path in site.rglob("index.html"):
        html = path.read_bytes()
        if b"jp-Notebook" not in html:
            sizes[path] = len(gzip.compress(html, compresslevel=6))
    folder = max(sizes, key=sizes.get).parent.relative_to(site).as_posix()
    return "" if folder == "." else f"{folder}/"
