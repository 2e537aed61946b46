"""Readers for the plan body: themes, goals, targets, indicator tables, measures and costing.

The body runs from "STRATEJİK PLAN GENEL TABLOSU" (a summary of goals and targets) through the
"TEMA:" sections (each goal with its targets, indicator tables, narratives and measures) up to the
next part heading. A goal or target met twice is merged: the later, detailed text wins. See
`izlem.plans.importers.ministry_text` for the alignment and unit rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.plans.importers.document import (
    CostLineDoc,
    GoalDoc,
    IndicatorDoc,
    IndicatorRowDoc,
    MeasureDoc,
    PlanDocument,
    Problem,
    TargetDoc,
)
from izlem.plans.importers.ministry.layout import (
    THEME_LINE,
    TR_LOWER,
    Cell,
    Document,
    Token,
    clean,
    first_table,
    fold,
    paragraphs_of,
    rows_of,
    similar,
    tables_of,
    tokenize,
)

# "1. Stratejik Amaç1:", "Stratejik Amaç 2.", "3.2. Stratejik hedef:"; a title on the same line must
# follow a "." or ":" so that a sentence starting "2. Stratejik amaç kapsamında" is not a heading.
GOAL = re.compile(r"^(?:(\d+)\s*\.?\s*)?Stratejik\s+Ama[çc](?![^\W\d])\s*(\d+)?\s*(?:[.:]\s*(.*))?$", re.I)
TARGET = re.compile(
    r"^(?:(\d+\.\d+)\s*\.?\s*)?Stratejik\s+Hedef(?![^\W\d])\s*(\d+\.\d+)?\s*(?:[.:]\s*(.*))?$", re.I
)
CODE = re.compile(r"^\d+(?:\.\d+)+$")
YEAR = re.compile(r"^(?:19|20)\d{2}$")
# Timing phrases of the Ministry template, used when a measure table has no timing column.
TIMING = re.compile(
    r"plan dönemi (?:sonuna kadar|süresince|boyunca)|her (?:yıl|dönem|ay)(?: en az (?:bir|\d+) (?:kez|defa))?"
    r"|yılda (?:bir|iki|\d+) (?:kez|defa)|sene başında|periyodik aralıklarla|\d{4} yılına kadar",
    re.IGNORECASE,
)
WRAPPED_TAIL = re.compile(r"^[A-ZÇĞİÖŞÜ][a-zçğıöşü]+[iıuü]$")  # "Hizmetleri", "Şubesi"
NARRATIVES = [
    ("rationale", "hedefin ne oldugu"),
    ("current_status", "hedefin mevcut durumu"),
    ("expected_outcome", "neyin elde edilmesinin umuldugu"),
]
MEASURE_COLUMNS = [
    ("ana sorumlu", "main"),
    ("diger sorumlu", "other"),
    ("is birligi", "other"),
    ("isbirligi", "other"),
    ("sorumlu", "main"),
    ("sure", "timing"),
    ("zaman", "timing"),
    ("takvim", "timing"),
    ("tedbir", "text"),
    ("faaliyet", "text"),
]


def code_key(code: str) -> tuple[int, ...]:
    """Sort key for dotted codes, so that 3.2.9 comes before 3.2.12."""
    return tuple(int(part) for part in re.findall(r"\d+", code))


def unit_for(name: str) -> str:
    """Derive an indicator's unit from its name (rule in the `ministry_text` docstring)."""
    key = fold(name)
    rules = [
        ("%" in name or "yuzde" in key, "percent"),
        (re.search(r"\bsaat\b", key), "hours"),
        (re.search(r"\bgun\b", key), "days"),
        ("ogrenci basina" in key, "per_student"),
        ("basina dusen" in key, "ratio"),
        (re.search(r"\bpuan", key), "score"),
        ("sayisina orani" in key, "ratio"),
        (re.search(r"\borani\b", key), "percent"),
        (re.search(r"\b(sayisi|adedi)\b", key), "count"),
    ]
    return next((unit for matched, unit in rules if matched), "other")


