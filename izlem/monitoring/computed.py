"""Computed indicators: a plan indicator whose value comes from the system's own records (SPEC §3).

A planning officer binds an indicator to one of the named sources of the plans' registry
(`izlem.plans.record_sources`), each computed here (`COMPUTATIONS`; `indicator_bind`). Its value
for a period is then an ordinary monitoring `Value` marked `computed`, one per entity at the
indicator's collection level, so roll-up, approval, deviations and reports treat it like any other
value. Nobody types it: the entry page, the bulk upload and the API refuse to change it
(`services.entry._check_may_write`).

When the value is refreshed from the records (docs/monitoring.md, "Computed indicators"):
* when the entity's entry page is opened, and right before the entity submits;
* in the background after a bound record (training, participant, project) changes, for every open
  period of every plan with a bound indicator;
* when a planning officer binds the indicator (every open period at once).
Never once the period is closed or the entity's data is submitted or approved: from then on the
value is locked like a typed one (a returned submission is refreshed again).

Each source is a function (entity, start, end) → Decimal over the entity's subtree and the period's
dates: H1 is 1 January – 30 June, the year-end period (H2) is the whole calendar year, because the
year-end figure is compared with the year's target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_tasks import task

from izlem.harezmi import access as harezmi_access
from izlem.monitoring.rollup.figures import leaf_kind
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User
from izlem.plans import access as plans_access
from izlem.plans.models import Indicator, IndicatorRow
from izlem.plans.record_sources import SOURCES, source_for

from .models import Period, Submission, Value

ZERO = Decimal(0)
REFRESH_QUEUED_KEY = "izlem:computed-refresh-queued"
VOCATIONAL_TYPES = (OrgNode.SchoolType.VOCATIONAL_HIGH, OrgNode.SchoolType.VOCATIONAL_CENTRE)
TEACHING_ROLES = (Role.TEACHER, Role.PRINCIPAL)


def period_dates(period: Period) -> tuple[dt.date, dt.date]:
    """The dates a period's computed values count: H1 1 Jan–30 Jun, year-end the whole year."""
    start = dt.date(period.year, 1, 1)
    end = dt.date(period.year, 6, 30) if period.half == Period.Half.H1 else dt.date(period.year, 12, 31)
    return start, end


def _under(entity: OrgNode, field: str) -> Q:
    """Records whose node (reached through `field`) is the entity or below it."""
    return Q(**{f"{field}__path__startswith": entity.path})


def _people_working_under(entity: OrgNode, start: dt.date, end: dt.date, roles: Iterable[str] = ()):
    """Ids of people holding a role at or below `entity` at some time between `start` and `end`."""
    assignments = scope.assignments_between(start, end).filter(_under(entity, "node"))
    if roles:
        assignments = assignments.filter(role__in=list(roles))
    return assignments.values("user_id")


def _staff_trained(entity: OrgNode, start: dt.date, end: dt.date, *, topic: str = "", roles=()) -> Decimal:
    """People working under `entity` who completed a training (of `topic`) between `start` and `end`."""
    from izlem.harezmi.models import TrainingParticipant

    rows = TrainingParticipant.objects.filter(
        state=TrainingParticipant.State.COMPLETED,
        completed_on__gte=start,
        completed_on__lte=end,
        person_id__in=_people_working_under(entity, start, end, roles),
    )
    if topic:
        rows = rows.filter(training__topic=topic)
    return Decimal(rows.aggregate(n=Count("person_id", distinct=True))["n"] or 0)


def trainings_attended_staff(entity: OrgNode, start: dt.date, end: dt.date) -> Decimal:
    """3.1.7: distinct staff working under the entity who completed a training, seminar or course."""
    return _staff_trained(entity, start, end)


def occupational_safety_trained(entity: OrgNode, start: dt.date, end: dt.date) -> Decimal:
    """3.2.15: distinct teachers (principals included) under the entity who completed an OHS training."""
    from izlem.harezmi.models import TrainingTopic

    return _staff_trained(entity, start, end, topic=TrainingTopic.OCCUPATIONAL_SAFETY, roles=TEACHING_ROLES)


