"""Build a Ministry-template plan as a Word document from its text, the way Word holds it.

The text layout (`izlem.plans.importers.ministry_text`) is Word's text export of such a document, so
the text says which blocks are paragraphs and tables, how rows break and what each cell holds. This
module reads it back into blocks and writes them with python-docx as real paragraphs and tables,
with the merges Word makes in the Ministry template:

* a row with fewer cells than its table's widest row has a cell spanning columns (`gridSpan`): in an
  indicator table the header cell over the baseline years ("Önceki Yıllar" over 2012 2013 2014)
  and the indicator name over the disaggregation column; elsewhere the row's last cell;
* an empty cell in the first two columns, below a cell covering the same columns, continues that
  cell downwards (`vMerge`): the "No" and "Performans Göstergeleri" header cells over the year row,
  an indicator's code and name over its disaggregation rows.

Word's text export shows a column-merged cell once and a row-merged one at its top with empty cells
below, so the document read back must give the text's plan exactly.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell

YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*$")


@dataclass
class WordCell:
    paragraphs: list[str]
    span: int = 1
    merge: str | None = None  # None, "restart" or "continue" (vMerge)
    column: int = 0  # first grid column


@dataclass
class WordTable:
    rows: list[list[WordCell]] = field(default_factory=list)


Block = str | WordTable  # a body paragraph, or a table


def blocks_of(text: str) -> list[Block]:
    """Cut the text layout into body paragraphs and tables (the inverse of the Word reader)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].startswith("\t"):
            blocks.append(lines[i])
            i += 1
            continue
        table = WordTable([[]])
        blocks.append(table)
        while i < n:
            line = lines[i]
            if line.startswith("\t"):
                table.rows[-1].append(WordCell([line[1:]]))
                i += 1
                continue
            if line.strip():  # Word wrapped the cell: another paragraph of it
                table.rows[-1][-1].paragraphs.append(line)
                i += 1
                continue
            blanks = 0
            while i + blanks < n and not lines[i + blanks].startswith("\t") and not lines[i + blanks].strip():
                blanks += 1
            after = i + blanks
            if after < n and lines[after].startswith("\t"):  # the row ends; empty paragraphs before
                table.rows[-1][-1].paragraphs.extend(lines[i : after - 1])
                table.rows.append([])
                i = after
            elif after < n and blanks == 1:  # one empty paragraph, then more of the same cell
                table.rows[-1][-1].paragraphs.extend([line, lines[after]])
                i = after + 1
            else:  # the table ends: the empty line that ends its last row, then body paragraphs
                i += 1
                break
        table.rows = [row for row in table.rows if row]
    return blocks


def _text(cell: WordCell) -> str:
    return " ".join(cell.paragraphs).strip()


def _years(row: list[WordCell]) -> list[int]:
    """Where a row's year cells are (2012 2013 2014 2019): a year header row has two or more."""
    found = [at for at, cell in enumerate(row) if YEAR.match(_text(cell))]
    return found if len(found) >= 2 else []


def merge_like_word(table: WordTable) -> None:
    """Give the table the merges Word makes: spans over year columns, code and name cells down rows."""
    width = max(len(row) for row in table.rows)
    indicator_table = any(_years(row) for row in table.rows)
    for row in table.rows:
        missing = width - len(row)
        # In an indicator table the name also covers the disaggregation label's column.
        row[1 if indicator_table and len(row) > 2 else -1].span += missing
    for above, row in zip(table.rows, table.rows[1:], strict=False):
        years = _years(row)
        if years and len(above) == years[0] + 2 and len(above) < len(row):
            # The header over a year row: "Önceki Yıllar" over the baseline years, "Hedef" over the last.
            first, last = years[0], years[-1]
            for at in range(first):
                above[at].span = row[at].span
            above[first].span = sum(cell.span for cell in row[first:last])
            above[first + 1].span = sum(cell.span for cell in row[last:])
    for row in table.rows:
        column = 0
        for cell in row:
            cell.column = column
            column += cell.span
    for above, row in zip(table.rows, table.rows[1:], strict=False):
        starts = {(cell.column, cell.span): cell for cell in above}
        for cell in row:
            top = starts.get((cell.column, cell.span))
            if cell.column < 2 and cell.paragraphs == [""] and top is not None:
                if top.merge is None and top.paragraphs != [""]:
                    top.merge = "restart"
                if top.merge is not None:
                    cell.merge = "continue"


def word_document(text: str) -> bytes:
    """The text's plan as a .docx: body paragraphs, and tables with Word's merged cells."""
    document = docx.Document()
    for block in blocks_of(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        merge_like_word(block)
        width = max(sum(cell.span for cell in row) for row in block.rows)
        table = document.add_table(rows=0, cols=width)
        table.style = document.styles["Table Grid"]
        for row in block.rows:
            tr = table._tbl.add_tr()
            for spec in row:
                tc = tr.add_tc()
                if spec.span > 1:
                    tc.grid_span = spec.span
                if spec.merge:
                    tc.vMerge = spec.merge
                cell = _Cell(tc, table)
                cell.paragraphs[0].text = spec.paragraphs[0]
                for paragraph in spec.paragraphs[1:]:
                    cell.add_paragraph(paragraph)
    return _saved(document)


def _saved(document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def numbered_list_document(items: list[tuple[int, str]], fmt: str = "decimal", text: str = "%1.") -> bytes:
    """A document whose paragraphs are numbered by Word (automatic numbering), one level per item."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "7")
    for level in range(3):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", fmt),
            ("w:lvlText", text if level == 0 else "%1.%2."),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "3")
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), "7")
    num.append(abstract_id)
    numbering.append(num)
    for level, item in items:
        paragraph = document.add_paragraph(item)
        p_pr = paragraph._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level)), ("w:numId", "3")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            num_pr.append(child)
        p_pr.append(num_pr)
    return _saved(document)