def is_number(text: str) -> bool:
    """Whether a cell reads as a number or as "no value"."""
    try:
        parse_decimal(text)
    except NumberFormatError:
        return False
    return True


def align_row(cells: list[str], width: int) -> tuple[str | None, list[str]] | None:
    """Split an indicator row's cells after the name into (disaggregation, one cell per year).

    Returns None when the cells cannot be aligned to the `width` year columns without guessing.
    """
    cells = list(cells)
    while len(cells) > width + 1 and not cells[-1]:
        cells.pop()  # stray empty cells after the last column
    if len(cells) == width + 1 and (not cells[0] or not is_number(cells[0])):
        return cells[0] or None, cells[1:]
    if len(cells) == width and is_number(cells[0]):
        return None, cells  # no label: a bad cell further on is a number problem, not an alignment one
    return None


def heading(line: str) -> tuple[str, str, str] | None:
    """Recognise a goal or target heading: (kind, code, title written on the same line)."""
    text = clean(line)
    for kind, pattern in (("goal", GOAL), ("target", TARGET)):
        match = pattern.match(text)
        if match and (match.group(1) or match.group(2)):
            return kind, match.group(1) or match.group(2), (match.group(3) or "").strip()
    return None


@dataclass
class Block:
    """The lines under one goal or target heading."""

    kind: str
    code: str
    title: str
    theme: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)


def read_blocks(document: Document, plan: PlanDocument) -> list[Block]:
    """Cut the plan body into goal and target blocks, noting the theme each one falls under."""
    span = document.span("overview", "theme")
    if span is None:
        plan.problems.append(Problem("belge", "Stratejik plan genel tablosu ve TEMA bölümleri bulunamadı."))
        return []
    blocks: list[Block] = []
    theme = ""
    for index in range(*span):
        raw = document.lines[index]
        is_text = bool(raw.strip()) and not raw.startswith("\t")
        found = heading(raw) if is_text else None
        if is_text and THEME_LINE.match(raw):
            theme = resolve_theme(clean(THEME_LINE.sub("", raw)), plan)
            if theme not in plan.themes:
                plan.themes.append(theme)
            blocks.append(Block("theme", "", theme, theme, index + 1))  # closes the previous block
        elif found:
            blocks.append(Block(found[0], found[1], found[2], theme, index + 1))
        elif blocks:
            blocks[-1].body.append((index + 1, raw))
    return [block for block in blocks if block.kind != "theme"]


def resolve_theme(text: str, plan: PlanDocument) -> str:
    """Name a "TEMA:" heading by the architecture's matching top-level title, else as written."""
    tops = [c.title for c in plan.architecture if "." not in c.code]
    return next((title for title in tops if similar(title, text)), text)


def part_name(raw: str) -> str | None:
    """Which part of a target block a line opens: a narrative question, "measures", or None."""
    if raw.startswith("\t") or not raw.strip():
        return None
    key = fold(raw)
    if key == "tedbirler":
        return "measures"
    return next((name for name, start in NARRATIVES if key.startswith(start)), None)


def block_parts(block: Block) -> dict[str, list[Token]]:
    """Split a target block at its narrative headings into token lists per part."""
    parts: dict[str, list[tuple[int, str]]] = {"head": []}
    current = "head"
    for number, raw in block.body:
        name = part_name(raw)
        if name:
            current = name
            parts.setdefault(current, [])
        else:
            parts[current].append((number, raw))
    return {
        name: tokenize([raw for _, raw in lines], lines[0][0]) if lines else []
        for name, lines in parts.items()
    }


