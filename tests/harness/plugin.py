"""The handbook's pytest plugin: every page of docs/ (and templates/) becomes tests.

- `docs/**/*.md`: one test per Python example, named `docs/page.md::line N` (with the snippet file when the
  code is included from snippets/). It fails when the example raises, when its output differs from the page's
  ```output block, when it prints without showing its output, or when two runs print different things.
- `docs/**/*.ipynb`: one test per notebook, executed with nbclient; any cell error fails it.
- Each Markdown page then gets its page checks (`front matter`, `practice questions`, `links`, `structure`), from
  tests/harness/page_checks.py, when the `page_checks` ini option is set (pyproject.toml sets it).

Run one page alone: `make test-page PAGE=docs/fundamentals/regularization.md`.
"""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

import pytest

from harness import (
    environment,  # noqa: F401 - first: threads and backends before any example imports NumPy
    notebooks,
    page_checks,
    pages,
    portability,
    sandbox,
)
from harness.pages import Example, Origin, PageError, read_page, relative

COLLECTED_FOLDERS = ("docs", "templates")


def pytest_addoption(parser):
    page_checks.addini(parser)


def pytest_configure(config):
    pages.ROOT = config.rootpath


def pytest_collect_file(file_path: Path, parent):
    if not is_collected(file_path):
        return None
    if file_path.suffix == ".md":
        return MarkdownPage.from_parent(parent, path=file_path)
    if file_path.suffix == ".ipynb":
        return NotebookPage.from_parent(parent, path=file_path)
    return None


def is_collected(path: Path) -> bool:
    try:
        top = path.resolve().relative_to(pages.ROOT).parts[0]
    except ValueError:
        return False
    return top in COLLECTED_FOLDERS


class MarkdownPage(pytest.File):
    def collect(self):
        try:
            examples = read_page(self.path, self.config.rootpath)
        except PageError as error:
            examples = []
            yield PageProblem.from_parent(self, name="page", message=str(error))
        for example in examples:
            item = ExampleItem.from_parent(self, name=example.name, example=example)
            if example.not_run_reason:
                item.add_marker(
                    pytest.mark.skip(reason=f"{relative(self.path)}:{example.fence.line}: {example.not_run_reason}")
                )
            yield item
        yield from page_checks.collect(self)  # front matter, practice questions, links, the kind's sections


class PageProblem(pytest.Item):
    """A page that cannot be read as the site shows it."""

    def __init__(self, *, message: str, **kwargs):
        super().__init__(**kwargs)
        self.message = message

    def runtest(self):
        raise sandbox.ExampleFailed(self.message)

    def repr_failure(self, excinfo):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, None, "page"


class ExampleItem(pytest.Item):
    def __init__(self, *, example: Example, **kwargs):
        super().__init__(**kwargs)
        self.example = example

    def runtest(self):
        # Two runs, each in a directory of its own (a file left by one cannot change the other): one here, with every
        # SIMD feature of this CPU, and one at the same time in the worker, on another instruction set.
        with tempfile.TemporaryDirectory(prefix="example-") as here, tempfile.TemporaryDirectory() as there:
            worker = portability.worker()
            worker.send(self.example, Path(there))
            try:
                native = sandbox.run(self.example, Path(here))
            except BaseException:  # it raised or hung here; the worker's copy may hang: start afresh next time
                worker.stop()
                raise
            elsewhere = worker.receive()
        if elsewhere.failure is not None:
            raise sandbox.ExampleFailed(
                f"{self.example.fence}: the example runs on this CPU but fails on another instruction set "
                f"({portability.describe_configurations()}):\n{elsewhere.failure}\n\n{portability.HOW_TO_FIX}"
            )
        if native != elsewhere.printed:
            raise sandbox.ExampleFailed(explain_difference(self.example, native, elsewhere.printed))
        check_output(self.example, native)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, sandbox.ExampleFailed):
            return str(excinfo.value)
        # pytest-timeout's failure, raised from inside the example: say where it was stuck.
        where, trail = sandbox.locate(self.example, excinfo.tb)
        return "\n".join([f"{where}: {excinfo.exconly()}", *trail])

    def reportinfo(self):
        return self.path, self.example.fence.line - 1, f"example at line {self.example.fence.line}"


