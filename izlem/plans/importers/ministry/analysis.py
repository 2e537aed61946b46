"""Readers for the situation-analysis and direction sections of a Ministry-template plan.

Identity and period, mission/vision/values, committees and surveys, stakeholder matrices, PEST,
GZFT (SWOT), problem areas, plan architecture and the TOWS matrix. See
`izlem.plans.importers.ministry_text` for the rules.
"""

from __future__ import annotations

import re
from collections import Counter

from izlem.core.formats import parse_decimal
from izlem.plans.importers.document import (
    ArchitectureDoc,
    CommitteeDoc,
    PestDoc,
    PlanDocument,
    Problem,
    ProblemAreaDoc,
    StakeholderDoc,
    SwotDoc,
    TowsDoc,
)
from izlem.plans.importers.ministry.layout import (
    EMAIL,
    ITEM_MARK,
    PHONE,
    Cell,
    Document,
    Token,
    cells_of,
    clean,
    closeness,
    first_table,
    fold,
    numbered_items,
    paragraphs_of,
    rows_of,
    similar,
    split_items,
    tables_of,
)

# --------------------------------------------------------------------------------------------
# Title, mission, vision, values

_OWNER = re.compile(
    r"([A-ZÇĞİÖŞÜ][a-zçğıöşü]+) (İl Mill[iî] Eğitim Müdürlüğü)\S*\s+(\d{4})\s*-\s*(\d{4})\s+Stratejik Plan"
)


def read_identity(document: Document, plan: PlanDocument) -> None:
    """Find province, owner and period from the most frequent "X İl Millî Eğitim Müdürlüğü YYYY-YYYY Stratejik Planı"."""
    counts = Counter(match.groups() for match in _OWNER.finditer("\n".join(document.lines)))
    if not counts:
        plan.problems.append(
            Problem(
                "belge",
                'Kurum adı ve plan dönemi (ör. "… İl Millî Eğitim Müdürlüğü 2015-2019 Stratejik Planı") bulunamadı.',
            )
        )
        return
    province, owner, start, end = counts.most_common(1)[0][0]
    plan.province_name = province
    plan.owner_name = f"{province} {owner}"
    plan.period_start, plan.period_end = int(start), int(end)
    plan.title = f"{plan.owner_name} {start}-{end} Stratejik Planı"


def read_statements(document: Document, plan: PlanDocument) -> None:
    """Read mission, vision and core values."""
    plan.mission = "\n\n".join(p.text for p in paragraphs_of(document.tokens("mission")))
    plan.vision = "\n\n".join(p.text for p in paragraphs_of(document.tokens("vision")))
    lines = [text for _, text in document.text_lines("values")]
    before, items = split_items(lines, re.compile(r"^\s*(?:[a-zçğıöşü]\)|[-–•·*▪]|\d+\s*[.)-](?!\d))\s*"))
    plan.values = [item.rstrip(" .,;") for item in (items or before)]
    for name, value in (("Misyon", plan.mission), ("Vizyon", plan.vision)):
        if not value:
            plan.problems.append(Problem("belge", f"{name} metni bulunamadı."))


def read_abbreviations(document: Document) -> dict[str, str]:
    """Read the KISALTMALAR list ("MEB: Milli Eğitim Bakanlığı") into a dictionary."""
    pattern = re.compile(r"^([A-ZÇĞİÖŞÜ][A-ZÇĞİÖŞÜ0-9-]{1,10})\s*:\s*(.+)$")
    found = (pattern.match(text) for _, text in document.text_lines("abbreviations"))
    return {match.group(1): clean(match.group(2)) for match in found if match}


# --------------------------------------------------------------------------------------------
# Preparation: committees, surveys, meetings


def read_committees(document: Document, plan: PlanDocument) -> None:
    """Read each committee table: name and title of every member, never phone or e-mail."""
    for title, header_row, cells in committee_tables(document.tokens("preparation")):
        header = [fold(cell.text) for cell in header_row]
        name_col = next(i for i, h in enumerate(header) if "soyad" in h)
        title_col = next((i for i, h in enumerate(header) if "unvan" in h or "gorev" in h), None)
        committee = CommitteeDoc(name=title or "Komisyon")
        for member in member_rows(cells, len(header)):
            name = member[name_col].text if len(member) > name_col else ""
            role = member[title_col].text if title_col is not None and len(member) > title_col else ""
            if EMAIL.search(name + role) or PHONE.search(name + role):
                plan.problems.append(
                    Problem(
                        f"satır {member[0].line}",
                        "Komisyon üyesi satırında ad/unvan yerine iletişim bilgisi var; satır alınmadı.",
                    )
                )
            elif name:
                committee.members.append((name, role))
        plan.committees.append(committee)


