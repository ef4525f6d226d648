"""Line-by-line scan of a .qmd body: finds embeds, section labels and references, and rejects
every construct outside the supported list (report/README.md) with its file and line.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from .errors import RenderError
from .quarto_project import CALLOUT_TYPES

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(.*)$")
DIV_FENCE = re.compile(r"^ {0,3}(:{3,})\s*(.*?)\s*$")
HEADER = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*$")
HEADER_ATTRS = re.compile(r"\s*\{([^{}]*)\}$")
SHORTCODE = re.compile(r"\{\{<\s*(.*?)\s*>\}\}")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
RAW_TEX = re.compile(r"\\[A-Za-z]+")
RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# pandoc citation keys: start with a letter, digit or _, inner punctuation only before alphanumerics
REF = re.compile(r"(?<![\w@\\])@([A-Za-z0-9_](?:[\w]|[:.#$%&+?<>~/-](?=[\w]))*)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
CROSSREF_KINDS = ("fig", "tbl", "sec")


@dataclass
class Embed:
    line: int
    notebook: str           # path as written, relative to the document
    label: str


@dataclass
class Scan:
    body: str                               # text with HTML comments blanked (line count kept)
    embeds: list[Embed] = field(default_factory=list)
    sections: dict[str, tuple[int, bool]] = field(default_factory=dict)   # id -> (line, numbered)
    refs: list[tuple[int, str]] = field(default_factory=list)             # (line, key)


def parse_attrs(text: str, where: str) -> tuple[str, list[str], dict[str, str]]:
    """Pandoc attributes `#id .class key="value"` -> (id, classes, keys)."""
    try:
        parts = shlex.split(text)
    except ValueError:
        raise RenderError(where, f"cannot read the attributes {{{text}}}") from None
    ident, classes, keys = "", [], {}
    for part in parts:
        if part.startswith("#"):
            ident = part[1:]
        elif part.startswith("."):
            classes.append(part[1:])
        elif "=" in part:
            k, v = part.split("=", 1)
            keys[k] = v
        else:
            classes.append(part)
    return ident, classes, keys


def check_text(text: str, where: str, refs: list[tuple[int, str]] | None = None, line: int = 0) -> None:
    """Reject raw LaTeX/HTML, images, spans and attributes in prose; collect `@` references."""
    if re.search(r"`\{=", text):
        raise RenderError(where, "raw output blocks (`...`{=format}) are not supported")
    plain = INLINE_CODE.sub("", text)
    if "{{<" in plain or ">}}" in plain:
        raise RenderError(where, "a shortcode must stand alone on its own line")
    m = RAW_TEX.search(plain)
    if m:
        raise RenderError(where, f"raw LaTeX ({m.group(0)}) is not supported; write plain Markdown")
    m = RAW_HTML.search(plain)
    if m:
        raise RenderError(where, f"raw HTML ({m.group(0)}) is not supported; write plain Markdown")
    if "![" in plain:
        raise RenderError(where, "images in the text are not supported; embed a notebook figure")
    if "]{" in plain:
        raise RenderError(where, "spans and link attributes ([...]{...}) are not supported")
    if "$$" in plain:
        raise RenderError(where, "math is not supported")
    if refs is not None:
        for m in REF.finditer(plain):
            refs.append((line, m.group(1)))


def _check_shortcode(match: re.Match, stripped_line: str, where: str, line: int, scan: Scan) -> None:
    name, _, args = match.group(1).partition(" ")
    if name != "embed":
        raise RenderError(where, f"shortcode '{name}' is not supported (only embed)")
    if stripped_line != match.group(0):
        raise RenderError(where, "the embed shortcode must stand alone on its own line")
    target = args.strip()
    if " " in target or "#" not in target:
        raise RenderError(where, "write the embed as {{< embed ../notebooks/name.ipynb#label >}}")
    notebook, label = target.split("#", 1)
    if not notebook.endswith(".ipynb") or not label:
        raise RenderError(where, "write the embed as {{< embed ../notebooks/name.ipynb#label >}}")
    scan.embeds.append(Embed(line, notebook, label))


def _check_div(rest: str, where: str) -> None:
    attrs = rest[1:-1] if rest.startswith("{") and rest.endswith("}") else rest
    ident, classes, keys = parse_attrs(attrs, where)
    callouts = [c for c in classes if c.startswith("callout-") and c[8:] in CALLOUT_TYPES]
    others = [c for c in classes if c not in callouts]
    if others:
        raise RenderError(where, f"div class '{others[0]}' is not supported "
                          f"(only callout-{', callout-'.join(CALLOUT_TYPES)})")
    if len(callouts) != 1:
        raise RenderError(where, "a div must be exactly one callout (::: {.callout-note})")
    if ident:
        raise RenderError(where, f"div id '#{ident}' is not supported")
    for key in keys:
        if key != "title":
            raise RenderError(where, f"callout attribute '{key}' is not supported (only title)")


def _check_header(text: str, where: str, line: int, scan: Scan) -> None:
    m = HEADER_ATTRS.search(text)
    title = text
    ident, classes = "", []
    if m:
        ident, classes, keys = parse_attrs(m.group(1), where)
        title = text[:m.start()]
        if keys:
            raise RenderError(where, f"heading attribute '{next(iter(keys))}' is not supported")
        for c in classes:
            if c != "unnumbered":
                raise RenderError(where, f"heading class '.{c}' is not supported (only .unnumbered)")
    if ident:
        if ident in scan.sections:
            raise RenderError(where, f"the label #{ident} is already used on line {scan.sections[ident][0]}")
        if ident.split("-", 1)[0] in ("fig", "tbl"):
            raise RenderError(where, f"a heading label cannot start with '{ident.split('-')[0]}-'")
        scan.sections[ident] = (line, "unnumbered" not in classes)
    check_text(title, where, scan.refs, line)


def scan_body(body: str, first_line: int, file: str) -> Scan:
    """Scan the document body (which starts at source line `first_line`)."""
    body = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    scan = Scan(body=body)
    fence: str | None = None
    divs: list[int] = []
    for i, text in enumerate(body.split("\n")):
        line = first_line + i
        where = f"{file}:{line}"
        if fence:
            if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", text):
                fence = None
            continue
        m = FENCE.match(text)
        if m:
            info = m.group(2).strip()
            if info.startswith("{="):
                raise RenderError(where, "raw output blocks ({=format}) are not supported")
            if info.startswith("{"):
                raise RenderError(where, f"executable code cells ({info}) are not supported; "
                                  "put the code in a notebook and embed its output")
            fence = m.group(1)
            fence_line = line
            continue
        stripped = text.strip()
        if "{{<" in text:
            m = SHORTCODE.search(text)
            if not m:
                raise RenderError(where, "unclosed shortcode ({{< without >}})")
            _check_shortcode(m, stripped, where, line, scan)
            continue
        m = DIV_FENCE.match(text)
        if m:
            if m.group(2):
                _check_div(m.group(2), where)
                divs.append(line)
            elif divs:
                divs.pop()
            else:
                raise RenderError(where, "closing ::: without an opening div")
            continue
        if stripped.startswith("|") or re.match(r"^\+[-=+:]+\+$", stripped):
            raise RenderError(where, "tables in the text are not supported; embed a notebook table "
                              "(tbl- label, tbl-cap) so that it is numbered in both formats")
        m = HEADER.match(text)
        if m:
            _check_header(m.group(2), where, line, scan)
            continue
        check_text(text, where, scan.refs, line)
    if fence:
        raise RenderError(f"{file}:{fence_line}", "code block is not closed")
    if divs:
        raise RenderError(f"{file}:{divs[-1]}", "div is not closed with :::")
    return scan
