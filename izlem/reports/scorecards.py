"""School and district scorecards and rankings (SPEC §3 Reports 4; "School realization" in §3 Evaluation).

Definitions (docs: the same text is shown on the page):

* **School share on track** — `selectors.school_realization`: of the indicator rows collected from
  schools that apply to the school (by its education levels), the share whose value the school has
  submitted and that is on track against the plan's path. A row without a submitted value counts as
  applicable but not on track.
* **District share on track** — the same share computed from the district's own figures: of the
  indicator rows collected from schools or from districts, those with at least one entity in the
  district that reports them are applicable; a row is on track when the district's rolled-up figure
  (from submitted data, `rollup`) is on track against the plan's path; a row without a figure is not
  on track. Rows entered only by the province's units are nobody's district's and do not count.
  Counts (rows summed up to the province) do not count either: a district's count is a part of the
  province's total, which has no district target to be judged against (`cards.is_judged`); rates,
  means, minima and maxima are judged against the plan's path at every level.
* **Overdue measures** — measures belong to the province's plan and are owned by the province's
  units, not by districts or schools; a scorecard therefore shows the province's overdue measures
  once, in its summary, and does not spread them over districts or schools.
* **Submission timeliness** — the entity's submission against its due date (schools: the schools'
  due date; districts: the districts' due date): submitted on or before it is on time, after it is
  late by the number of days between; not submitted yet is pending before the due date and overdue
  after it (counting days while the period is open). The submission time is that of the latest
  submission (a returned and resubmitted entry counts from its resubmission).
* **Rank** — by share on track, best first; equal shares share a rank (1, 2, 2, 4); ranked within the
  filtered list.

Queries: a fixed number, whatever the number of schools (school realization, one rollup for all
districts, one query for every submission).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.monitoring.evaluation import Status
from izlem.monitoring.models import Period, Submission
from izlem.monitoring.rollup import rollup
from izlem.monitoring.selectors import overdue_measures, row_plans, school_realization
from izlem.org.models import OrgNode
from izlem.plans.models import Indicator, IndicatorRow, Measure

from .cards import is_judged, judge, turkish_key

ON_TIME, LATE, PENDING, OVERDUE = "on_time", "late", "pending", "overdue"


@dataclass
class Timeliness:
    """An entity's submission against its due date."""

    state: str
    due: dt.date
    submitted_on: dt.date | None
    status: str  # on_time, late, pending, overdue
    days_late: int | None  # late: days after the due date; overdue: days so far (open periods)

    @property
    def sort_days(self) -> int:
        """Days late for sorting: never submitted after the due date sorts as the latest of all."""
        if self.status == OVERDUE:
            return 10**6 + (self.days_late or 0)
        return self.days_late or 0


def timeliness(submission: Submission | None, period: Period, due: dt.date, today: dt.date) -> Timeliness:
    """How timely an entity's submission is (`submission` None: never started)."""
    state = submission.state if submission else Submission.State.DRAFT
    if state in Submission.REPORTED and submission.submitted_at:
        submitted_on = timezone.localdate(submission.submitted_at)
        days = (submitted_on - due).days
        return Timeliness(state, due, submitted_on, LATE if days > 0 else ON_TIME, max(days, 0))
    if today <= due:
        return Timeliness(state, due, None, PENDING, None)
    days = (today - due).days if period.state == Period.State.OPEN else None
    return Timeliness(state, due, None, OVERDUE, days)


@dataclass
class SchoolLine:
    """A school on the scorecard."""

    school: OrgNode
    district: OrgNode | None
    applicable: int
    reported: int
    on_track: int
    percent: Decimal | None
    timeliness: Timeliness
    rank: int | None = None


@dataclass
class DistrictLine:
    """A district on the scorecard: its own figures' share on track, its submission and its schools'."""

    district: OrgNode
    applicable: int
    reported: int
    on_track: int
    timeliness: Timeliness
    schools: int = 0
    schools_on_time: int = 0
    schools_late: int = 0  # submitted late, or overdue
    rank: int | None = None

    @property
    def percent(self) -> Decimal | None:
        if not self.applicable:
            return None
        return (Decimal(self.on_track) * 100 / Decimal(self.applicable)).quantize(Decimal("0.1"))


@dataclass
class Scorecard:
    """The scorecard of a province or district for a period."""

    period: Period
    node: OrgNode
    schools: list[SchoolLine]
    districts: list[DistrictLine]
    overdue_measures: list[Measure]
    sort: str
    district_choices: list[OrgNode] = field(default_factory=list)
    type_choices: list[tuple[str, str]] = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    school_total: int = 0  # before filtering