def committee_tables(tokens: list[Token]) -> list[tuple[str, list[Cell], list[Cell]]]:
    """Find committee tables as (title, header row, data cells); a header row has an "ADI SOYADI" cell."""
    groups: list[tuple[str, list[Cell], list[Cell]]] = []
    for table in tables_of(tokens):
        titles: list[str] = []
        for row in rows_of(table):
            texts = [cell.text for cell in row if cell.text]
            if any("soyad" in fold(text) for text in texts):
                groups.append((titles[-1] if titles else "", row, []))
                titles = []
            elif len(texts) == 1 and not texts[0].isdigit() and (not groups or member_complete(groups[-1])):
                titles.append(texts[0])  # a one-cell row after a complete member: the next table's title
            elif groups:
                groups[-1][2].extend(row)
    return groups


def member_complete(group: tuple[str, list[Cell], list[Cell]]) -> bool:
    """Whether the last member of a committee table already has all its cells."""
    _, header, cells = group
    starts = [i for i, cell in enumerate(cells) if cell.text.isdigit()]
    return not cells or len(cells) - (starts[-1] if starts else 0) >= len(header)


def member_rows(cells: list[Cell], width: int) -> list[list[Cell]]:
    """Group a committee table's cells into members: a new member starts at its sequence number."""
    members: list[list[Cell]] = []
    for cell in cells:
        # Rows are sometimes broken by empty lines, so the sequence number (not the row break) counts.
        if (
            (cell.text.isdigit() and (not members or len(members[-1]) >= 2))
            or not members
            or len(members[-1]) >= width
        ):
            members.append([])
        members[-1].append(cell)
    return members


def read_surveys_and_meetings(document: Document, plan: PlanDocument) -> None:
    """Read survey participant counts and the sentences about meetings from the preparation text."""
    text = " ".join(p.text for p in paragraphs_of(document.tokens("preparation")))
    for attribute, word in (("internal_survey_count", "içi"), ("external_survey_count", "dışı")):
        match = re.search(rf"[Kk]urum {word}[^.]*?anket[^.]*?(\d[\d.]*)\s*kişi", text)
        if match:
            setattr(plan, attribute, int(parse_decimal(match.group(1)) or 0))
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        sentence = re.sub(r"^\d+\s*-\s*", "", sentence).strip()
        key = fold(sentence)
        if ("toplanti" in key or "calistay" in key) and not (
            EMAIL.search(sentence) or PHONE.search(sentence)
        ):
            if sentence not in plan.meetings:
                plan.meetings.append(sentence)


# --------------------------------------------------------------------------------------------
# Stakeholders

_ROLE_WORDS = [
    ("temel ortak", "core_partner"),
    ("stratejik ortak", "strategic_partner"),
    ("tedarikci", "supplier"),
    ("yararlanici", "beneficiary"),
    ("musteri", "beneficiary"),
    ("hizmet alan", "beneficiary"),
]
_MARKS = {"x", "v", "o", "√", "✓", "+", "var"}


def column_meaning(label: str) -> str:
    """What a stakeholder-matrix column says: a role, "internal", "external", "reason" or "priority"."""
    key = fold(label)
    for word, role in _ROLE_WORDS:
        if word in key:
            return role
    if "neden" in key:
        return "reason"
    if "oncelig" in key or "onem" in key:
        return "priority"
    if "ic paydas" in key or key.startswith("ic") or "calisan" in key or "birim" in key:
        return "internal"
    if "dis paydas" in key or key.startswith("dis"):
        return "external"
    return ""


def matrix(cells: list[Cell]) -> tuple[list[str], list[list[Cell]]]:
    """Split a stakeholder matrix into the meanings of its columns (after the name) and its data rows."""
    rows = rows_of(cells)
    data_at = next(
        (i for i, row in enumerate(rows) if len(row) > 2 and any(fold(c.text) in _MARKS for c in row[1:])),
        len(rows),
    )
    data = [row for row in rows[data_at:] if row and row[0].text]
    width = max((len(row) for row in data), default=1) - 1
    labels = [c.text for row in rows[:data_at] for c in row if c.text]
    meanings = [column_meaning(label) for label in labels]
    # Column groups ("DIŞ PAYDAŞLAR") sit above their sub-columns; the last `width` labels are the real ones.
    meanings = [m for m in meanings if m][-width:] if width > 0 else []
    return meanings, data


