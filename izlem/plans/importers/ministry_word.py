"""Read a Ministry-template plan from a Word document (.docx) into the text layout `ministry_text` reads.

A Word plan and its text are one plan: this module writes the document out in the layout of Word's
own "save as text" (see `izlem.plans.importers.ministry_text`), and `parse_plan_text` reads that.
So there is one reader of the template, and a Word plan and the same plan as text give the same
`PlanDocument`, line numbers in its messages included. The layout, element by element:

* A paragraph outside any table is one line; a line break inside it (Shift+Enter) starts a new line.
  Leading TABs are dropped (an indented paragraph is not a table cell).
* A table row gives, for each of its cells, the cell's first line led by a TAB, its further
  paragraphs and line breaks as continuation lines, then one empty line that ends the row. An empty
  cell is a line holding only a TAB.
* Merged cells appear as Word's text export shows them. A cell merged across columns (`gridSpan`, or
  the old `hMerge`) is one cell. A cell merged down rows (`vMerge`) has its text in the top row; the
  rows below keep an empty cell at its place. So a header cell over the year columns ("Önceki
  Yıllar" over 2012 2013 2014) is one cell, and an indicator's code and name merged over its
  disaggregation rows read as the empty cells the text has there.
* A table inside a cell adds its cells' lines to that cell as continuation lines.
* List numbers Word draws (automatic numbering, also through a paragraph style) are written out as
  Word's text export writes them ("1.1." before "Stratejik Hedef", "•" for every bullet), because
  the template's headings and items carry their codes that way.
* Content controls, fields' results, hyperlinks and tracked insertions are read; tracked deletions,
  field codes, text boxes, drawings, headers, footers, footnotes and comments are not.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    """An element's `w:val` attribute (`default` when the element or the attribute is missing)."""
    if element is None:
        return default
    return element.get(_w("val"), default)


P, TBL, TR, TC, R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
# Elements that only wrap content: their children are read as if they stood in their place.
_WRAPPERS = {
    _w("sdtContent"),
    _w("customXml"),
    _w("ins"),
    _w("moveTo"),
    _w("smartTag"),
    _w("hyperlink"),
    _w("fldSimple"),
    _w("dir"),
    _w("bdo"),
}
_BULLET = "•"


class WordDocumentError(ValueError):
    """The bytes are not a Word document (.docx) python-docx can open."""


def _content(element: etree._Element) -> Iterator[etree._Element]:
    """The element's children with wrappers (content controls, tracked insertions, links) opened."""
    for child in element:
        if child.tag == _w("sdt"):
            inner = child.find(_w("sdtContent"))
            if inner is not None:
                yield from _content(inner)
        elif child.tag in _WRAPPERS:
            yield from _content(child)
        else:
            yield child


# --------------------------------------------------------------------------------------------
# Automatic numbering


def _roman(number: int) -> str:
    """An upper-case Roman numeral (Word writes 0 and negatives as digits)."""
    if number <= 0:
        return str(number)
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
    pairs += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in pairs:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _letter(number: int) -> str:
    """Word's letter numbering: A … Z, then AA, BB … (the letter repeated)."""
    if number <= 0:
        return str(number)
    return chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _format_number(number: int, fmt: str) -> str:
    """A list number in one of Word's number formats (unknown formats as decimal)."""
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(number) if fmt == "upperRoman" else _roman(number).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letter(number) if fmt == "upperLetter" else _letter(number).lower()
    if fmt == "none":
        return ""
    return str(number)