def parse_plan_body(document: Document, plan: PlanDocument) -> None:
    """Read goals, targets, indicators and measures from the body, then the costing table."""
    goals: dict[str, GoalDoc] = {}
    targets: dict[str, TargetDoc] = {}
    for block in read_blocks(document, plan):
        if block.kind == "goal":
            title = block.title or " ".join(
                p.text for p in paragraphs_of(tokenize([r for _, r in block.body], block.line))
            )
            goal = goals.setdefault(block.code, GoalDoc(block.code, "", ""))
            goal.title = clean(title) or goal.title
            goal.theme = block.theme or goal.theme
        else:
            read_target(block, goals, targets, plan)
    plan.goals = sorted(goals.values(), key=lambda g: code_key(g.code))
    plan.targets = sorted(targets.values(), key=lambda t: code_key(t.code))
    for goal in plan.goals:
        if not goal.theme:
            plan.problems.append(
                Problem(
                    f"amaç {goal.code}", f"Stratejik amaç {goal.code} bir TEMA başlığı altında bulunamadı."
                )
            )
    for target in plan.targets:
        if not any(i.target_code == target.code for i in plan.indicators):
            plan.problems.append(
                Problem(
                    f"hedef {target.code}",
                    f"Stratejik hedef {target.code} için performans göstergesi tablosu bulunamadı.",
                )
            )
    read_costs(document, plan)


def read_target(
    block: Block, goals: dict[str, GoalDoc], targets: dict[str, TargetDoc], plan: PlanDocument
) -> None:
    """Read one target block: statement, indicator table, narratives and measures."""
    goal_code = block.code.split(".")[0]
    if goal_code not in goals:
        plan.problems.append(
            Problem(
                f"hedef {block.code}",
                f"Stratejik hedef {block.code} için {goal_code} numaralı amaç bulunamadı.",
            )
        )
        goals[goal_code] = GoalDoc(goal_code, "", block.theme)
    target = targets.setdefault(block.code, TargetDoc(block.code, goal_code, ""))
    parts = block_parts(block)
    head = parts["head"]
    statement = block.title or " ".join(p.text for p in paragraphs_of(head[: index_of_first_cell(head)]))
    target.statement = clean(statement) or target.statement
    for name in ("rationale", "current_status", "expected_outcome"):
        text = "\n\n".join(p.text for p in paragraphs_of(parts.get(name, [])))
        setattr(target, name, text or getattr(target, name))
    for tokens in parts.values():
        for table in (piece for whole in tables_of(tokens) for piece in split_at_measure_header(whole)):
            if any(sum(bool(YEAR.match(c.text)) for c in row) >= 2 for row in rows_of(table)):
                read_indicators(table, block.code, plan)
            elif any("tedbir" in fold(c.text) or "sorumlu" in fold(c.text) for c in table[:8]):
                read_measures(table, block.code, plan)
            else:
                plan.problems.append(
                    Problem(
                        f"satır {table[0].line}",
                        f"Stratejik hedef {block.code} altındaki tablo tanınmadı (gösterge veya tedbir tablosu değil).",
                    )
                )


def split_at_measure_header(table: list[Cell]) -> list[list[Cell]]:
    """Split a table where a measure header row ("Tedbir") starts, in case no narrative separates them."""
    rows = rows_of(table)
    at = next((i for i, row in enumerate(rows) if i and any(fold(c.text) == "tedbir" for c in row)), None)
    if at is None:
        return [table]
    return [[c for row in rows[:at] for c in row], [c for row in rows[at:] for c in row]]


def index_of_first_cell(tokens: list[Token]) -> int:
    """Position of the first cell among tokens (len(tokens) when there is none)."""
    return next((i for i, token in enumerate(tokens) if isinstance(token, Cell)), len(tokens))


