"""Find the Python examples a reader sees on a Markdown page.

A page is read the way the site shows it: `--8<--` lines are expanded by pymdownx.snippets itself, configured from
mkdocs.yml, and every expanded line remembers the file and line it came from. Fences are then parsed by
pytest-codeblocks' extractor, with the gaps we measured in it filled here:

- it only runs fences spelled exactly ```` ```python ````; we accept `py`, `python3`, `py3` and any fence options
  (`title="..."`, `hl_lines`, `linenums`), and `~~~` fences;
- an ```` ```output ```` fence right under a Python block is the output the block must print (pytest-codeblocks'
  own `<!--pytest-codeblocks:expected-output-->` marker is honoured too);
- `<!--pytest-codeblocks:cont-->` before a block runs the blocks before it first, in one namespace, instead of
  pasting the code together;
- a block inside a `!!! not-run "reason"` admonition is reported as skipped with that visible reason.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import markdown
from pymdownx.snippets import SnippetPreprocessor
from pytest_codeblocks import extract_from_buffer

ROOT = Path(__file__).resolve().parents[2]
PYTHON_LANGUAGES = {"python", "py", "python3", "py3"}
OUTPUT_LANGUAGE = "output"
CONTINUE_MARKER = re.compile(r"^\s*<!--[-\s]*pytest-codeblocks:cont[-\s]*-->\s*$")
NOT_RUN = re.compile(r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+not-run\b(?:\s+"(?P<reason>[^"]*)")?')
SNIPPET_LINE = SnippetPreprocessor.RE_ALL_SNIPPETS
TILDE_FENCE = re.compile(r"^(\s*)(~{3,})")
NOT_A_FENCE = re.compile(r"^\s*`{3,}(?!`)[^`]*`")  # inline code at the start of a line: ```` ```output ```` block


class PageError(Exception):
    """A page that cannot be read as the site would show it: the message names the file and line."""


@dataclass(frozen=True)
class Origin:
    """Where a line of an expanded page came from."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{relative(self.path)}:{self.line}"


@dataclass
class Example:
    """One Python block as a reader sees it."""

    page: Path
    code: str
    origins: list[Origin]  # one per line of `code`
    fence: Origin  # the line of the opening fence
    expected_output: str | None = None
    output_fence: Origin | None = None  # the line of the ```output fence that shows what it prints
    not_run_reason: str | None = None
    prelude: list[Example] = field(default_factory=list)  # blocks run first, for `cont`

    @property
    def pieces(self) -> list[Example]:
        """What runs, in order: the blocks this one continues, then this one."""
        return [*self.prelude, self]

    @property
    def name(self) -> str:
        first = self.origins[0] if self.origins else self.fence
        where = f"line {self.fence.line}"
        if first.path != self.page:
            where += f" ({relative(first.path)})"
        return where

    def origin_of(self, code_line: int) -> Origin:
        """The file and line behind line `code_line` (1-based) of the code."""
        if 1 <= code_line <= len(self.origins):
            return self.origins[code_line - 1]
        return self.fence


def relative(path: Path) -> str:
    """A path as the reader of a failure wants it: from the project's root."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@cache
def snippet_preprocessor(root: Path) -> SnippetPreprocessor:
    """pymdownx.snippets configured exactly as mkdocs.yml configures it."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    options = dict(config["mdx_configs"].get("pymdownx.snippets", {}))
    options["base_path"] = [str(root / base) for base in options.get("base_path", ["."])]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    return md.preprocessors["snippet"]


def expand_snippets(path: Path, text: str, root: Path) -> tuple[list[str], list[Origin]]:
    """The page's lines with every `--8<--` line replaced by what it includes, and where each line came from."""
    preprocessor = snippet_preprocessor(root)
    lines: list[str] = []
    origins: list[Origin] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = SNIPPET_LINE.match(line)
        if not match or match.group("escape"):
            lines.append(line)
            origins.append(Origin(path, number))
            continue
        if not match.group("inline_marker"):
            raise PageError(f'{relative(path)}:{number}: write each include on one line: --8<-- "file.py"')
        try:
            included = preprocessor.run([line])
        except Exception as error:  # SnippetMissingError and friends
            raise PageError(f"{relative(path)}:{number}: {error}") from error
        lines.extend(included)
        origins.extend(locate_included_lines(preprocessor, match.group("snippet")[1:-1], included, path, number))
    return lines, origins


def locate_included_lines(preprocessor, target: str, included: list[str], page: Path, number: int) -> list[Origin]:
    """Map included lines back to their snippet file, by walking through it in order.

    Lines that pymdownx.snippets drops (section markers) are passed over, so the lines after them still map right.
    """
    parsed = preprocessor.parse_snippet_target(target.strip())
    source = preprocessor.get_snippet_path(parsed["path"]) if parsed else None
    if not source:
        return [Origin(page, number)] * len(included)
    source_lines = Path(source).read_text(encoding="utf-8").splitlines()
    mapped, cursor = [], 0
    for line in included:
        found = next((j for j in range(cursor, len(source_lines)) if source_lines[j].strip() == line.strip()), None)
        if found is not None:
            cursor = found + 1
        mapped.append(Origin(Path(source), (found if found is not None else cursor) + 1))
    return mapped


