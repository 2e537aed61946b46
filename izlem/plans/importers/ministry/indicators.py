"""Reader of a target's indicator tables: a year header row, then indicator and breakdown rows, each
aligned to the year columns without guessing (rules in `izlem.plans.importers.ministry_text`)."""

from __future__ import annotations

import re

from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.plans.importers.document import IndicatorDoc, IndicatorRowDoc, PlanDocument, Problem
from izlem.plans.importers.ministry.layout import YEAR, Cell, fold, rows_of

CODE = re.compile(r"^\d+(?:\.\d+)+$")


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