def trainings_held(entity: OrgNode, start: dt.date, end: dt.date) -> Decimal:
    """3.1.8: trainings, seminars and courses organised by the entity or below it that started in the period."""
    from izlem.harezmi.models import Training

    count = Training.objects.filter(_under(entity, "node"), starts_on__gte=start, starts_on__lte=end).count()
    return Decimal(count)


def _projects(entity: OrgNode, start: dt.date, end: dt.date):
    """Projects of the entity or below it that started in the period (a project counts once, when it starts)."""
    from izlem.harezmi.models import Project

    return Project.objects.filter(_under(entity, "node"), starts_on__gte=start, starts_on__lte=end)


def mobility_teachers(entity: OrgNode, start: dt.date, end: dt.date) -> Decimal:
    """2.3.1: teachers in international mobility, summed over the projects that started in the period."""
    return Decimal(_projects(entity, start, end).aggregate(n=Sum("teacher_mobility"))["n"] or 0)


def mobility_students(entity: OrgNode, start: dt.date, end: dt.date) -> Decimal:
    """2.3.2: students in international mobility, summed over the projects that started in the period."""
    return Decimal(_projects(entity, start, end).aggregate(n=Sum("student_mobility"))["n"] or 0)


def eu_projects(entity: OrgNode, start: dt.date, end: dt.date) -> Decimal:
    """EU projects (eTwinning, Erasmus+, other EU-funded) that started in the period."""
    from izlem.harezmi.models import Project

    return Decimal(_projects(entity, start, end).filter(programme__in=Project.EU_PROGRAMMES).count())


def vocational_eu_projects(entity: OrgNode, start: dt.date, end: dt.date) -> Decimal:
    """2.2.5: EU projects of vocational and technical schools and centres that started in the period."""
    from izlem.harezmi.models import Project

    projects = _projects(entity, start, end).filter(
        programme__in=Project.EU_PROGRAMMES, node__school_type__in=VOCATIONAL_TYPES
    )
    return Decimal(projects.count())


@dataclass(frozen=True)
class Computation:
    """How a record source (`izlem.plans.record_sources`) is computed: its function, where its records
    are listed and the models whose changes refresh it."""

    compute: Callable[[OrgNode, dt.date, dt.date], Decimal]
    # The pages listing the records, each with who may open it; the first the reader may open wins.
    records_pages: tuple[tuple[str, Callable[[User], bool]], ...]
    models: tuple[str, ...]  # "app.Model" whose changes refresh the open periods

    def records_url_for(self, user: User) -> str | None:
        """The page listing the records behind the value that this reader may open (None: no such page)."""
        for name, may_open in self.records_pages:
            if not may_open(user):
                continue
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
        return None


_TRAINING_MODELS = ("harezmi.Training", "harezmi.TrainingParticipant")
_PROJECT_MODELS = ("harezmi.Project",)
_TRAINING_PAGES = (("harezmi:training-list", harezmi_access.harezmi_has_access),)
_PROJECT_PAGES = (
    ("harezmi:project-list", harezmi_access.harezmi_reads_as_manager),
    ("harezmi:home", harezmi_access.harezmi_has_access),
)
# One computation per source of the plans' registry (izlem.plans.record_sources.SOURCES).
COMPUTATIONS: dict[str, Computation] = {
    "trainings_attended_staff": Computation(trainings_attended_staff, _TRAINING_PAGES, _TRAINING_MODELS),
    "trainings_held": Computation(trainings_held, _TRAINING_PAGES, _TRAINING_MODELS),
    "occupational_safety_trained": Computation(
        occupational_safety_trained, _TRAINING_PAGES, _TRAINING_MODELS
    ),
    "mobility_teachers": Computation(mobility_teachers, _PROJECT_PAGES, _PROJECT_MODELS),
    "mobility_students": Computation(mobility_students, _PROJECT_PAGES, _PROJECT_MODELS),
    "eu_projects": Computation(eu_projects, _PROJECT_PAGES, _PROJECT_MODELS),
    "vocational_eu_projects": Computation(vocational_eu_projects, _PROJECT_PAGES, _PROJECT_MODELS),
}
assert COMPUTATIONS.keys() == SOURCES.keys(), "every record source of the plans is computed here"
# The seed plan's indicators that the demo binds (izlem/plans/seed): code → source.
SEED_BINDINGS = {
    "2.2.5": "vocational_eu_projects",
    "2.3.1": "mobility_teachers",
    "2.3.2": "mobility_students",
    "3.1.7": "trainings_attended_staff",
    "3.1.8": "trainings_held",
    "3.2.15": "occupational_safety_trained",
}


