"""Bulk entry: what the template pre-filled, signed per line, so a stale template never overwrites a newer value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core import signing

from izlem.monitoring.bulk.scope import VERSIONS_SALT, Scope, Sheet, parts_of
from izlem.monitoring.models import Value
from izlem.org.models import OrgNode
from izlem.plans.models import IndicatorRow


# --- what the template pre-filled: a stale template never overwrites a newer value -------------------------
@dataclass(frozen=True)
class Prefilled:
    """What a template's cell (or numerator-denominator pair) held when it was downloaded."""

    version: int  # the stored value's version then; 0: there was no stored value
    numbers: tuple[Decimal | None, ...]  # (value,) or (numerator, denominator); None: the cell was empty


NOTHING = Prefilled(0, ())


def _numbers_of(row: IndicatorRow, value: Value | None) -> tuple[Decimal | None, ...]:
    return tuple(getattr(value, part) if value is not None else None for part in parts_of(row))


def versions_sign(scope: Scope, sheet: Sheet, entity: OrgNode) -> str:
    """The hidden cell of a line: "row:version:numbers;…" of every stored value, signed with the period and entity.

    The signature (Django's signer, the site's secret key) makes an edited or moved cell detectable;
    it hides nothing (the same numbers are on the line).
    """
    items = []
    for row in sheet.rows:
        stored = scope.values.get((entity.pk, row.pk))
        if (entity.pk, row.pk) in sheet.cells and stored is not None:
            numbers = "/".join("" if n is None else str(n) for n in _numbers_of(row, stored))
            items.append(f"{row.pk}:{stored.version}:{numbers}")
    payload = f"{scope.period.pk}/{entity.pk}/{';'.join(items)}"
    return signing.Signer(salt=VERSIONS_SALT).sign(payload).split("/", 2)[2]


def versions_read(scope: Scope, entity: OrgNode, text: str) -> dict[int, Prefilled] | None:
    """The pre-filled cells of a line from its hidden cell; None when the cell was changed or belongs elsewhere."""
    try:
        payload = signing.Signer(salt=VERSIONS_SALT).unsign(f"{scope.period.pk}/{entity.pk}/{text}")
        found = {}
        for item in filter(None, payload.split("/", 2)[2].split(";")):
            row_id, version, numbers = item.split(":")
            found[int(row_id)] = Prefilled(
                int(version), tuple(Decimal(n) if n else None for n in numbers.split("/"))
            )
        return found
    except (signing.BadSignature, ValueError, ArithmeticError):
        return None
