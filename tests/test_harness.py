"""The harness catches what it promises to catch.

Each test plants a broken example in a throwaway copy of the project and checks that the suite fails on it,
naming the file and line: a raise under every fence spelling and nesting, in a snippet and in a notebook; a wrong
or unshown output; network access; a hang; random output; a write outside the temporary directory. It also checks
that the strict build fails on a broken link or anchor or on TeX that KaTeX cannot typeset, and that a Python
block the tests cannot run is reported.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from planted import junit_outcomes

from harness import notebooks, portability
from harness.site import unexecuted_blocks

ROOT = Path(__file__).resolve().parents[1]
# Each test runs a whole planted suite or build in a subprocess: far over the 30 s a page example gets, on a busy
# two-core machine.
pytestmark = pytest.mark.timeout(600)
TIMEOUT = 3  # the planted hang must fail within this limit

PLANTED_PAGE = """\
---
title: Planted
---

```python
print("fine")
```

```output
fine
```

```python
1 / 0  # plain fence
```

```py
1 / 0  # py fence
```

```python title="broken.py" hl_lines="1" linenums="1"
1 / 0  # fence with options
```

~~~python
1 / 0  # tilde fence
~~~

!!! note "Inside an admonition"

    ```python
    1 / 0  # admonition
    ```

??? question "[E] Inside a hidden answer"

    The answer:

    ```python
    x = 1

    1 / 0  # answer, after a blank line
    ```

=== "Inside a tab"

    ```python
    1 / 0  # tab
    ```

```python title="included.py"
--8<-- "planted.py"
```

```python
print(6 * 7)
```

```output
41
```

```python
print("shown nowhere")
```

```python
import urllib.request
urllib.request.urlopen("http://example.com", timeout=1)
```

```python
while True:
    pass
```

```python
import random
print(random.random())
```

```output
0.5
```

```python
open("/tmp/../root/planted.txt", "w")
```

!!! not-run "Not run: it needs a GPU"

    ```python
    import torch_that_is_not_installed
    ```

```python
def annotated(x: int) -> int:
    return x


print(annotated.__annotations__["x"])  # a class, not the string "int": no __future__ import leaks in
```

```output
<class 'int'>
```
"""

ANNOTATIONS_LINE = PLANTED_PAGE.splitlines().index("def annotated(x: int) -> int:")  # its fence's line, 1-based

PLANTED_SNIPPET = """\
def broken():
    return 1 / 0  # snippet line 2


broken()
"""

# The line of the page (or snippet) each failure must name, and a word from its message.
EXPECTED_FAILURES = {
    "line 13": ("docs/planted.md:14", "ZeroDivisionError"),
    "line 17": ("docs/planted.md:18", "ZeroDivisionError"),
    "line 21": ("docs/planted.md:22", "ZeroDivisionError"),
    "line 25": ("docs/planted.md:26", "ZeroDivisionError"),
    "line 31": ("docs/planted.md:32", "ZeroDivisionError"),
    "line 39": ("docs/planted.md:42", "ZeroDivisionError"),  # after a blank line inside an indented block
    "line 47": ("docs/planted.md:48", "ZeroDivisionError"),
    "line 51 (snippets/planted.py)": ("snippets/planted.py:2", "ZeroDivisionError"),
    "line 55": ("docs/planted.md:55", "not what the example prints"),
    "line 63": ("docs/planted.md:63", "does not show it"),
    "line 67": ("docs/planted.md:69", "SocketBlockedError"),
    "line 72": ("docs/planted.md:73", "Timeout"),
    "line 77": ("docs/planted.md:77", "different output on two runs"),
    "line 86": ("docs/planted.md:87", "may write only inside"),
}


def make_project(tmp_path: Path) -> Path:
    """A throwaway project that uses this repository's harness and mkdocs.yml (without its nav)."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "snippets").mkdir()
    shutil.copytree(ROOT / "overrides", project / "overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    config = config.replace("- hooks/", f"- {ROOT}/hooks/")  # the build hooks run from this repository
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "conftest.py", project / "conftest.py")
    (project / "pyproject.toml").write_text(
        textwrap.dedent(f"""\
            [tool.pytest.ini_options]
            pythonpath = [{str(ROOT / "tests")!r}]
            testpaths = ["docs"]
            timeout = {TIMEOUT}
            """),
        encoding="utf-8",
    )
    return project


