"""`make test-page` catches each mistake a contributor makes on a page, naming the file and line.

A throwaway project (this repository's harness, mkdocs.yml and Makefile) gets one fundamentals page per mistake: a
broken link to another page, a broken anchor, front matter without tags, a practice question without [E]/[M]/[H], a
missing required section, too few answered questions, an example that raises, a wrong output block. The suite runs
once over all of them; each planted page must fail exactly the check its mistake concerns, and a correct page (with
links to a heading with punctuation, a repeated heading and an explicit `{ #id }`) must pass every check. Then
`make test-page` itself runs on a page with a misspelling, a Markdown lint error and a snippet that ruff rejects, and
`scripts/page_files.py` lists the pages a branch changed.
"""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from planted import junit_outcomes

from harness import page_checks

ROOT = Path(__file__).resolve().parents[1]
# Each test runs a whole planted suite or build in a subprocess: far over the 30 s a page example gets, on a busy
# two-core machine.
pytestmark = pytest.mark.timeout(600)

QUESTIONS = "\n".join(f'??? question "[E] Question {n}"\n\n    Answer {n}.\n' for n in range(1, 8))

GOOD_PAGE = f"""\
---
title: Planted topic
description: A page planted by the tests of the page checks.
tags:
  - Fundamentals
---

# Planted topic

!!! abstract "TL;DR"

    - One claim, with its number.

## The idea in plain words

See [the other page](../interviews/other.md),
[a heading with punctuation](../interviews/other.md#precisionk-ties-and-the-ideal-list),
[the second of two equal headings](../interviews/other.md#a-repeated-heading_1),
[an explicit anchor](../interviews/other.md#custom-id) and [this page's math](#the-math).

## The math

$$
\\hat y = [a](b)
$$

## Demonstration

```text
DEMONSTRATION
```

## How interviewers probe it

- The follow-ups.

## Pitfalls

- The mistakes.

## Practice questions

{QUESTIONS}
## Further reading

- The sources.
"""

OTHER_PAGE = """\
---
title: Other
description: The page the planted pages link to.
tags:
  - Interviews
---

# Other

## Precision@k: ties, and the ideal list

## A repeated heading

## A repeated heading

A paragraph with an explicit anchor.
{ #custom-id }
"""

RAISES = "```python\nx = 1\n1 / 0\n```"
WRONG_OUTPUT = "```python\nprint(6 * 7)\n```\n\n```output\n41\n```"


def without(text: str, start: str, end: str) -> str:
    """The text without the lines from the one starting with `start` up to (not including) the one with `end`."""
    before, rest = text.split(start, 1)
    return before + rest[rest.index(end) :]


# Each planted page: its text, the check that must fail, the line it must name, and words of its message.
PLANTED = {
    "broken-link": (
        GOOD_PAGE.replace("(../interviews/other.md),", "(../interviews/no-such-page.md),"),
        "links",
        "no-such-page.md",
        "does not exist",
    ),
    "broken-anchor": (
        GOOD_PAGE.replace("#custom-id", "#no-such-heading"),
        "links",
        "#no-such-heading",
        "no heading or id #no-such-heading",
    ),
    "missing-tags": (GOOD_PAGE.replace("tags:\n  - Fundamentals\n", ""), "front matter", "---", "lacks tags"),
    "untagged-question": (
        GOOD_PAGE.replace('"[E] Question 3"', '"Question 3"'),
        "practice questions",
        '??? question "Question 3"',
        "[E], [M] or [H]",
    ),
    "missing-section": (
        without(GOOD_PAGE, "## Pitfalls", "## Practice questions"),
        "structure",
        "## How interviewers probe it",
        "no 'Pitfalls' section",
    ),
    "few-questions": (
        without(GOOD_PAGE, '??? question "[E] Question 3"', "## Further reading"),
        "structure",
        "## Practice questions",
        "at least 7 answered practice questions",
    ),
    "raises": (GOOD_PAGE.replace("```text\nDEMONSTRATION\n```", RAISES), "example", "1 / 0", "ZeroDivisionError"),
    "broken-diagram": (
        GOOD_PAGE.replace("```text\nDEMONSTRATION\n```", "```mermaid\nflowchart TD\n    a[A --> b\n```"),
        "diagrams",
        "a[A --> b",
        "Mermaid cannot draw this diagram",
    ),
    "wrong-output": (
        GOOD_PAGE.replace("```text\nDEMONSTRATION\n```", WRONG_OUTPUT),
        "example",
        "```python",
        "not what the example prints",
    ),
}


def line_of(text: str, words: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if words in line)


LINKED = ("overrides", "tests", "scripts", "hooks", "node_modules", ".venv")  # hooks and Mermaid draw diagrams


