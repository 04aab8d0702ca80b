"""Every snippet is shown somewhere.

The checks on each page (front matter, practice questions, links and anchors, the sections of its kind) are tests of
the page itself, collected with its examples by tests/harness/page_checks.py: `pytest docs/x.md` runs them.
"""

from pathlib import Path

from harness.page_checks import included_files

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").rglob("*.md"))
SNIPPETS = sorted(path for path in (ROOT / "snippets").rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def test_every_snippet_is_included_by_a_page():
    included = set().union(*(included_files(page, ROOT) for page in PAGES))
    orphans = [str(path.relative_to(ROOT)) for path in SNIPPETS if path.resolve() not in included]
    assert not orphans, f"no page includes these files, so no reader sees them: {orphans}"
