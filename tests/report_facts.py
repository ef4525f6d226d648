"""What a reader gets from a rendered report, independent of the renderer's markup: figure and
table ids, captions, sources lines, bibliography entries, colophon, external loads, English
words, broken links, PDF text and fonts. tests/test_quarto_parity.py compares the two renderers
on these facts.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SOURCES_LABEL = "Nguồn:"
COLOPHON_TITLE = "Thông tin bản dựng"
# Words of Quarto's and pandoc's English labels that must not reach a Vietnamese reader.
ENGLISH = ("Author", "Authors", "Published", "Modified", "Other Formats", "Other Links", "Notebooks",
           "Source", "Figure", "Table", "References", "Abstract", "Contents", "Table of contents",
           "Note", "Tip", "Warning", "Important", "Caution", "Copy to Clipboard", "Download",
           "Back to Article", "Affiliation", "Keywords", "Appendices", "Footnotes", "Citation")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"script", "style", "noscript", "svg", "template", "head"}


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class HtmlFacts:
    ids: list[str] = field(default_factory=list)            # every id="" in document order
    captions: list[str] = field(default_factory=list)       # figcaption/caption texts
    bibliography: dict[str, str] = field(default_factory=dict)   # ref-<id> -> entry text
    colophon: list[str] = field(default_factory=list)       # items under the colophon heading
    external: list[str] = field(default_factory=list)       # scripts, styles, images from outside
    hrefs: list[str] = field(default_factory=list)
    section_numbers: list[str] = field(default_factory=list)   # "1", "2.1", ... of the headings
    text: str = ""                                           # visible text

    @property
    def floats(self) -> list[str]:
        # Quarto also gives each caption an id (<label>-caption-<uuid>).
        return [i for i in self.ids if re.match(r"(fig|tbl)-", i) and "-caption-" not in i]

    @property
    def sources_lines(self) -> list[str]:
        return [c[c.index(SOURCES_LABEL):] for c in self.captions if SOURCES_LABEL in c]

    def english(self) -> Counter:
        return Counter({w: n for w in ENGLISH
                        if (n := len(re.findall(rf"(?<![\w-]){re.escape(w)}(?![\w-])", self.text)))})

    def broken_links(self, folder: Path) -> list[str]:
        ids = set(self.ids)
        bad = []
        for href in self.hrefs:
            if href.startswith("#"):
                if href[1:] and href[1:] not in ids:
                    bad.append(href)
            elif not re.match(r"[a-z][a-z0-9+.-]*:", href, re.I):
                if not (folder / href.split("#")[0].split("?")[0]).exists():
                    bad.append(href)
        return bad


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = HtmlFacts()
        self.stack: list[tuple[str, dict]] = []
        self.caption: list[str] | None = None
        self.caption_depth = 0
        self.entry: tuple[str, list[str], int] | None = None
        self.text: list[str] = []
        self.in_colophon = False
        self.item: list[str] | None = None
        self.heading: list[str] | None = None
        self.number: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.facts.ids.append(a["id"])
        src = a.get("src") or (a.get("href") if tag == "link" else "")
        if src and re.match(r"(https?:)?//", src):
            self.facts.external.append(f"<{tag}> {src}")
        if tag == "a" and "href" in a:
            self.facts.hrefs.append(a["href"])
        if tag in VOID:
            return
        self.stack.append((tag, a))
        if tag in ("figcaption", "caption") and self.caption is None:
            self.caption, self.caption_depth = [], len(self.stack)
        if "csl-entry" in a.get("class", "").split() and self.entry is None:
            self.entry = (a.get("id", ""), [], len(self.stack))
        if tag in ("h1", "h2"):
            self.heading = []
        if "header-section-number" in a.get("class", "").split():
            self.number = []
        if tag == "li" and self.in_colophon:
            self.item = []

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            name, attrs = self.stack.pop()
            depth = len(self.stack) + 1
            if self.caption is not None and depth == self.caption_depth:
                self.facts.captions.append(squash("".join(self.caption)))
                self.caption = None
            if self.entry is not None and depth == self.entry[2]:
                self.facts.bibliography[self.entry[0]] = squash("".join(self.entry[1]))
                self.entry = None
            if name in ("h1", "h2") and self.heading is not None:
                title = squash("".join(self.heading))
                self.in_colophon = title.endswith(COLOPHON_TITLE)
                self.heading = None
            if self.number is not None and "header-section-number" in attrs.get("class", "").split():
                self.facts.section_numbers.append(squash("".join(self.number)))
                self.number = None
            if name == "li" and self.item is not None:
                self.facts.colophon.append(squash("".join(self.item)))
                self.item = None
            if name == tag:
                break

    def handle_data(self, data):
        if any(t in HIDDEN for t, _ in self.stack):
            return
        self.text.append(data)
        for part in (self.caption, self.entry[1] if self.entry else None, self.item, self.heading,
                     self.number):
            if part is not None:
                part.append(data)


def html_facts(html: str) -> HtmlFacts:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    facts = parser.facts
    facts.text = squash(" ".join(parser.text))
    facts.external += [f"css url {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", html)]
    facts.external += [f"@import {u}" for u in re.findall(r"@import\s+['\"]?((?:https?:)?//[^'\";]+)", html)]
    return facts


@dataclass
class PdfFacts:
    pages: list[str]
    fonts: set[str]
    landscape: list[bool] = field(default_factory=list)   # per page: wider than high

    @property
    def landscape_tables(self) -> list[str]:
        """The table captions ('Bảng 7') set on landscape pages."""
        return sorted({c for page, wide in zip(self.pages, self.landscape) if wide
                       for c in re.findall(r"Bảng \d+(?=:)", page)})

    @property
    def text(self) -> str:
        return squash(" ".join(self.pages))

    @property
    def captions(self) -> list[str]:
        """'Hình 3' / 'Bảng 7' caption labels, in order of appearance."""
        return re.findall(r"(?:Hình|Bảng) \d+(?=:)", self.text)

    @property
    def sources_count(self) -> int:
        return self.text.count(SOURCES_LABEL)

    def english_free(self) -> bool | dict:
        """True, or the English label words the PDF shows."""
        words = {w: n for w in ENGLISH
                 if (n := len(re.findall(rf"(?<![\w-]){re.escape(w)}(?![\w-])", self.text)))}
        return words or True


def pdf_facts(path: Path) -> PdfFacts:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    fonts_out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = set()
    for line in fonts_out.splitlines()[2:]:
        name = line.split()[0] if line.split() else ""
        name = re.sub(r"^[A-Z]{6}\+", "", name)
        name = re.sub(r"-Identity-H$", "", name)
        fonts.add(name.split("-")[0])
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(path)], capture_output=True,
                          text=True, check=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    pages = [squash(p) for p in text.split("\f")][:len(sizes)]
    return PdfFacts(pages, fonts, [float(w) > float(h) for w, h in sizes])


@dataclass
class Rendered:
    """One renderer's report.html and report.pdf (and the folder they were written to)."""

    html: HtmlFacts
    pdf: PdfFacts
    folder: Path