def explain_difference(example: Example, native: str, elsewhere: str) -> str:
    """Two configurations printed different things: tell unseeded randomness from CPU dependence by a third run."""
    with tempfile.TemporaryDirectory(prefix="example-") as workdir:
        again = sandbox.run(example, Path(workdir))
    if again != native:
        return (
            f"{example.fence}: the example printed different output on two runs: seed every random generator "
            f"(np.random.default_rng(0), random_state=0) and print nothing that varies (times, addresses).\n"
            + line_diff(native, again, "first run", "second run")
        )
    return (
        f"{example.fence}: the example prints something else on another instruction set "
        f"({portability.describe_configurations()}).\n"
        + line_diff(native, elsewhere, "this CPU prints", "another CPU prints")
        + f"\n\n{portability.HOW_TO_FIX}"
    )


def check_output(example: Example, printed: str) -> None:
    where = example.fence
    if example.expected_output is None:
        if printed.strip():
            raise sandbox.ExampleFailed(
                f"{where}: the example prints, but the page does not show it: put an ```output block right "
                f"under it with:\n{printed}"
            )
        return
    shown, actual = normalize(example.expected_output), normalize(printed)
    if shown != actual:
        output = example.output_fence
        first = first_difference(shown, actual)
        at = f"\n{Origin(output.path, output.line + 1 + first)}: the first line that differs" if output else ""
        raise sandbox.ExampleFailed(
            f"{where}: the output shown on the page is not what the example prints.{at}\n"
            + line_diff(shown, actual, "the page shows", "the example prints")
        )


def first_difference(shown: str, actual: str) -> int:
    """The index of the first line where two texts differ (the shorter one's length if one extends the other)."""
    shown_lines, actual_lines = shown.splitlines(), actual.splitlines()
    for index, (a, b) in enumerate(zip(shown_lines, actual_lines, strict=False)):
        if a != b:
            return index
    return min(len(shown_lines), len(actual_lines))


def line_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    """A unified diff of two outputs, every line kept, so a changed digit in a long table stands out."""
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), fromfile=before_name, tofile=after_name, lineterm="", n=10**6
    )
    return "\n".join(lines)


def normalize(text: str) -> str:
    """Trailing spaces and trailing blank lines are invisible on the page; nothing else is forgiven."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


class NotebookPage(pytest.File):
    def collect(self):
        item = NotebookItem.from_parent(self, name="notebook")
        item.add_marker(pytest.mark.timeout(notebooks.NOTEBOOK_TIMEOUT))  # each cell still has CELL_TIMEOUT
        yield item


class NotebookItem(pytest.Item):
    def runtest(self):
        notebooks.check_stored_without_outputs(self.path)
        # As for Markdown examples: once natively, once on another instruction set, the same text both times.
        with tempfile.TemporaryDirectory(prefix="notebook-") as here, tempfile.TemporaryDirectory() as there:
            native = notebooks.execute(self.path, Path(here))
            elsewhere = notebooks.execute(self.path, Path(there), portability.worker_environment())
        difference = notebooks.first_difference(native, elsewhere)
        if difference:
            number, printed_here, printed_there = difference
            raise notebooks.NotebookFailed(
                f"{relative(self.path)}: cell {number} prints something else on another instruction set "
                f"({portability.describe_configurations()}).\n"
                + line_diff(printed_here, printed_there, "this CPU prints", "another CPU prints")
                + f"\n\n{portability.HOW_TO_FIX}"
            )

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, notebooks.NotebookFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, "notebook"
