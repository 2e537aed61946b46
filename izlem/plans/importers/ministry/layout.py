"""Line-level reading of a Ministry-template plan text: cells, paragraphs, sections, text keys.

See `izlem.plans.importers.ministry_text` for how the layout is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

TR_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_ASCII = str.maketrans("çğıöşüâîû", "cgiosuaiu")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Not inside a longer number ("1.234.567.890"), but a sentence may end right after it.
PHONE = re.compile(
    r"(?<!\d)(?<!\d[.,])(?:\+?90[ -]?)?\(?0?\d{3}\)?[ -]?\d{3}[ -]?\d{2}[ -]?\d{2}(?!\d|[.,]\d)"
)
ITEM_MARK = re.compile(r"^\s*(?:[-–•·*▪]|\d+\s*[.)-](?!\d))\s*")
THEME_LINE = re.compile(r"^\s*TEMA\s*[:.\-–]\s*", re.IGNORECASE)  # "TEMA: KURUMSAL KAPASİTE"
NUMBER_MARK = re.compile(r"^\s*(\d+)\s*[.)-](?!\d)\s*")
YEAR = re.compile(r"^(?:19|20)\d{2}$")  # a year column of an indicator or costing table


def fold(text: str) -> str:
    """Lower-case the Turkish way, drop accents and punctuation: a key for comparing headings."""
    lowered = text.translate(TR_LOWER).lower().translate(_ASCII)
    return re.sub(r"[^a-z0-9%]+", " ", lowered).strip()


def clean(text: str) -> str:
    """Collapse runs of whitespace into single spaces."""
    return " ".join(text.split())


def closeness(a: str, b: str) -> float:
    """How alike two texts are, 0..1, ignoring case, accents and punctuation."""
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


def similar(a: str, b: str) -> bool:
    """Whether two texts say the same thing (ignoring case, accents and small edits)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    short, long_ = sorted((fa, fb), key=len)
    # A prefix match covers items that the other list extended with a second sentence.
    if len(short) >= 20 and long_.startswith(short):
        return True
    return closeness(a, b) >= 0.8


def numbered_items(cell: Cell) -> list[tuple[int, str, int]]:
    """The "1-", "2." items of a cell as (number, text, line number); unnumbered lines continue the item above."""
    items: list[tuple[int, str, int]] = []
    for text, number in zip(cell.lines, cell.numbers, strict=True):
        found = NUMBER_MARK.match(text)
        if found:
            items.append((int(found.group(1)), text[found.end() :].strip(), number))
        elif items and text:
            items[-1] = (items[-1][0], clean(f"{items[-1][1]} {text}"), items[-1][2])
    return items


def split_items(lines: list[str], mark: re.Pattern[str] = ITEM_MARK) -> tuple[list[str], list[str]]:
    """Split cell lines into marked items ("-", "·", "1-", "2.") and the lines before the first one."""
    before: list[str] = []
    items: list[str] = []
    for line in lines:
        found = mark.match(line)
        if found:
            items.append(line[found.end() :].strip())
        elif items:
            items[-1] = f"{items[-1]} {line.strip()}"
        elif line.strip():
            before.append(line.strip())
    return before, [clean(item) for item in items if clean(item)]


# --------------------------------------------------------------------------------------------
# Cells and paragraphs


@dataclass
class Cell:
    """A table cell: its physical lines (TAB removed), where it starts, and whether it opens a row."""

    lines: list[str]
    line: int
    new_row: bool
    numbers: list[int] = field(default_factory=list)  # line number of each entry in `lines`

    @property
    def text(self) -> str:
        """The cell's text on one line."""
        return clean(" ".join(self.lines))


@dataclass
class Para:
    """A paragraph line outside any table."""

    text: str
    line: int


Token = Cell | Para


def tokenize(lines: list[str], first_line: int) -> list[Token]:
    """Turn a slice of lines into cells and paragraphs (see the module docstring for the rules)."""
    tokens: list[Token] = []
    cell: Cell | None = None
    blanks = 0
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if raw.startswith("\t"):
            cell = Cell([raw[1:].strip()], number, cell is None or blanks > 0, [number])
            tokens.append(cell)
            blanks = 0
        elif not raw.strip():
            blanks += 1
        elif cell is not None and blanks < 2:
            cell.lines.append(raw.strip())  # Word wrapped the cell's text onto this line
            cell.numbers.append(number)
            blanks = 0
        else:
            tokens.append(Para(clean(raw), number))
            cell = None
            blanks = 0
    return tokens