def read_indicators(cells: list[Cell], target_code: str, plan: PlanDocument) -> None:
    """Read an indicator table: a year header row, then indicator and disaggregation rows.

    Anything that would need a guess (a row that does not align with the year columns, a cell that
    is not a number where a number belongs, an unknown breakdown label) goes to `plan.errors` with
    its line and column: the import is refused rather than the table silently reinterpreted.
    """
    rows = rows_of(cells)
    years_at = next(i for i, row in enumerate(rows) if sum(bool(YEAR.match(c.text)) for c in row) >= 2)
    years = [int(c.text) for c in rows[years_at] if YEAR.match(c.text)]
    if plan.period_end and years[-1] != plan.period_end:
        plan.problems.append(
            Problem(
                f"satır {rows[years_at][0].line}",
                f"Hedef {target_code} gösterge tablosunun hedef yılı ({years[-1]}) plan dönemi sonu "
                f"({plan.period_end}) değil.",
            )
        )
    created: list[IndicatorDoc] = []
    current: IndicatorDoc | None = None
    for row in rows[years_at + 1 :]:
        texts = [c.text for c in row]
        if CODE.match(texts[0].rstrip(".")):
            name = texts[1].rstrip(" ,;") if len(texts) > 1 else ""
            current = IndicatorDoc(texts[0].rstrip("."), target_code, name, unit_for(name), [])
            current.where = f"satır {row[0].line}"
            if any(i.code == current.code for i in plan.indicators):
                plan.problems.append(
                    Problem(
                        f"gösterge {current.code}",
                        f"Gösterge kodu {current.code} ikinci kez geçiyor; ikisi de alındı.",
                    )
                )
            if not current.code.startswith(f"{target_code}."):
                plan.problems.append(
                    Problem(
                        f"gösterge {current.code}",
                        f"Gösterge {current.code}, kodu uymadığı halde {target_code} hedefinin tablosunda.",
                    )
                )
            plan.indicators.append(current)
            created.append(current)
            start = 2
        elif current is not None and not texts[0]:
            start = 2 if len(texts) > 1 and not texts[1] else 1
        else:
            if any(texts):
                plan.errors.append(
                    Problem(
                        f"satır {row[0].line}",
                        f"Hedef {target_code} gösterge tablosunda bu satır okunamadı: "
                        f'"{" | ".join(texts)[:60]}". Bir gösterge kodu veya boş ilk hücre beklenirdi; '
                        "satırın içinde boş bir satır kalmış olabilir.",
                    )
                )
            continue
        add_indicator_row(current, row, start, years, plan)
    for indicator in created:
        if not indicator.rows:
            plan.errors.append(
                Problem(
                    f"gösterge {indicator.code}",
                    f"Gösterge {indicator.code} için okunabilir değer satırı yok ({indicator.where}).",
                )
            )


# Breakdown labels a Ministry plan uses besides the education levels (services.BREAKDOWN_LEVELS), folded.
BREAKDOWN_WORDS = [
    "kiz",
    "erkek",
    "toplam",
    "genel",
    "resmi",
    "devlet",
    "ozel",
    "mesleki",
    "teknik",
    "anadolu",
    "imam hatip",
    "fen",
    "sosyal bilimler",
    "guzel sanatlar",
    "spor",
    "kaynastirma",
    "halk egitim",
    "yaygin",
    "orgun",
    "acik ogretim",
    "merkez",
    "koy",
]
GRADES = re.compile(r"^\d+\s*-\s*\d+\.?\s*sinif")
NUMBERISH = re.compile(r"^[\d\s.,%+-]+$")


def breakdown_problem(label: str) -> str | None:
    """Why a cell cannot be a breakdown label (None when it reads as one), in Turkish.

    A label is short (at most four words), starts with a capital letter or a digit and names an
    education level, a grade range or one of `BREAKDOWN_WORDS`. A lower-case start or a long text is
    the second half of an indicator name split over two cells; digits and separators only are a
    number split over two cells ("52," / "75").
    """
    from izlem.plans.services import level_for_breakdown

    if NUMBERISH.match(label):
        return f"“{label}” bir sayı değil (bir sayı iki hücreye bölünmüş olabilir)"
    key = fold(label)
    known = (
        level_for_breakdown(label) != ""
        or GRADES.match(key)
        or any(re.search(rf"\b{word}\b", key) for word in BREAKDOWN_WORDS)
    )
    if not label[:1].isupper() and not label[:1].isdigit() or len(key.split()) > 4 or not known:
        return (
            f"“{label[:60]}” bilinen bir kırılım adı değil (İlkokul, Ortaokul, Ortaöğretim, Kız …); "
            "gösterge adı iki hücreye bölünmüş olabilir"
        )
    return None