def rendered(folder: Path) -> Rendered:
    folder = Path(folder)
    return Rendered(html_facts((folder / "report.html").read_text(encoding="utf-8")),
                    pdf_facts(folder / "report.pdf"), folder)


BUILDER_ROW = "Bộ dựng:"
PDF_HEADINGS = ("Mục lục", "Tài liệu tham khảo", COLOPHON_TITLE)


def _colophon(facts: HtmlFacts) -> list[str]:
    """The colophon without the renderer's own name and version."""
    return [item for item in facts.colophon if not item.startswith(BUILDER_ROW)]


def _numbers(facts: HtmlFacts) -> list[str]:
    """The numbers a reader sees in the HTML (the renderer's version left out)."""
    text = facts.text
    for item in facts.colophon:
        if item.startswith(BUILDER_ROW):
            text = text.replace(item, "")
    found = set(re.findall(r"(?<![\d.,])\d+(?:[.,]\d+)+(?![\d.,]*\d)", text))
    return sorted(found - set(facts.section_numbers))   # "2.1" of a heading is no figure


def differences(a: Rendered, b: Rendered) -> list[str]:
    """What a reader would find different between two renders of one report ([] when none)."""
    out: list[str] = []

    def same(what: str, x, y) -> None:
        if x != y:
            out.append(f"{what} differ:\n  first:  {x!r}\n  second: {y!r}"[:4000])

    same("figure and table ids", a.html.floats, b.html.floats)
    same("captions", a.html.captions, b.html.captions)
    same("sources lines", a.html.sources_lines, b.html.sources_lines)
    same("bibliography entries", a.html.bibliography, b.html.bibliography)
    same("colophon", _colophon(a.html), _colophon(b.html))
    same("colophon has a builder row", [i[:len(BUILDER_ROW)] for i in a.html.colophon if i.startswith(BUILDER_ROW)],
         [i[:len(BUILDER_ROW)] for i in b.html.colophon if i.startswith(BUILDER_ROW)])
    for name, r in (("first", a), ("second", b)):
        if r.html.external:
            out.append(f"the {name} HTML loads from outside: {r.html.external[:5]}")
        if r.html.english():
            out.append(f"the {name} HTML shows English words: {dict(r.html.english())}")
        broken = r.html.broken_links(r.folder)
        if broken:
            out.append(f"the {name} HTML has broken links: {broken[:5]}")
        if r.pdf.english_free() is not True:
            out.append(f"the {name} PDF shows English words: {r.pdf.english_free()}")
    same("PDF caption labels", a.pdf.captions, b.pdf.captions)
    same("PDF sources lines", a.pdf.sources_count, b.pdf.sources_count)
    same("PDF headings", [h for h in PDF_HEADINGS if h in a.pdf.text], [h for h in PDF_HEADINGS if h in b.pdf.text])
    numbers = _numbers(a.html)
    same("numbers in the PDF text", {n: a.pdf.text.count(n) for n in numbers},
         {n: b.pdf.text.count(n) for n in numbers})
    same("PDF fonts", a.pdf.fonts, b.pdf.fonts)
    same("tables on landscape pages in the PDF", a.pdf.landscape_tables, b.pdf.landscape_tables)
    return out