def make_project(tmp_path: Path) -> Path:
    """A throwaway project that runs this repository's harness, linters and Makefile on its own docs/."""
    project = tmp_path / "project"
    (project / "docs" / "fundamentals").mkdir(parents=True)
    (project / "docs" / "interviews").mkdir()
    (project / "snippets").mkdir()
    for name in (*LINKED, "Makefile", ".pymarkdown.json", "requirements.txt", "package.json", "package-lock.json"):
        (project / name).symlink_to(ROOT / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    (project / "mkdocs.yml").write_text(config.replace("- hooks/", f"- {ROOT}/hooks/"), encoding="utf-8")
    shutil.copy(ROOT / "conftest.py", project / "conftest.py")
    (project / "pyproject.toml").write_text(
        textwrap.dedent("""\
            [tool.pytest.ini_options]
            pythonpath = ["tests"]
            testpaths = ["docs"]
            page_checks = true
            timeout = 30
            """),
        encoding="utf-8",
    )
    (project / "docs" / "interviews" / "other.md").write_text(OTHER_PAGE, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("pages"))
    (project / "docs" / "fundamentals" / "good.md").write_text(GOOD_PAGE, encoding="utf-8")
    for name, (text, *_) in PLANTED.items():
        (project / "docs" / "fundamentals" / f"{name}.md").write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def outcomes(project) -> dict[tuple[str, str], tuple[str, str]]:
    """Each test's outcome and message, by (page, test name)."""
    return {
        (Path(page).stem, name): (outcome, message)
        for page, name, outcome, message in junit_outcomes(project, timeout=300)
    }


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_each_mistake_fails_its_check_naming_file_and_line(outcomes, name):
    text, check, marker, words = PLANTED[name]
    tests = {test: outcome for (page, test), outcome in outcomes.items() if page == name}
    failing = check if check in page_checks.CHECKS else next(test for test in tests if test.startswith("line "))
    outcome, message = tests[failing]
    line = line_of(text, marker)
    # Mermaid names the line where its parser gave up, which may be a line or two after the mistake.
    lines = range(line, line + 3) if check == "diagrams" else [line]
    assert outcome == "failure", f"{name}: {failing} {outcome}"
    assert any(f"docs/fundamentals/{name}.md:{n}:" in message for n in lines) and words in message, message
    others = {test: outcome for test, (outcome, _) in tests.items() if test != failing}
    assert set(others.values()) == {"passed"}, others


def test_a_correct_page_passes_every_check(outcomes):
    tests = {test: outcome for (page, test), (outcome, _) in outcomes.items() if page == "good"}
    assert set(tests) == set(page_checks.CHECKS) - {"diagrams"}, tests  # the diagram check: pages with diagrams
    assert set(tests.values()) == {"passed"}, tests


def test_a_page_of_no_kind_is_skipped_with_its_reason(outcomes):
    outcome, message = outcomes["other", "structure"]
    assert outcome == "skipped" and "no page kind" in message, message
    assert outcomes["other", "links"][0] == "passed"


def test_every_template_has_its_kinds_sections():
    for template in sorted((ROOT / "templates").glob("*.md")):
        page = page_checks.read(template)
        kind, _ = page_checks.page_kind(page)
        assert kind is not None, f"{template.name}: no page kind: add it to TEMPLATE_KINDS"
        assert page_checks.check_structure(page) == [], template.name


def make(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )


MISSPELLED = "rec" + "ieve"  # spelled out here, codespell would flag this file


def test_make_test_page_runs_the_linters_on_the_page_and_its_snippets(project):
    page = f"---\ntitle: Linted\ndescription: Lint.\ntags:\n  - Interviews\n---\n\n# Linted\n\nWe {MISSPELLED} it.\n"
    page += '\n\n## Code\n\n```text\n--8<-- "linted.py"\n```\n'
    (project / "docs" / "interviews" / "linted.md").write_text(page, encoding="utf-8")
    (project / "snippets" / "linted.py").write_text("import os\n", encoding="utf-8")
    result = make(project, "test-page", "PAGE=docs/interviews/linted.md")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"docs/interviews/linted.md:10: {MISSPELLED}" in output, output  # codespell
    assert "docs/interviews/linted.md:12:1: MD012" in output, output  # pymarkdown: two blank lines
    assert "snippets/linted.py:1:8: F401" in output, output  # ruff, on the included snippet
    assert "failed in: pymarkdown codespell ruff-check" in output, output


def test_make_test_page_without_a_page_says_how_to_call_it(project):
    result = make(project, "test-page")
    assert result.returncode != 0 and "make test-page PAGE=docs/" in result.stdout, result.stdout


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):(?!=)", makefile, flags=re.MULTILINE))
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    missing = sorted(target for target in targets if f"make {target}" not in listed)
    assert not missing, f"make help does not list: {missing}"


def test_changed_pages_are_found_against_main(project):
    def git(*arguments):
        subprocess.run(["git", *arguments], cwd=project, check=True, capture_output=True)

    (project / "snippets" / "shown.py").write_text("print(1)\n", encoding="utf-8")
    includer = project / "docs" / "interviews" / "includer.md"
    includer.write_text('# Includer\n\n```python\n--8<-- "shown.py"\n```\n', encoding="utf-8")
    git("init", "--quiet", "--initial-branch=main")
    git("add", "docs", "snippets")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "base")
    (project / "snippets" / "shown.py").write_text("print(2)\n", encoding="utf-8")  # changed, not committed
    (project / "docs" / "fundamentals" / "new.md").write_text("# New\n", encoding="utf-8")  # new, untracked
    listed = subprocess.run(
        [sys.executable, "scripts/page_files.py", "changed", "main"], cwd=project, capture_output=True, text=True
    )
    assert listed.stdout.split() == ["docs/fundamentals/new.md", "docs/interviews/includer.md"], listed