def add_indicator_row(
    indicator: IndicatorDoc, row: list[Cell], start: int, years: list[int], plan: PlanDocument
) -> None:
    """Align one row's cells (from column `start`) to the year columns, or record a located error."""
    cells = [c.text for c in row[start:]]
    line = row[0].line
    aligned = align_row(cells, len(years))
    if aligned is None:
        plan.errors.append(
            Problem(
                f"satır {line}",
                f"Gösterge {indicator.code} satırındaki {len(cells)} hücre ({' | '.join(cells)}) "
                f"{'-'.join(map(str, years))} sütunlarıyla tek anlamlı eşleştirilemedi; bir kırılım adı ve "
                f"{len(years)} değer (ya da yalnızca {len(years)} değer) beklenirdi. Satırın içinde boş bir "
                "satır ya da bölünmüş bir hücre olabilir.",
            )
        )
        return
    breakdown, raw_values = aligned
    offset = start + (1 if breakdown is not None or len(cells) == len(years) + 1 else 0)
    if breakdown is not None and (why := breakdown_problem(breakdown)):
        plan.errors.append(
            Problem(
                f"satır {row[start].line}, sütun {start + 1}",
                f"Gösterge {indicator.code}: {why}. Bu sütunda bir kırılım adı ya da "
                f"{years[0]} değeri beklenirdi.",
            )
        )
        return
    values = []
    for index, (year, raw) in enumerate(zip(years, raw_values, strict=True)):
        try:
            values.append(parse_decimal(raw))
        except NumberFormatError:
            cell = row[offset + index] if offset + index < len(row) else row[-1]
            plan.errors.append(
                Problem(
                    f"satır {cell.line}, sütun {offset + index + 1}",
                    f'Gösterge {indicator.code}, {year} değeri sayı olarak okunamadı: "{raw}"; '
                    "bir sayı, - ya da boş hücre beklenirdi.",
                )
            )
            values.append(None)
    baselines = dict(zip(years[:-1], values[:-1], strict=True))
    indicator.rows.append(IndicatorRowDoc(breakdown, baselines, values[-1], years[-1], where=f"satır {line}"))


def read_measures(cells: list[Cell], target_code: str, plan: PlanDocument) -> None:
    """Read a measure table: number, text and responsible units, one measure per leading number."""
    first = next((i for i, c in enumerate(cells) if c.text.isdigit()), len(cells))
    roles = [measure_column(c.text) for c in cells[:first]]
    if "text" not in roles:
        roles = ["number", "text", "main", "other"]
    records: list[list[Cell]] = []
    for cell in cells[first:]:
        # Rows are sometimes broken by empty lines; a bare number after the text starts the next measure.
        if cell.text.isdigit() and (not records or len(records[-1]) >= 2):
            records.append([])
        records[-1].append(cell)
    for record in records:
        number = int(record[0].text)
        if len(record) > len(roles):
            plan.problems.append(
                Problem(
                    f"tedbir {number}",
                    f"Tedbir {number} satırında fazladan {len(record) - len(roles)} hücre var; alınmadı (satır {record[0].line}).",
                )
            )
        values = dict(zip(roles, record, strict=False))
        if any(m.number == number for m in plan.measures):
            plan.problems.append(
                Problem(
                    f"tedbir {number}",
                    f"Tedbir numarası {number} ikinci kez geçiyor (satır {record[0].line}).",
                )
            )
        plan.measures.append(
            MeasureDoc(
                number=number,
                target_code=target_code,
                text=values["text"].text if "text" in values else "",
                main_units=split_units(values.get("main")),
                other_units=split_units(values.get("other")),
                timing=values["timing"].text if "timing" in values else timing_in(values.get("text")),
            )
        )


def timing_in(cell: Cell | None) -> str:
    """The timing phrases a measure's text carries ("plan dönemi sonuna kadar, her yıl"), lower-cased."""
    found = TIMING.findall(cell.text if cell else "")
    return ", ".join(dict.fromkeys(phrase.translate(TR_LOWER).lower() for phrase in found))