def read_stakeholders(document: Document, plan: PlanDocument, abbreviations: dict[str, str]) -> None:
    """Read the classification matrix, then add priorities and reasons from the priority matrix."""
    meanings, data = matrix(first_table(document.tokens("stakeholder_class")))
    for row in data:
        marked = [m for m, c in zip(meanings, row[1:], strict=False) if fold(c.text) in _MARKS]
        roles = [m for m in marked if m not in ("internal", "external")]
        plan.stakeholders.append(StakeholderDoc(row[0].text, internal="internal" in marked, roles=roles))
    meanings, data = matrix(first_table(document.tokens("stakeholder_prio")))
    for row in data:
        values = dict(zip(meanings, row[1:], strict=False))
        name = abbreviations.get(row[0].text, row[0].text)
        target = next((s for s in plan.stakeholders if same_party(s.name, name)), None)
        if target is None:
            target = StakeholderDoc(name, internal=False)
            plan.stakeholders.append(target)
        if "internal" in values and fold(values["internal"].text) in _MARKS:
            target.internal = True
        if (
            "beneficiary" in values
            and fold(values["beneficiary"].text) in _MARKS
            and "beneficiary" not in target.roles
        ):
            target.roles.append("beneficiary")
        target.reason = values["reason"].text if "reason" in values else target.reason
        target.priority = values["priority"].text if "priority" in values else target.priority
    if not plan.stakeholders:
        plan.problems.append(Problem("belge", "Paydaş matrisi bulunamadı."))


def same_party(a: str, b: str) -> bool:
    """Whether two stakeholder names mean the same party ("Öğrenciler" and "Öğrenciler ve Veliler")."""
    wa, wb = fold(a).split(), fold(b).split()
    short, long_ = sorted((wa, wb), key=len)
    return bool(short) and long_[: len(short)] == short


# --------------------------------------------------------------------------------------------
# PEST, GZFT, problem areas, architecture, TOWS

_PEST_WORDS = [
    ("politik", "political"),
    ("ekonomik", "economic"),
    ("sosyo", "social"),
    ("sosyal", "social"),
    ("teknolojik", "technological"),
    ("ekolojik", "ecological"),
    ("cevre", "ecological"),
    ("etik", "ethical"),
    ("yasal", "legal"),
]


def read_pest(document: Document, plan: PlanDocument) -> None:
    """Read the PEST grid: header cells name categories, the cells below them list "-" items."""
    pending: list[str] = []
    for cell in first_table(document.tokens("pest")):
        category = next((c for w, c in _PEST_WORDS if w in fold(cell.text)), None)
        # A header is one short unmarked line ("Ekonomik çevre değişkenleri"); items start with "-".
        if (
            category
            and len(cell.lines) == 1
            and len(cell.text.split()) <= 6
            and not ITEM_MARK.match(cell.text)
        ):
            pending.append(category)
        elif pending:
            before, items = split_items(cell.lines)
            plan.pest.extend(PestDoc(pending[0], item) for item in items or before)
            pending.pop(0)
        elif cell.text:
            plan.problems.append(
                Problem(f"satır {cell.line}", "PEST tablosunda başlığı belirlenemeyen hücre atlandı.")
            )


_SWOT_WORDS = [("guclu", "strength"), ("zayif", "weakness"), ("firsat", "opportunity"), ("tehdit", "threat")]
_SWOT_LETTERS = {
    "G": "strength",
    "S": "strength",
    "Z": "weakness",
    "W": "weakness",
    "F": "opportunity",
    "O": "opportunity",
    "T": "threat",
}
_SWOT_NAMES = {"strength": "güçlü yön", "weakness": "zayıf yön", "opportunity": "fırsat", "threat": "tehdit"}


def themed_grid(cells: list[Cell], plan: PlanDocument) -> list[tuple[str, str]]:
    """Read a grid of theme header cells over item cells into (theme, item) pairs."""
    rows = rows_of(cells)
    first = next((i for i, row in enumerate(rows) if any(split_items(c.lines)[1] for c in row)), len(rows))
    labels = [c.text for row in rows[:first] for c in row if c.text]
    contents = [c for row in rows[first:] for c in row]
    if len(contents) > len(labels):
        plan.problems.append(
            Problem(
                f"satır {cells[0].line}",
                "Tablodaki sütun sayısı tema başlıklarından fazla; fazlası temasız alındı.",
            )
        )
    themes = (
        labels[-len(contents) :]
        if contents and len(labels) >= len(contents)
        else labels + [""] * len(contents)
    )
    return [
        (theme, item)
        for theme, cell in zip(themes, contents, strict=False)
        for item in split_items(cell.lines)[1]
    ]


def read_gzft(document: Document, plan: PlanDocument) -> list[SwotDoc]:
    """Read the GZFT (SWOT) tables: a category header, theme headers, then numbered items per theme."""
    groups: list[tuple[str, list[Cell]]] = []
    for cell in cells_of(document.tokens("swot")):
        category = next((c for w, c in _SWOT_WORDS if fold(cell.text).startswith(w)), None)
        if category and not ITEM_MARK.match(cell.lines[0]):
            groups.append((category, []))
        elif groups:
            groups[-1][1].append(cell)
    items: list[SwotDoc] = []
    for category, cells in groups:
        for theme, text in themed_grid(cells, plan) if cells else []:
            text = re.sub(r"^(?:\d+-(?!\d)|-)\s*", "", text)  # "1. 1-İlimizdeki…" carries a second mark
            items.append(SwotDoc(category, theme, 0, text))
    return items


