"""Reader of a target's measure tables: number, text, responsible units and timing."""

from __future__ import annotations

import re

from izlem.plans.importers.document import MeasureDoc, PlanDocument, Problem
from izlem.plans.importers.ministry.layout import TR_LOWER, Cell, clean, fold

# Timing phrases of the Ministry template, used when a measure table has no timing column.
TIMING = re.compile(
    r"plan dönemi (?:sonuna kadar|süresince|boyunca)|her (?:yıl|dönem|ay)(?: en az (?:bir|\d+) (?:kez|defa))?"
    r"|yılda (?:bir|iki|\d+) (?:kez|defa)|sene başında|periyodik aralıklarla|\d{4} yılına kadar",
    re.IGNORECASE,
)
WRAPPED_TAIL = re.compile(r"^[A-ZÇĞİÖŞÜ][a-zçğıöşü]+[iıuü]$")  # "Hizmetleri", "Şubesi"


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