def read_page(path: Path, root: Path) -> list[Example]:
    """Every Python example on a Markdown page, in order."""
    lines, origins = expand_snippets(path, path.read_text(encoding="utf-8"), root)
    continued_fences = set()
    prepared = []
    for index, line in enumerate(lines):
        if CONTINUE_MARKER.match(line):
            continued_fences.add(next_fence_index(lines, index))
            line = ""
        if NOT_A_FENCE.match(line):  # CommonMark: a backtick fence's info string has no backtick
            line = ""
        prepared.append(TILDE_FENCE.sub(lambda m: m.group(1) + "`" * len(m.group(2)), line))
    try:
        blocks = extract_from_buffer(io.StringIO("\n".join(prepared) + "\n"), max_num_lines=10**6)
    except RuntimeError as error:
        raise PageError(f"{relative(path)}: {error}") from error
    return to_examples(path, blocks, prepared, origins, continued_fences)


def next_fence_index(lines: list[str], index: int) -> int:
    for later in range(index + 1, len(lines)):
        if lines[later].lstrip().startswith(("```", "~~~")):
            return later
    return -1


def fence_language(syntax: str | None) -> str:
    """`python title="x.py" hl_lines="2"` -> `python`; `{.py .annotate}` -> `py`."""
    words = (syntax or "").strip().lstrip("{").split()
    return words[0].lstrip(".").lower() if words else ""


def to_examples(path, blocks, lines, origins, continued_fences) -> list[Example]:
    examples: list[Example] = []
    previous = None  # the last Python example, and the line where its fence closed
    for block in blocks:
        fence_index = block.lineno - 1
        language = fence_language(block.syntax)
        code_lines = fenced_body(lines, fence_index)
        if language == OUTPUT_LANGUAGE:
            attach_output(block, code_lines, origins[fence_index], previous, lines)
            previous = None
            continue
        if language not in PYTHON_LANGUAGES:
            previous = None
            continue
        example = Example(
            page=path,
            code="".join(line + "\n" for line in code_lines),
            origins=origins[fence_index + 1 : fence_index + 1 + len(code_lines)],
            fence=origins[fence_index],
            expected_output=block.expected_output,
            not_run_reason=not_run_reason(lines, fence_index, origins),
        )
        if fence_index in continued_fences:
            if not examples:
                raise PageError(f"{origins[fence_index]}: pytest-codeblocks:cont with no Python block before it")
            example.prelude = [*examples[-1].prelude, examples[-1]]
        examples.append(example)
        previous = (example, fence_index + len(code_lines) + 1)
    return examples


def fenced_body(lines: list[str], fence_index: int) -> list[str]:
    """The lines inside a fence, de-indented by the fence's indentation.

    pytest-codeblocks' extractor drops the blank lines of an indented block (inside an admonition or answer), which
    would shift every line number after them, so the body is read here from the page itself.
    """
    opening = lines[fence_index]
    indent = len(opening) - len(opening.lstrip())
    ticks = len(opening.lstrip()) - len(opening.lstrip().lstrip("`"))
    body = []
    for line in lines[fence_index + 1 :]:
        stripped = line.strip()
        if stripped.startswith("`" * ticks) and not stripped.strip("`"):
            break
        body.append(line[min(indent, len(line) - len(line.lstrip())) :])
    return body


def attach_output(block, body: list[str], origin, previous, lines) -> None:
    """An ```output fence belongs to the Python block right above it, with only blank lines between."""
    if previous is None:
        raise PageError(f"{origin}: an ```output block must come right after the Python block that prints it")
    example, closing_index = previous
    between = lines[closing_index + 1 : block.lineno - 1]
    if any(line.strip() for line in between):
        raise PageError(f"{origin}: only blank lines may stand between a Python block and its ```output block")
    if example.expected_output is not None:
        raise PageError(f"{origin}: this Python block already has an expected output")
    example.expected_output = "".join(line + "\n" for line in body)
    example.output_fence = origin


def not_run_reason(lines: list[str], fence_index: int, origins: list[Origin]) -> str | None:
    """The visible reason of a `!!! not-run "..."` admonition that contains the fence, if any."""
    fence_indent = len(lines[fence_index]) - len(lines[fence_index].lstrip())
    for index in range(fence_index - 1, -1, -1):
        line = lines[index]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent >= fence_indent:
            continue
        match = NOT_RUN.match(line)
        if match:
            reason = (match.group("reason") or "").strip()
            if not reason:
                raise PageError(f'{origins[index]}: give the reason a reader sees: !!! not-run "Not run: why"')
            return reason
        if indent == 0:
            return None
        fence_indent = indent
    return None