def run_suite(project: Path) -> dict[str, tuple[str, str]]:
    """Run pytest on the project; return each test's outcome and message, by test name."""
    return {name: (outcome, message) for _, name, outcome, message in junit_outcomes(project, timeout=300)}


@pytest.fixture(scope="module")
def planted_outcomes(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("planted"))
    (project / "docs" / "planted.md").write_text(PLANTED_PAGE, encoding="utf-8")
    (project / "snippets" / "planted.py").write_text(PLANTED_SNIPPET, encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Planted"), nbformat.v4.new_code_cell("x = 1\ny = x / 0")]
    nbformat.write(notebook, project / "docs" / "planted.ipynb")
    return run_suite(project)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_planted_failure_fails_and_names_the_line(planted_outcomes, name):
    where, words = EXPECTED_FAILURES[name]
    outcome, message = planted_outcomes[name]
    assert outcome == "failure", f"{name}: {outcome}"
    assert where in message and words in message, message


def test_correct_example_passes_and_not_run_is_skipped_with_its_reason(planted_outcomes):
    assert planted_outcomes["line 5"][0] == "passed"
    assert planted_outcomes[f"line {ANNOTATIONS_LINE}"][0] == "passed"
    outcome, message = planted_outcomes["line 92"]
    assert outcome == "skipped" and "Not run: it needs a GPU" in message


def test_a_wrong_output_is_shown_as_a_diff_at_the_output_blocks_line(planted_outcomes):
    _, message = planted_outcomes["line 55"]
    assert "docs/planted.md:60: the first line that differs" in message, message
    assert "-41" in message and "+42" in message, message


def test_planted_notebook_error_names_the_cell_and_line(planted_outcomes):
    outcome, message = planted_outcomes["notebook"]
    assert outcome == "failure"
    assert "docs/planted.ipynb: cell 2, line 2: ZeroDivisionError" in message


def test_every_planted_block_is_accounted_for(planted_outcomes):
    expected = {*EXPECTED_FAILURES, "line 5", "line 92", f"line {ANNOTATIONS_LINE}", "notebook"}
    assert set(planted_outcomes) == expected


# Output that depends on the CPU: NumPy's default sort orders ties by its SIMD kernel (AVX-512, AVX2, baseline).
TIE_ORDER = """\
import numpy as np

scores = np.repeat(np.arange(4.0), 250)
np.random.default_rng(0).shuffle(scores)
print(np.argsort(-scores{kind})[:8])
"""
CPU_PAGE = f"""\
# CPU-dependent

```python
{TIE_ORDER.format(kind="")}```

```output
[0 1 2 3 4 5 6 7]
```

The fix: a stable sort orders ties by position, on every CPU.

```python
{TIE_ORDER.format(kind=', kind="stable"')}```

```output
[ 5  7 20 21 22 37 41 42]
```
"""


@pytest.fixture(scope="module")
def portability_outcomes(tmp_path_factory):
    if not portability.numpy_dispatched_features():
        pytest.skip("this CPU has no SIMD feature beyond NumPy's baseline: both configurations sort alike here")
    project = make_project(tmp_path_factory.mktemp("portability"))
    (project / "docs" / "cpu.md").write_text(CPU_PAGE, encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Ties"), nbformat.v4.new_code_cell(TIE_ORDER.format(kind=""))]
    nbformat.write(notebook, project / "docs" / "cpu.ipynb")
    return run_suite(project)


def test_output_that_depends_on_the_cpu_fails_with_its_line(portability_outcomes):
    outcome, message = portability_outcomes["line 3"]
    assert outcome == "failure", outcome
    assert "docs/cpu.md:3: the example prints something else on another instruction set" in message, message
    assert "break ties explicitly" in message, message


def test_a_stable_sort_passes_on_both_instruction_sets(portability_outcomes):
    assert portability_outcomes["line 17"] == ("passed", "")


def test_a_notebook_that_depends_on_the_cpu_fails_with_its_cell(portability_outcomes):
    outcome, message = portability_outcomes["notebook"]
    assert outcome == "failure", outcome
    assert "docs/cpu.ipynb: cell 2 prints something else on another instruction set" in message, message


def build(project: Path, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **environment},
    )


def test_a_broken_notebook_stops_neither_the_build_nor_the_examples(tmp_path):
    """`make test` builds with HANDBOOK_NOTEBOOK_ALLOW_ERRORS=true, so one run names both faults."""
    project = make_project(tmp_path)
    (project / "docs" / "index.md").write_text("# Home\n\n```python\n1 / 0\n```\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = 1\ny = x / 0")]
    nbformat.write(notebook, project / "docs" / "broken.ipynb")
    assert build(project).returncode != 0  # a reader's build still refuses a broken notebook
    result = build(project, HANDBOOK_NOTEBOOK_ALLOW_ERRORS="true", HANDBOOK_NOTEBOOK_CACHE="false")
    assert result.returncode == 0, result.stderr
    outcomes = run_suite(project)
    assert outcomes["line 3"][0] == "failure" and "docs/index.md:4: ZeroDivisionError" in outcomes["line 3"][1]
    assert outcomes["notebook"][0] == "failure" and "docs/broken.ipynb: cell 1, line 2" in outcomes["notebook"][1]


