"""Reader of the costing table, exactly as printed: per target, per goal, totals, general expenses."""

from __future__ import annotations

import re
from decimal import Decimal

from izlem.core.formats import NumberFormatError, parse_decimal
from izlem.plans.importers.document import CostLineDoc, PlanDocument, Problem
from izlem.plans.importers.ministry.layout import YEAR, Cell, Document, first_table, fold, rows_of


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