def measure_column(label: str) -> str:
    """What a measure-table header cell names: number, text, main, other or timing."""
    key = fold(label)
    return next(
        (role for word, role in MEASURE_COLUMNS if word in key),
        "number" if key in ("", "no", "sira no") else "",
    )


def split_units(cell: Cell | None) -> list[str]:
    """Split a responsible-units cell into unit phrases (wrapping rules in the module docstring)."""
    phrases: list[str] = []
    for line in (clean(raw) for raw in (cell.lines if cell else [])):
        opening = re.match(r"^(\([^)]*\))\s*(.*)$", line)
        if opening and phrases:
            phrases[-1] = f"{phrases[-1].rstrip(' ,')} {opening.group(1)}"
            line = opening.group(2)
        if line and WRAPPED_TAIL.match(line) and phrases:
            phrases[-1] = f"{phrases[-1].rstrip(' ,')} {line}"
        elif line:
            phrases.append(line)
    units = (clean(part).rstrip(".") for phrase in phrases for part in phrase.split(","))
    return [unit for unit in units if unit]


def read_costs(document: Document, plan: PlanDocument) -> None:
    """Read the costing table exactly as printed: per target, per goal, totals, general expenses."""
    rows = rows_of(first_table(document.tokens("costing")))
    if not rows:
        plan.problems.append(Problem("belge", "Maliyetlendirme tablosu bulunamadı."))
        return
    header = [fold(c.text) for c in rows[0]] if not cost_label(rows[0][0].text) else []
    for row in rows[1 if header else 0 :]:
        offset = len(row) - len(header) if header else 0
        columns = {name: i + offset for i, name in enumerate(cost_column(h) for h in header) if name}
        amount_at, share_at = columns.get("amount", 1), columns.get("share", 2)
        label = cost_label(row[0].text)
        if label is None:
            plan.problems.append(
                Problem(
                    f"satır {row[0].line}", f'Maliyet tablosunda tanınmayan satır atlandı: "{row[0].text}".'
                )
            )
            continue
        line = CostLineDoc(
            label[1], label[0], cost_value(row, amount_at, plan), cost_value(row, share_at, plan)
        )
        for name, at in columns.items():
            if YEAR.match(name) and (value := cost_value(row, at, plan)) is not None:
                line.yearly[int(name)] = value
        plan.costs.append(line)
        if line.kind == "target" and not any(t.code == line.key for t in plan.targets):
            plan.problems.append(
                Problem(
                    f"satır {row[0].line}",
                    f"Maliyet tablosundaki hedef {line.key} planın hedefleri arasında yok.",
                )
            )


def cost_column(header: str) -> str:
    """What a costing header cell names: a year, "amount", "share" or nothing."""
    if YEAR.match(header):
        return header
    if "oran" in header or header == "%":
        return "share"
    if "maliyet" in header or "tutar" in header or "toplam" in header:
        return "amount"
    return ""


def cost_label(label: str) -> tuple[str, str] | None:
    """Classify a costing row label as (kind, key), e.g. ("target", "1.1"); None if unknown."""
    key = fold(label)
    code = re.search(r"\d+(?:\.\d+)*", label.replace(" ", ""))
    if "hedef" in key and code:
        return "target", code.group(0)
    if "amac" in key and "toplam" in key:
        return "goals_total", "goals_total"
    if "amac" in key and code:
        return "goal", code.group(0)
    if "genel yonetim" in key or "genel gider" in key:
        return "general_admin", "general_admin"
    if key.startswith("toplam") or key == "genel toplam":
        return "total", "total"
    return None


def cost_value(row: list[Cell], at: int, plan: PlanDocument) -> Decimal | None:
    """Read one costing cell as a number; None (and a Problem) if it is not one."""
    if at >= len(row):
        return None
    try:
        return parse_decimal(row[at].text)
    except NumberFormatError:
        plan.problems.append(
            Problem(f"satır {row[at].line}", f'Maliyet tablosunda sayı okunamadı: "{row[at].text}".')
        )
        return None