def source_value(key: str, entity: OrgNode, period: Period) -> Decimal:
    """The value of source `key` for `entity` over `period`'s dates."""
    start, end = period_dates(period)
    return COMPUTATIONS[key].compute(entity, start, end)


def records_url_for(key: str, user: User) -> str | None:
    """The page listing source `key`'s records that this reader may open (registered with the plans' registry)."""
    return COMPUTATIONS[key].records_url_for(user)


# --- binding -----------------------------------------------------------------------------------------
@transaction.atomic
def indicator_bind(*, by: User, indicator: Indicator, source: str) -> Indicator:
    """Bind an indicator to a named source (or unbind it with ""); planning officers only, audited.

    Binding refreshes every open period at once; unbinding turns the existing computed values into
    ordinary typed ones (kept, editable again while their data is editable).
    """
    if not plans_access.can_edit_plan(by, indicator.plan):
        raise PermissionDenied
    source = (source or "").strip()
    if source and source not in SOURCES:
        raise ValidationError(
            {"computed_source": _("“%(source)s” is not a known record source.") % {"source": source}}
        )
    if source:
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            raise ValidationError(
                {
                    "computed_source": _(
                        "%(code)s is collected as a numerator and a denominator; a record source gives "
                        "one number, so only count-like indicators can be computed."
                    )
                    % {"code": indicator.code}
                }
            )
        if indicator.rows.count() != 1:
            raise ValidationError(
                {
                    "computed_source": _(
                        "%(code)s has several rows (breakdowns); a record source gives one number for "
                        "the whole indicator."
                    )
                    % {"code": indicator.code}
                }
            )
    if indicator.computed_source == source:
        return indicator
    indicator.computed_source = source
    indicator._change_reason = _("Bound to %(source)s") % {"source": source} if source else _("Unbound")
    indicator.save(update_fields=["computed_source"])
    if source:
        for period in Period.objects.filter(plan_id=indicator.plan_id, state=Period.State.OPEN):
            computed_refresh(period=period, indicators=[indicator])
    else:
        Value.objects.filter(row__indicator=indicator, computed=True).filter(
            period__state=Period.State.OPEN
        ).update(computed=False)
    return indicator


def demo_bind_seed_indicators(plan) -> int:
    """The demo's planning officer binds the seed plan's record-based indicators (idempotent); returns
    how many were newly bound. Indicators that cannot be computed (several rows, ratios) are skipped."""
    bound = 0
    for indicator in Indicator.objects.filter(plan=plan, code__in=SEED_BINDINGS, computed_source=""):
        if indicator.aggregation == Indicator.Aggregation.RATIO or indicator.rows.count() != 1:
            continue
        indicator.computed_source = SEED_BINDINGS[indicator.code]
        indicator._change_reason = "demo"
        indicator.save(update_fields=["computed_source"])
        bound += 1
    if bound:
        for period in Period.objects.filter(plan=plan, state=Period.State.OPEN):
            computed_refresh(period=period)
    return bound


# --- refresh -----------------------------------------------------------------------------------------
def _bound_rows(period: Period, rows=None, indicators=None) -> list[IndicatorRow]:
    """The period's rows whose indicator is bound to a known source."""
    if rows is not None:
        return [row for row in rows if source_for(row.indicator)]
    queryset = IndicatorRow.objects.filter(indicator__plan_id=period.plan_id).exclude(
        indicator__computed_source=""
    )
    if indicators is not None:
        queryset = queryset.filter(indicator__in=indicators)
    return [row for row in queryset.select_related("indicator") if source_for(row.indicator)]


# What a recomputation writes on an existing value (its note, submission and period stay).
COMPUTED_FIELDS = [
    "value",
    "numerator",
    "denominator",
    "computed",
    "entered_by",
    "outlier_confirmed",
    "version",
    "entered_at",
]