SCHOOL_SORTS = {
    "rank": lambda line: (line.rank is None, line.rank or 0),
    "name": lambda line: turkish_key(line.school.name),
    "district": lambda line: turkish_key(line.district.name if line.district else ""),
    "type": lambda line: turkish_key(line.school.get_school_type_display()),
    "setting": lambda line: line.school.setting,
    "applicable": lambda line: line.applicable,
    "reported": lambda line: line.reported,
    "on_track": lambda line: line.on_track,
    "share": lambda line: line.percent,
    "state": lambda line: line.timeliness.state,
    "days_late": lambda line: line.timeliness.sort_days,
}
DISTRICT_SORTS = {
    "rank": lambda line: (line.rank is None, line.rank or 0),
    "name": lambda line: turkish_key(line.district.name),
    "applicable": lambda line: line.applicable,
    "reported": lambda line: line.reported,
    "on_track": lambda line: line.on_track,
    "share": lambda line: line.percent,
    "state": lambda line: line.timeliness.state,
    "days_late": lambda line: line.timeliness.sort_days,
}


def clean_sort(sort: str | None) -> str:
    """A known sort key with an optional leading '-', else 'rank'."""
    sort = (sort or "").strip()
    return sort if sort.lstrip("-") in SCHOOL_SORTS else "rank"


def sorted_lines(lines: list, sort: str, keys: dict, *, label) -> list:
    """Sort by `sort` ('-' for descending), equal values by name; lines without a value go last either way."""
    value = keys.get(sort.lstrip("-"), keys["rank"])
    by_name = sorted(lines, key=lambda line: turkish_key(label(line)))
    present = [line for line in by_name if value(line) is not None]
    missing = [line for line in by_name if value(line) is None]
    return sorted(present, key=value, reverse=sort.startswith("-")) + missing


def rank(lines: list) -> None:
    """Competition ranking by share on track, best first (1, 2, 2, 4); no share, no rank."""
    ordered = sorted((line for line in lines if line.percent is not None), key=lambda line: -line.percent)
    previous, position = None, 0
    for index, line in enumerate(ordered, start=1):
        if line.percent != previous:
            position, previous = index, line.percent
        line.rank = position


def scorecard(
    *,
    period: Period,
    node: OrgNode,
    sort: str = "rank",
    district: OrgNode | None = None,
    school_type: str = "",
    setting: str = "",
    today: dt.date | None = None,
) -> Scorecard:
    """The scorecard of `node` (a province or a district) in `period`, filtered and sorted."""
    today = today or timezone.localdate()
    sort = clean_sort(sort)
    districts = (
        sorted(
            OrgNode.objects.filter(parent=node, kind=OrgNode.Kind.DISTRICT, is_active=True),
            key=lambda district: turkish_key(district.name),
        )
        if node.kind == OrgNode.Kind.PROVINCE
        else []
    )
    district_by_id = {d.pk: d for d in districts} if districts else {node.pk: node}
    realization = school_realization(period, node)
    submissions = {
        s.entity_id: s
        for s in Submission.objects.filter(period=period, entity__path__startswith=node.path).only(
            "entity_id", "state", "submitted_at"
        )
    }
    all_schools = [
        SchoolLine(
            school=item.school,
            district=district_by_id.get(item.school.parent_id),
            applicable=item.applicable,
            reported=item.reported,
            on_track=item.on_track,
            percent=item.percent,
            timeliness=timeliness(submissions.get(item.school.pk), period, period.school_due, today),
        )
        for item in realization
    ]
    district_lines = _district_lines(period, districts, submissions, all_schools, today)
    rank(district_lines)
    schools = [
        line
        for line in all_schools
        if (district is None or line.school.parent_id == district.pk)
        and (not school_type or line.school.school_type == school_type)
        and (not setting or line.school.setting == setting)
    ]
    rank(schools)
    types = sorted(
        {
            (s.school.school_type, s.school.get_school_type_display())
            for s in all_schools
            if s.school.school_type
        },
        key=lambda choice: turkish_key(choice[1]),
    )
    return Scorecard(
        period=period,
        node=node,
        schools=sorted_lines(schools, sort, SCHOOL_SORTS, label=lambda line: line.school.name),
        districts=sorted_lines(district_lines, sort, DISTRICT_SORTS, label=lambda line: line.district.name),
        overdue_measures=overdue_with_targets(period),
        sort=sort,
        district_choices=districts,
        type_choices=types,
        filters={"district": district, "school_type": school_type, "setting": setting},
        school_total=len(all_schools),
    )


def overdue_with_targets(period: Period) -> list[Measure]:
    """`selectors.overdue_measures` with each measure's target (one more query, not one per measure)."""
    ids = [measure.pk for measure in overdue_measures(period)]
    return list(Measure.objects.filter(pk__in=ids).select_related("target").order_by("number"))


def district_rows(plan) -> list[IndicatorRow]:
    """The rows a district answers for: those collected from its schools or from the district itself."""
    return list(
        IndicatorRow.objects.filter(
            indicator__plan=plan,
            indicator__collection_level__in=[Indicator.Level.SCHOOL, Indicator.Level.DISTRICT],
        )
        .select_related("indicator")
        .order_by("indicator__sort_key", "order")
    )


