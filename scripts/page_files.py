"""The files `make test-page` and `make test-changed` work on.

    python scripts/page_files.py snippets docs/a.md docs/b.md   the snippet files those pages include
    python scripts/page_files.py changed [BASE]                 the pages changed against BASE (default: main),
                                                                committed or not, and the pages that include a
                                                                changed snippet

Paths are printed relative to the repository, separated by spaces, for the Makefile.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(os.path.abspath(__file__)).parents[1]  # not resolved: a copy of the project may link to this script
sys.path.insert(0, str(ROOT / "tests"))

from harness.page_checks import included_files  # noqa: E402 - after the path to tests/ is set

PAGE_SUFFIXES = (".md", ".ipynb")


def snippets(page_paths: list[str]) -> list[str]:
    found = set()
    for page in page_paths:
        path = (ROOT / page).resolve() if not Path(page).is_absolute() else Path(page)
        if path.suffix == ".md" and path.is_file():
            found |= included_files(path, ROOT)
    return sorted(relative(path) for path in found if path.is_file())


def git(*arguments: str) -> list[str]:
    result = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"git {' '.join(arguments)}: {result.stderr.strip()}")
    return [line for line in result.stdout.splitlines() if line]


def changed(base: str) -> list[str]:
    fork_point = git("merge-base", "HEAD", base)[0]
    files = set(git("diff", "--name-only", "--no-renames", fork_point)) | set(
        git("ls-files", "--others", "--exclude-standard")
    )
    existing = {name for name in files if (ROOT / name).is_file()}
    page_folders = ("docs/", "templates/")
    result = {name for name in existing if name.startswith(page_folders) and name.endswith(PAGE_SUFFIXES)}
    result -= {name for name in result if name.startswith("docs/assets/")}
    changed_snippets = {(ROOT / name).resolve() for name in existing if name.startswith("snippets/")}
    if changed_snippets:
        for page in sorted((ROOT / "docs").rglob("*.md")):
            if included_files(page, ROOT) & changed_snippets:
                result.add(relative(page))
    return sorted(result)


def relative(path: Path) -> str:
    return str(path.resolve().relative_to(ROOT.resolve()))


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["snippets"]:
        print(" ".join(snippets(arguments[1:])))
    elif arguments[:1] == ["changed"] and len(arguments) <= 2:
        print(" ".join(changed(arguments[1] if len(arguments) == 2 else "main")))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
