"""Execute the notebooks that mkdocs-jupyter renders, with nbclient, and fail on any cell error.

Notebooks are stored without outputs: the site shows the outputs of the build's own run, and the tests run each
notebook afresh (no cache), in a kernel that gets the same guards as Markdown examples.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from harness.pages import relative

HARNESS_PARENT = Path(__file__).resolve().parents[1]

CELL_TIMEOUT = 30  # seconds, like a Markdown example
NOTEBOOK_TIMEOUT = 180
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
GUARDS = """\
import sys
sys.path.insert(0, {tests!r})
from harness import sandbox
sandbox.guard_notebook_kernel({workdir!r})


def _handbook_record_unshown_figures(result):
    # The inline backend closes each figure it shows, before this runs: a figure still open is one the page will not
    # show (with MPLBACKEND=Agg, which make sets, plt.show() draws nothing).
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None and pyplot.get_fignums():
        _handbook_unshown_figures.append(result.execution_count)
        pyplot.close("all")


_handbook_unshown_figures = []
get_ipython().events.register("post_run_cell", _handbook_record_unshown_figures)
"""


class NotebookFailed(Exception):
    """A notebook cell raised or hung, made a figure it does not show, or the notebook was stored with outputs: the
    message names the cell."""


def check_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            raise NotebookFailed(
                f"{relative(path)}: cell {number} is stored with outputs; clear them "
                f"(jupyter nbconvert --clear-output --inplace {relative(path)}): the site shows fresh ones"
            )


def execute(path: Path, workdir: Path, environment: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Run every cell in a fresh kernel (started with `environment` added to ours); return each code cell's number
    and text output (streams and plain-text results: what a reader reads; images are not compared)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    # The guards run first, as cell 0, so the notebook's own cells keep their numbers (1 = the first cell).
    guards = nbformat.v4.new_code_cell(GUARDS.format(tests=str(HARNESS_PARENT), workdir=str(workdir)))
    notebook.cells.insert(0, guards)
    kernel_options = {"env": {**os.environ, **environment}} if environment else {}
    with client.setup_kernel(**kernel_options):
        for number, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, number)
            except CellTimeoutError:
                raise NotebookFailed(f"{relative(path)}: cell {number} ran over {CELL_TIMEOUT} s") from None
            except CellExecutionError as error:
                raise NotebookFailed(describe(path, number, cell, error)) from None
        check_figures_shown(client, notebook, path)
    return [
        (number, text_output(cell)) for number, cell in enumerate(notebook.cells) if number and cell.cell_type == "code"
    ]


def check_figures_shown(client: NotebookClient, notebook, path: Path) -> None:
    """Fail on the first cell that left a matplotlib figure open, as recorded by the guards' post_run_cell hook."""
    probe = nbformat.v4.new_code_cell("print(_handbook_unshown_figures)")
    client.execute_cell(probe, 0)  # nbclient stores the cell it runs at that index: 0 is the guards' own cell
    unshown = ast.literal_eval(text_output(probe).strip())
    for number, cell in enumerate(notebook.cells):
        if number and cell.cell_type == "code" and cell.get("execution_count") in unshown:
            raise NotebookFailed(
                f"{relative(path)}: cell {number} makes a matplotlib figure that the page does not show (make sets "
                "MPLBACKEND=Agg, under which plt.show() draws nothing): start the notebook with `%matplotlib inline`"
            )


def text_output(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "text/plain" in output.get("data", {}):
            parts.append(output["data"]["text/plain"])
    return "".join(parts)


def first_difference(native: list[tuple[int, str]], elsewhere: list[tuple[int, str]]) -> tuple[int, str, str] | None:
    """The first cell (numbered as in failures: 1 = the notebook's first cell) whose text output differs."""
    for (number, here), (_, there) in zip(native, elsewhere, strict=True):
        if here != there:
            return number, here, there
    return None


def describe(path: Path, number: int, cell, error: CellExecutionError) -> str:
    text = ANSI.sub("", str(error))
    lines = CELL_LINE.findall(text)
    line = int(lines[0]) if lines else 1
    source = cell.source.splitlines()
    shown = source[line - 1].strip() if line <= len(source) else ""
    return f"{relative(path)}: cell {number}, line {line}: {error.ename}: {error.evalue}\n  {shown}"