def district_shares(period: Period, districts: list[OrgNode]) -> dict[int, tuple[int, int, int]]:
    """district id → (applicable, reported, on track) from the districts' own rolled-up figures."""
    if not districts:
        return {}
    rows = district_rows(period.plan)
    plans = row_plans(rows, period.plan)
    figures = rollup(period, districts, rows)
    result = {}
    for d in districts:
        applicable = reported = on_track = 0
        for row in rows:
            figure = figures[(row.pk, d.pk)]
            if not figure.expected or not is_judged(row.indicator, d, period.plan):
                continue
            applicable += 1
            reported += figure.value is not None
            on_track += judge(row, plans[row.pk], period, figure.value).status == Status.ON_TRACK
        result[d.pk] = (applicable, reported, on_track)
    return result


def _district_lines(period, districts, submissions, school_lines, today) -> list[DistrictLine]:
    shares = district_shares(period, districts)
    lines = []
    for d in districts:
        applicable, reported, on_track = shares[d.pk]
        line = DistrictLine(
            district=d,
            applicable=applicable,
            reported=reported,
            on_track=on_track,
            timeliness=timeliness(submissions.get(d.pk), period, period.district_due, today),
        )
        for school in school_lines:
            if school.school.parent_id == d.pk:
                line.schools += 1
                line.schools_on_time += school.timeliness.status == ON_TIME
                line.schools_late += school.timeliness.status in (LATE, OVERDUE)
        lines.append(line)
    return lines


# --- exports -----------------------------------------------------------------------------------------
def timeliness_labels() -> dict[str, str]:
    return {
        ON_TIME: _("on time"),
        LATE: _("late"),
        PENDING: _("not yet due"),
        OVERDUE: _("not submitted"),
    }


def scorecard_filename(card: Scorecard, ext: str):
    """`Erzincan-2016-yil-sonu-karne.xlsx`."""
    from izlem.core.filenames import scorecard_name

    return scorecard_name(card.node.name, card.period, ext)


def scorecard_xlsx(card: Scorecard) -> bytes:
    """The scorecard as a workbook: schools, districts (for a province) and the overdue measures."""

    from izlem.core.xlsx import CODE, COUNT, INTEGER, Column, Sheet, write_workbook

    from .workbooks import overdue_measures_sheet, workbook_info

    states = dict(Submission.State.choices)
    labels = timeliness_labels()
    schools = Sheet(
        _("Schools"),
        [
            Column(_("Rank"), INTEGER),
            Column(_("School")),
            Column(_("Code"), CODE),
            Column(_("District")),
            Column(_("School type")),
            Column(_("Urban/rural")),
            *_standing_columns(),
        ],
    )
    for line in card.schools:
        schools.add(
            [
                line.rank,
                line.school.name,
                line.school.code,
                line.district.name if line.district else "",
                line.school.get_school_type_display(),
                line.school.get_setting_display(),
                *_standing_cells(line, states, labels),
            ]
        )
    sheets = [schools]
    if card.districts:
        districts = Sheet(
            _("Districts"),
            [
                Column(_("Rank"), INTEGER),
                Column(_("District")),
                *_standing_columns(),
                Column(_("Schools"), COUNT),
                Column(_("Schools on time"), COUNT),
                Column(_("Schools late"), COUNT),
            ],
        )
        for line in card.districts:
            districts.add(
                [
                    line.rank,
                    line.district.name,
                    *_standing_cells(line, states, labels),
                    line.schools,
                    line.schools_on_time,
                    line.schools_late,
                ]
            )
        sheets.append(districts)
    sheets.append(overdue_measures_sheet(card.overdue_measures))
    info = workbook_info(_("Scorecard"), card.node.name, str(card.period))
    return write_workbook(sheets, title=f"{_('Scorecard')} — {card.node.name} — {card.period}", info=info)


def _standing_columns() -> list:
    """The columns a school's line and a district's line share: counts, share on track, timeliness."""
    from izlem.core.xlsx import COUNT, DATE, PERCENT, Column

    return [
        Column(_("Applicable"), COUNT),
        Column(_("Reported"), COUNT),
        Column(_("On track"), COUNT),
        Column(_("Share on track (%)"), PERCENT),
        Column(_("State")),
        Column(_("Due date"), DATE),
        Column(_("Submitted on"), DATE),
        Column(_("Timeliness")),
        Column(_("Days late"), COUNT),
    ]


def _standing_cells(line, states: dict, labels: dict) -> list:
    """The cells of `_standing_columns` for a school's or a district's line."""
    t = line.timeliness
    return [
        line.applicable,
        line.reported,
        line.on_track,
        line.percent,
        str(states.get(t.state, t.state)),
        t.due,
        t.submitted_on,
        labels[t.status],
        t.days_late,
    ]