def cells_of(tokens: list[Token]) -> list[Cell]:
    """All cells among the tokens."""
    return [token for token in tokens if isinstance(token, Cell)]


def paragraphs_of(tokens: list[Token]) -> list[Para]:
    """All paragraphs among the tokens."""
    return [token for token in tokens if isinstance(token, Para)]


def first_table(tokens: list[Token]) -> list[Cell]:
    """The cells of the first table: from the first cell up to the next paragraph."""
    cells: list[Cell] = []
    for token in tokens:
        if isinstance(token, Cell):
            cells.append(token)
        elif cells:
            break
    return cells


def tables_of(tokens: list[Token]) -> list[list[Cell]]:
    """Every table among the tokens, each as its list of cells."""
    tables: list[list[Cell]] = [[]]
    for token in tokens:
        if isinstance(token, Cell):
            tables[-1].append(token)
        elif tables[-1]:
            tables.append([])
    return [table for table in tables if table]


def rows_of(cells: list[Cell]) -> list[list[Cell]]:
    """Group cells into rows at each row break."""
    rows: list[list[Cell]] = []
    for cell in cells:
        if cell.new_row or not rows:
            rows.append([])
        rows[-1].append(cell)
    return rows


# --------------------------------------------------------------------------------------------
# Sections

_HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    ("abbreviations", re.compile(r"^kisaltmalar$")),
    ("preparation", re.compile(r"^stratejik plan(lama)? hazirlik sureci$")),
    ("situation", re.compile(r"^durum analizi$")),
    ("stakeholder_class", re.compile(r"^paydas siniflandirma matrisi")),
    ("stakeholder_prio", re.compile(r"^paydas onceliklendirme matrisi")),
    ("pest", re.compile(r"^pest(le)? analizi")),
    ("swot", re.compile(r"^gzft analizi")),
    ("problem_areas", re.compile(r"sorun ve gelisim alanlari$")),
    ("architecture", re.compile(r"^stratejik plan mimarisi$")),
    ("tows", re.compile(r"^tows matrisi")),
    ("mission", re.compile(r"^misyon(umuz)?$")),
    ("vision", re.compile(r"^vizyon(umuz)?$")),
    ("values", re.compile(r"^temel degerler(imiz)?$")),
    ("overview", re.compile(r"^stratejik plan genel tablosu$")),
    ("costing", re.compile(r"^maliyetlendirme$")),
    ("monitoring", re.compile(r"^izleme ve degerlendirme$")),
    ("part", re.compile(r"^[ivx]+ bolum$")),
]


class Document:
    """The document's lines with the positions of the template headings."""

    def __init__(self, text: str) -> None:
        """Split the text into lines and find every template heading."""
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.hits: list[tuple[int, str]] = []
        for index, raw in enumerate(self.lines):
            if raw.startswith("\t") or not raw.strip() or len(raw) > 120:
                continue
            if THEME_LINE.match(raw):
                self.hits.append((index, "theme"))
                continue
            key = fold(raw)
            for name, pattern in _HEADINGS:
                if pattern.search(key):
                    self.hits.append((index, name))
                    break

    def span(self, *names: str) -> tuple[int, int] | None:
        """Lines after the first heading of one of `names` up to the next heading of another kind."""
        starts = [index for index, name in self.hits if name in names]
        if not starts:
            return None
        start = starts[0]
        end = next((i for i, n in self.hits if i > start and n not in names), len(self.lines))
        return start + 1, end

    def tokens(self, *names: str) -> list[Token]:
        """The tokens of a section (empty when the document lacks it)."""
        found = self.span(*names)
        if not found:
            return []
        start, end = found
        return tokenize(self.lines[start:end], start + 1)

    def text_lines(self, *names: str) -> list[tuple[int, str]]:
        """A section's non-empty lines with their 1-based numbers, TABs stripped."""
        found = self.span(*names)
        if not found:
            return []
        start, end = found
        return [(i + 1, self.lines[i].strip()) for i in range(start, end) if self.lines[i].strip()]
