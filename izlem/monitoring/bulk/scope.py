"""Bulk entry: the user's scope in a period (sheets per level, entities, rows) and the workbook's names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext as _

from izlem.core.workbook import cell_where
from izlem.monitoring import access
from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.rollup.figures import leaf_kind
from izlem.monitoring.selectors.owed import owes, plan_rows, row_scales
from izlem.org.models import OrgNode, User
from izlem.plans.models import Indicator, IndicatorRow

KEY_PREFIX = "izlem-bulk"
VALUE, NUMERATOR, DENOMINATOR, NOTE = "value", "numerator", "denominator", "note"
VERSIONS = "versions"  # the hidden last column: what each pre-filled cell of the line held, and its version
VERSIONS_SALT = "izlem.monitoring.bulk.versions"
LEVELS = (OrgNode.Kind.SCHOOL, OrgNode.Kind.DISTRICT, OrgNode.Kind.PROVINCE)
FOUR = Decimal("0.0001")
MAX_ERRORS = 200  # a wholly wrong file is reported by its first problems, not by thousands of lines
PROGRESS_STEPS = 20  # save progress every ~5 %


def sheet_title(kind: str) -> str:
    """The sheet of a collection level (31 characters at most, as spreadsheets require)."""
    return {
        OrgNode.Kind.SCHOOL: _("Schools"),
        OrgNode.Kind.DISTRICT: _("Districts"),
        OrgNode.Kind.PROVINCE: _("Province"),
    }[kind][:31]


def row_label(row: IndicatorRow) -> str:
    """An indicator row as columns and messages name it: "1.1.2 İlkokul"."""
    return f"{row.indicator.code} {row.breakdown}".strip()


def is_ratio(row: IndicatorRow) -> bool:
    return row.indicator.aggregation == Indicator.Aggregation.RATIO


def parts_of(row: IndicatorRow) -> tuple[str, ...]:
    """The columns of a row: numerator and denominator for ratio indicators, else one value."""
    return (NUMERATOR, DENOMINATOR) if is_ratio(row) else (VALUE,)


def column_header(row: IndicatorRow, part: str) -> str:
    if part == NUMERATOR:
        return _("%(row)s — numerator") % {"row": row_label(row)}
    if part == DENOMINATOR:
        return _("%(row)s — denominator") % {"row": row_label(row)}
    return row_label(row)


def where(sheet: str, row: int, column: str) -> str:
    """A cell's place for a message (the one wording of every import: `izlem.core.workbook.cell_where`)."""
    return cell_where(sheet, row, column)


# --- the user's scope in a period --------------------------------------------------------------------
@dataclass
class Sheet:
    """One level of the template: its entities, its indicator rows and the cells that belong to them."""

    kind: str
    entities: list[OrgNode]
    rows: list[IndicatorRow]
    cells: set[tuple[int, int]]  # (entity id, row id) the entity reports and the user may fill

    @property
    def columns(self) -> list[tuple[IndicatorRow, str]]:
        return [(row, part) for row in self.rows for part in parts_of(row)]


@dataclass
class Scope:
    """What a user may fill in a period, read in a fixed number of queries (no query per entity or cell)."""

    user: User
    period: Period
    entities: list[OrgNode]
    rows: list[IndicatorRow]
    submissions: dict[int, Submission]
    values: dict[tuple[int, int], Value]

    def applies(self, entity: OrgNode, row: IndicatorRow) -> bool:
        """The entity owes this row in the period (`selectors.owes`, the one rule of every page)."""
        return owes(row, entity)

    def may(self, entity: OrgNode, row: IndicatorRow) -> bool:
        return access.can_bulk_enter_row(self.user, entity, row)

    def submission(self, entity: OrgNode) -> Submission | None:
        return self.submissions.get(entity.pk)

    @cached_property
    def scales(self) -> dict[int, Decimal]:
        """row id → the plan's largest figure for it (the outlier check's scale, as `services` reads it)."""
        return row_scales(self.rows)

    def editable(self, entity: OrgNode) -> bool:
        """The entity's data may change now: a draft or returned submission (or none yet) in an open period."""
        submission = self.submission(entity)
        if submission is None:
            return self.period.state == Period.State.OPEN
        return submission.is_editable

    def sheets(self) -> list[Sheet]:
        """The template's sheets: only levels, entities and rows with at least one cell to fill."""
        sheets = []
        for kind in LEVELS:
            entities = [entity for entity in self.entities if entity.kind == kind]
            rows = [row for row in self.rows if leaf_kind(row.indicator) == kind]
            cells = {
                (entity.pk, row.pk)
                for entity in entities
                for row in rows
                if self.applies(entity, row) and self.may(entity, row)
            }
            rows = [row for row in rows if any((entity.pk, row.pk) in cells for entity in entities)]
            entities = [entity for entity in entities if any((entity.pk, row.pk) in cells for row in rows)]
            if entities and rows:
                sheets.append(Sheet(kind, entities, rows, cells))
        return sheets


def scope_load(*, user: User, period: Period) -> Scope:
    """Read the user's bulk scope of the period: entities, rows, submissions and stored values."""
    owner = period.plan.owner
    entities = list(access.bulk_entry_entities(user, under=owner).order_by("parent__name", "name", "code"))
    rows = plan_rows(period.plan)
    ids = [entity.pk for entity in entities]
    submissions = {}
    for submission in Submission.objects.filter(period=period, entity_id__in=ids):
        submission.period = period
        submissions[submission.entity_id] = submission
    values = {
        (value.entity_id, value.row_id): value
        for value in Value.objects.filter(period=period, entity_id__in=ids).only(
            "entity_id", "row_id", "value", "numerator", "denominator", "note", "version"
        )
    }
    return Scope(user, period, entities, rows, submissions, values)