class _Numbering:
    """Draws the numbers of numbered paragraphs in document order, as Word shows them."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.abstracts: dict[str, etree._Element] = {}
        self.nums: dict[str, etree._Element] = {}
        if numbering is not None:
            for abstract in numbering.findall(_w("abstractNum")):
                self.abstracts[abstract.get(_w("abstractNumId"), "")] = abstract
            for num in numbering.findall(_w("num")):
                self.nums[num.get(_w("numId"), "")] = num
        self.styles: dict[str, etree._Element] = {}
        self.default_style: str | None = None
        if styles is not None:
            for style in styles.findall(_w("style")):
                if style.get(_w("type")) != "paragraph":
                    continue
                self.styles[style.get(_w("styleId"), "")] = style
                if style.get(_w("default")) in ("1", "true", "on"):
                    self.default_style = style.get(_w("styleId"))
        self.style_numbering: dict[str | None, tuple[str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstract id -> level -> last number drawn
        self.started: set[str] = set()  # numIds met so far (their start overrides applied once)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives, following `basedOn` (a few steps at most)."""
        if style_id not in self.style_numbering:
            self.style_numbering[style_id] = self._find_style_numbering(style_id)
        return self.style_numbering[style_id]

    def _find_style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """`_style_numbering` without the cache."""
        num_id = level = None
        for _ in range(10):
            style = self.styles.get(style_id or "")
            if style is None:
                break
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_id = num_id or _val(num_pr.find(_w("numId")))
                level = level or _val(num_pr.find(_w("ilvl")))
            if num_id:
                break
            style_id = _val(style.find(_w("basedOn")))
        return num_id, level

    def _abstract_of(self, num_id: str) -> tuple[str, etree._Element] | None:
        """The abstract numbering a `w:num` uses (following a numbering style's link once)."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        abstract_id = _val(num.find(_w("abstractNumId")), "") or ""
        abstract = self.abstracts.get(abstract_id)
        link = _val(abstract.find(_w("numStyleLink"))) if abstract is not None else None
        if link:
            linked, _level = self._style_numbering(link)
            linked_num = self.nums.get(linked or "")
            if linked_num is not None:
                abstract_id = _val(linked_num.find(_w("abstractNumId")), "") or ""
                abstract = self.abstracts.get(abstract_id)
        return (abstract_id, abstract) if abstract is not None else None

    def _level(self, num_id: str, abstract: etree._Element, level: int) -> etree._Element | None:
        """A level's definition: the `w:num`'s override when it has one, else the abstract's."""
        num = self.nums[num_id]
        for override in num.findall(_w("lvlOverride")):
            if override.get(_w("ilvl")) == str(level) and override.find(_w("lvl")) is not None:
                return override.find(_w("lvl"))
        for lvl in abstract.findall(_w("lvl")):
            if lvl.get(_w("ilvl")) == str(level):
                return lvl
        return None

    def label(self, paragraph: etree._Element) -> str:
        """The number Word draws before this paragraph (with its separator), or ""."""
        p_pr = paragraph.find(_w("pPr"))
        num_pr = p_pr.find(_w("numPr")) if p_pr is not None else None
        num_id = _val(num_pr.find(_w("numId"))) if num_pr is not None else None
        level_text = _val(num_pr.find(_w("ilvl"))) if num_pr is not None else None
        if num_id is None:
            style_id = _val(p_pr.find(_w("pStyle"))) if p_pr is not None else None
            num_id, style_level = self._style_numbering(style_id or self.default_style)
            level_text = level_text or style_level
        if not num_id or num_id == "0":
            return ""
        found = self._abstract_of(num_id)
        if found is None:
            return ""
        abstract_id, abstract = found
        level = int(level_text) if (level_text or "").isdigit() else 0
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for override in self.nums[num_id].findall(_w("lvlOverride")):
                start = _val(override.find(_w("startOverride")))
                if start is not None and (override.get(_w("ilvl")) or "").isdigit():
                    counters[int(override.get(_w("ilvl")))] = int(start) - 1
        definition = self._level(num_id, abstract, level)
        if definition is None:
            return ""
        counters[level] = counters.get(level, self._start(num_id, abstract, level) - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        fmt = _val(definition.find(_w("numFmt")), "decimal") or "decimal"
        text = _val(definition.find(_w("lvlText")), "") or ""
        if fmt == "bullet":
            text = _BULLET
        else:
            legal = definition.find(_w("isLgl")) is not None

            def number(match: re.Match[str]) -> str:
                """One %N placeholder: that level's current number in that level's format."""
                at = int(match.group(1)) - 1
                lvl = self._level(num_id, abstract, at)
                value = counters.get(at, self._start(num_id, abstract, at))
                level_fmt = _val(lvl.find(_w("numFmt")), "decimal") if lvl is not None else "decimal"
                return _format_number(value, "decimal" if legal else (level_fmt or "decimal"))

            text = re.sub(r"%([1-9])", number, text)
        if not text:
            return ""
        suffix = _val(definition.find(_w("suff")), "tab")
        return text + ("" if suffix == "nothing" else " ")

    def _start(self, num_id: str, abstract: etree._Element, level: int) -> int:
        """The first number of a level (OOXML's default is 0)."""
        lvl = self._level(num_id, abstract, level)
        start = _val(lvl.find(_w("start"))) if lvl is not None else None
        return int(start) if start and start.lstrip("-").isdigit() else 0


# --------------------------------------------------------------------------------------------
# Paragraphs, cells, tables


def _run_text(run: etree._Element) -> str:
    """The visible text of one run: text, TABs, line breaks (page and column breaks are not lines)."""
    out: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _w("t"):
            out.append(child.text or "")
        elif tag in (_w("tab"), _w("ptab")):
            out.append("\t")
        elif tag == _w("br"):
            if child.get(_w("type")) not in ("page", "column"):
                out.append("\n")
        elif tag == _w("cr"):
            out.append("\n")
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        elif tag == _w("sym"):
            code = child.get(_w("char"), "")
            try:
                char = chr(int(code, 16))
            except ValueError:
                continue
            if not 0xF000 <= ord(char) <= 0xF0FF:  # a symbol font's private code, not a letter
                out.append(char)
    return "".join(out)


class _Writer:
    """Writes a document body in the text layout, line by line."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.lines: list[str] = []

    def paragraph_lines(self, paragraph: etree._Element) -> list[str]:
        """A paragraph's lines: its list number and text, split at line breaks, leading TABs dropped."""
        parts = [self.numbering.label(paragraph)]
        parts += [_run_text(run) for run in _content(paragraph) if run.tag == R]
        return [line.lstrip("\t") for line in "".join(parts).split("\n")]

    def body(self, element: etree._Element) -> None:
        """Paragraphs and tables of the body (or of a content control) in document order."""
        for child in _content(element):
            if child.tag == P:
                self.lines.extend(self.paragraph_lines(child))
            elif child.tag == TBL:
                self.table(child)

    def table(self, table: etree._Element) -> None:
        """Each row: every cell's lines, the first led by a TAB; then the empty line ending the row."""
        for row in _content(table):
            if row.tag != TR:
                continue
            for cell in _content(row):
                if cell.tag != TC or _is_merged_away(cell):
                    continue
                lines = self.cell_lines(cell)
                self.lines.append("\t" + lines[0])
                self.lines.extend(lines[1:])
            self.lines.append("")

    def cell_lines(self, cell: etree._Element) -> list[str]:
        """A cell's lines: its paragraphs, and the cells of a table inside it, one after another."""
        lines: list[str] = []
        for child in _content(cell):
            if child.tag == P:
                lines.extend(self.paragraph_lines(child))
            elif child.tag == TBL:
                for row in _content(child):
                    for inner in _content(row) if row.tag == TR else ():
                        if inner.tag == TC and not _is_merged_away(inner):
                            lines.extend(self.cell_lines(inner))
        return lines or [""]


def _is_merged_away(cell: etree._Element) -> bool:
    """A cell the old horizontal merge (`hMerge`, not `gridSpan`) folded into the one on its left."""
    merge = cell.find(f"{_w('tcPr')}/{_w('hMerge')}")
    return merge is not None and _val(merge, "continue") != "restart"


# --------------------------------------------------------------------------------------------
# Entry point


def word_plan_text(data: bytes) -> str:
    """The Word document's body in the Ministry text layout (raises WordDocumentError if not a .docx)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise WordDocumentError(str(exc)) from exc
    part = document.part
    numbering = None
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        pass
    writer = _Writer(_Numbering(numbering, part.styles.element))
    writer.body(document.element.body)
    return "\n".join(writer.lines)