def read_problem_areas(document: Document, plan: PlanDocument) -> None:
    """Read the problem and development areas, grouped by theme."""
    cells = first_table(document.tokens("problem_areas"))
    plan.problem_areas = (
        [ProblemAreaDoc(theme, text) for theme, text in themed_grid(cells, plan)] if cells else []
    )


def read_architecture(document: Document, plan: PlanDocument) -> None:
    """Read the plan architecture: a code line ("1.1.1.") followed by its title, or both on one line."""
    pattern = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?(?:\s+(.*))?$")
    current: ArchitectureDoc | None = None
    for _, text in document.text_lines("architecture"):
        match = pattern.match(text)
        if match:
            current = ArchitectureDoc(match.group(1), clean(match.group(2) or ""))
            plan.architecture.append(current)
        elif current is not None:
            current.title = clean(f"{current.title} {text}")
    tops = {c.code: c.title for c in plan.architecture if "." not in c.code}
    for component in plan.architecture:
        component.theme = tops.get(component.code.split(".")[0], "")


def read_tows(document: Document, plan: PlanDocument) -> dict[str, list[tuple[int, str, int]]]:
    """Read the TOWS matrix: the numbered SWOT lists it cites, and the strategies with citations."""
    lists: dict[str, list[tuple[int, str, int]]] = {}
    for cell in cells_of(document.tokens("tows")):
        label = fold(cell.lines[0])
        kind = re.match(r"^([gszw])([fot]) strateji", label)
        category = next((c for w, c in _SWOT_WORDS if label.startswith(w)), None)
        for number, text, line in numbered_items(cell):
            if kind:
                read_strategy(kind, text, line, plan)
            elif category:
                lists.setdefault(category, []).append((number, text, line))
    return lists


def read_strategy(kind: re.Match[str], text: str, line: int, plan: PlanDocument) -> None:
    """Add one TOWS strategy, splitting off its citation such as "(2G 1F)"."""
    first = "S" if kind.group(1) in "gs" else "W"
    second = "O" if kind.group(2) in "fo" else "T"
    found = re.search(r"\(\s*((?:\d+\s*[GZFTSWO]\s*)+)\)\s*\.?\s*$", text)
    cites = (
        [(_SWOT_LETTERS[letter], int(n)) for n, letter in re.findall(r"(\d+)\s*([GZFTSWO])", found.group(1))]
        if found
        else []
    )
    body = clean(text[: found.start()] if found else text)
    if not cites:
        plan.problems.append(
            Problem(f"satır {line}", f'TOWS stratejisinde SWOT atfı bulunamadı: "{body[:60]}…"')
        )
    plan.tows.append(TowsDoc(first + second, body, cites))


def best_match(text: str, items: list[SwotDoc]) -> SwotDoc | None:
    """The item saying the same thing as `text` most closely, if any says it at all."""
    candidates = [item for item in items if similar(item.text, text)]
    return max(candidates, key=lambda item: closeness(item.text, text), default=None)


def number_swot(
    gzft: list[SwotDoc], lists: dict[str, list[tuple[int, str, int]]], plan: PlanDocument
) -> None:
    """Give SWOT items the numbers TOWS cites; keep TOWS items missing from GZFT, and report them."""
    for category in ("strength", "weakness", "opportunity", "threat"):
        own = [item for item in gzft if item.category == category]
        cited = sorted(lists.get(category, []))
        for number, text, line in cited:
            match = best_match(text, [item for item in own if not item.number])
            if match:
                match.number = number
                continue
            elsewhere = next(
                (item for item in gzft if item.category != category and similar(item.text, text)), None
            )
            note = f" (GZFT'de {_SWOT_NAMES[elsewhere.category]} olarak yer alıyor)" if elsewhere else ""
            plan.problems.append(
                Problem(
                    f"satır {line}",
                    f"TOWS matrisindeki {number}. {_SWOT_NAMES[category]} GZFT analizinde bulunamadı{note}; temasız eklendi.",
                )
            )
            own.append(SwotDoc(category, "", number, text))
        following = max((n for n, _, _ in cited), default=0)
        for item in own:
            if not item.number:
                following += 1
                item.number = following
        plan.swot.extend(sorted(own, key=lambda item: item.number))
    known = {(item.category, item.number) for item in plan.swot}
    for strategy in plan.tows:
        for category, number in strategy.cites:
            if (category, number) not in known:
                plan.problems.append(
                    Problem(
                        "TOWS",
                        f'"{strategy.text[:50]}…" stratejisi olmayan {number}. {_SWOT_NAMES[category]} maddesine atıf yapıyor.',
                    )
                )