@transaction.atomic
def computed_refresh(
    *,
    period: Period,
    entities: Iterable[OrgNode] | None = None,
    rows: Iterable[IndicatorRow] | None = None,
    indicators: Iterable[Indicator] | None = None,
) -> int:
    """Recompute the bound rows' values of an open period; returns how many values changed.

    `entities` limits it to those entities (the entry page: one); `rows` to rows already loaded (no
    query when none is bound). Entities whose data is submitted or approved are left alone (locked).
    """
    from izlem.monitoring.selectors.owed import owes

    if period.state != Period.State.OPEN:
        return 0
    bound = _bound_rows(period, rows=list(rows) if rows is not None else None, indicators=indicators)
    if not bound:
        return 0
    owner = period.plan.owner
    wanted = list(entities) if entities is not None else None
    changed = 0
    for row in bound:
        kind = leaf_kind(row.indicator)
        if wanted is not None:
            targets = [e for e in wanted if e.kind == kind]
        elif owner is not None:
            targets = list(OrgNode.objects.filter(kind=kind, is_active=True, path__startswith=owner.path))
        else:
            targets = []
        if kind == OrgNode.Kind.SCHOOL:
            targets = [e for e in targets if owes(row, e)]
        if not targets:
            continue
        ids = [e.pk for e in targets]
        # Locked in value_save's order (submission, then value): a submit or a typed value at the same
        # moment waits, so a locked submission is never recomputed and no version step is lost.
        submissions = {
            s.entity_id: s
            for s in Submission.objects.select_for_update().filter(period=period, entity_id__in=ids)
        }
        values = {
            v.entity_id: v
            for v in Value.objects.select_for_update().filter(period=period, row=row, entity_id__in=ids)
        }
        for entity in targets:
            submission = submissions.get(entity.pk)
            if submission is None:
                submission, _created = Submission.objects.get_or_create(period=period, entity=entity)
            elif submission.state not in Submission.EDITABLE:
                continue  # submitted or approved: locked like a typed value
            number = source_value(row.indicator.computed_source, entity, period)
            stored = values.get(entity.pk)
            if stored is None:
                Value.objects.create(
                    period=period, entity=entity, submission=submission, row=row, value=number, computed=True
                )
                changed += 1
            elif stored.value != number or not stored.computed:
                stored.value, stored.numerator, stored.denominator = number, None, None
                stored.computed, stored.entered_by, stored.outlier_confirmed = True, None, False
                stored.version += 1
                stored._change_reason = _("Computed from the records")
                stored.save(update_fields=COMPUTED_FIELDS)
                changed += 1
    return changed


def computed_refresh_open_periods() -> int:
    """Refresh every open period of every plan with a bound indicator (the background task's work)."""
    plans = Indicator.objects.exclude(computed_source="").values("plan_id")
    changed = 0
    for period in Period.objects.filter(state=Period.State.OPEN, plan_id__in=plans).select_related("plan"):
        changed += computed_refresh(period=period)
    return changed


@task()
def computed_refresh_task() -> int:
    """Background refresh after a bound record changed (run by `izlem db_worker`)."""
    cache.delete(REFRESH_QUEUED_KEY)
    return computed_refresh_open_periods()


def _enqueue_refresh() -> None:
    if cache.add(REFRESH_QUEUED_KEY, 1, timeout=300):  # one queued refresh is enough for many changes
        computed_refresh_task.enqueue()


def record_changed(sender, **kwargs) -> None:
    """A bound record was saved or deleted: refresh the open periods in the background after the commit.

    The one place izlem uses signals for this: the records are written by many services (trainings,
    projects, the demo, the admin), and the computed values are a derived copy that must follow them
    all; the refresh itself is idempotent and never touches locked data.
    """
    transaction.on_commit(_enqueue_refresh)


def connect_record_signals() -> None:
    """Connect `record_changed` to every model a source reads (called from the app's ready())."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    labels = {label for computation in COMPUTATIONS.values() for label in computation.models}
    for label in sorted(labels):
        model = apps.get_model(label)
        post_save.connect(record_changed, sender=model, dispatch_uid=f"computed-{label}-save")
        post_delete.connect(record_changed, sender=model, dispatch_uid=f"computed-{label}-delete")