@pytest.mark.parametrize(
    ("link", "complaint"),
    [("[gone](missing.md)", "missing.md"), ("[no anchor](other.md#no-such-heading)", "no-such-heading")],
)
def test_strict_build_fails_on_a_broken_link(tmp_path, link, complaint):
    project = make_project(tmp_path)
    (project / "docs" / "index.md").write_text(f"# Home\n\nSee {link}.\n", encoding="utf-8")
    (project / "docs" / "other.md").write_text("# Other\n\n## A heading\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0 and complaint in result.stderr, result.stderr


def test_build_typesets_math_and_fails_on_bad_tex(tmp_path):
    project = make_project(tmp_path)
    (project / "docs" / "index.md").write_text("# Home\n\nFine: $x^2$.\n", encoding="utf-8")
    assert build(project).returncode == 0
    assert 'class="katex"' in (project / "site" / "index.html").read_text(encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n\nBroken: $\\frac{1}{$.\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0 and "docs/index.md: KaTeX could not typeset" in result.stderr, result.stderr


def test_a_python_block_the_tests_cannot_run_is_reported(tmp_path):
    project = make_project(tmp_path)
    page = "# Home\n\n```pycon\n>>> print(1)\n1\n```\n\n```python\nprint(2)\n```\n\n```output\n2\n```\n"
    (project / "docs" / "index.md").write_text(page, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert unexecuted_blocks(project, project / "site") == [
        "docs/index.md: a Python block the tests never run: '>>> print(1)'"
    ]


@pytest.mark.parametrize("inline", [False, True])
def test_a_notebook_figure_the_page_would_not_show_fails_with_its_cell(tmp_path, inline):
    """Under MPLBACKEND=Agg, as make sets it, a figure is drawn into nothing unless the notebook asks for inline."""
    notebook = nbformat.v4.new_notebook()
    first = "%matplotlib inline\nimport matplotlib.pyplot as plt" if inline else "import matplotlib.pyplot as plt"
    notebook.cells = [nbformat.v4.new_code_cell(first), nbformat.v4.new_code_cell("plt.plot([1, 2])\nplt.show()")]
    path = tmp_path / "figure.ipynb"
    nbformat.write(notebook, path)
    if inline:
        notebooks.execute(path, tmp_path, {"MPLBACKEND": "Agg"})
        return
    with pytest.raises(notebooks.NotebookFailed, match="cell 2 makes a matplotlib figure that the page does not show"):
        notebooks.execute(path, tmp_path, {"MPLBACKEND": "Agg"})
