"""Monitoring and evaluation: who may read, enter, submit, decide and explain.

Who enters, submits, approves and explains (docs/access.md):
* a school's values: its principal; a district's own values: the district's top manager or planning
  officer; the province's values: the province's planning officer, and unit managers for the
  indicators their unit owns;
* a school's submission is approved or returned by its district (top manager or planning officer),
  a district's by the province (the same roles), the province's own by the province top manager;
* periods are managed by those who may edit the plan (planning officers, system administrators);
* deviations are explained by the responsible unit's manager (or a planning officer);
* every role but teachers, coordinators and stakeholders may read monitoring data in its subtree.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from izlem.org.models import OrgNode, Role
from izlem.org.scope import active_assignments, is_sysadmin, nodes_where
from izlem.org.scope import subtree as _subtree
from izlem.plans.access import can_edit_plan, plans_editable, plans_visible

MONITORING_VIEW_ROLES = frozenset(
    {Role.SYSADMIN, Role.TOP_MANAGER, Role.PLANNING_OFFICER, Role.UNIT_MANAGER, Role.PRINCIPAL}
)
ENTRY_ROLES_BY_KIND = {
    "school": frozenset({Role.PRINCIPAL}),
    "district": frozenset({Role.TOP_MANAGER, Role.PLANNING_OFFICER}),
    "province": frozenset({Role.PLANNING_OFFICER, Role.UNIT_MANAGER}),
}
DECIDER_ROLES_BY_KIND = {
    "school": frozenset({Role.TOP_MANAGER, Role.PLANNING_OFFICER}),  # held at the school's district
    "district": frozenset({Role.TOP_MANAGER, Role.PLANNING_OFFICER}),  # held at the district's province
    "province": frozenset({Role.TOP_MANAGER}),  # held at the province itself
}


def monitoring_nodes(user) -> QuerySet[OrgNode]:
    """Nodes whose monitoring data the user may read."""
    return _subtree(user, MONITORING_VIEW_ROLES)


def can_use_monitoring(user) -> bool:
    """True if the user has any monitoring role."""
    return is_sysadmin(user) or bool(nodes_where(user, MONITORING_VIEW_ROLES))


def periods_visible(user):
    """Monitoring periods of the plans the user may read, for users with a monitoring role."""
    from izlem.monitoring.models import Period

    if not can_use_monitoring(user):
        return Period.objects.none()
    return Period.objects.filter(plan__in=plans_visible(user))


def submissions_visible(user):
    """Submissions of the entities whose monitoring data the user reads, in the periods they read."""
    from izlem.monitoring.models import Submission

    return Submission.objects.filter(entity__in=monitoring_nodes(user), period__in=periods_visible(user))


def values_visible(user):
    """Entered values of the entities whose monitoring data the user reads, in the periods they read."""
    from izlem.monitoring.models import Value

    return Value.objects.filter(entity__in=monitoring_nodes(user), period__in=periods_visible(user))


def monitoring_node_for(user, pk: int) -> OrgNode:
    """A node whose monitoring data the user reads (its subtree's values, e.g. for an export), else Http404."""
    return get_object_or_404(monitoring_nodes(user), pk=pk)


def deviations_visible(user):
    """Deviations of the periods the user reads (a deviation belongs to the plan, not to one entity)."""
    from izlem.monitoring.models import Deviation

    return Deviation.objects.filter(period__in=periods_visible(user))


def measure_progress_visible(user):
    """Measure progress reports of the periods the user reads."""
    from izlem.monitoring.models import MeasureProgress

    return MeasureProgress.objects.filter(period__in=periods_visible(user))


def bulk_uploads_visible(user):
    """Bulk uploads the user follows: their own in the periods they read (any for a system administrator)."""
    from izlem.monitoring.models import BulkUpload

    if is_sysadmin(user):
        return BulkUpload.objects.all()
    return BulkUpload.objects.filter(by=user, period__in=periods_visible(user))


def period_for(user, pk: int, *, action: str = "view"):
    """Return the period if the user may `action` ("view" or "manage") it, else raise Http404."""
    from izlem.monitoring.models import Period

    if action == "manage":
        return get_object_or_404(
            Period.objects.filter(plan__in=plans_editable(user)).select_related("plan"), pk=pk
        )
    return get_object_or_404(periods_visible(user).select_related("plan"), pk=pk)


def can_manage_period(user, period) -> bool:
    """True if the user may open, close or reopen the period."""
    return can_edit_plan(user, period.plan)


def can_enter(user, entity: OrgNode) -> bool:
    """True if the user may enter values (and submit) for `entity`."""
    if is_sysadmin(user):
        return True
    roles = ENTRY_ROLES_BY_KIND.get(entity.kind, frozenset())
    return any(a.role in roles and a.node_id == entity.pk for a in active_assignments(user))


def entry_entities(user) -> QuerySet[OrgNode]:
    """The entities for which the user enters values."""
    ids = [a.node_id for a in active_assignments(user) if a.role in ENTRY_ROLES_BY_KIND.get(a.node.kind, ())]
    return OrgNode.objects.filter(pk__in=ids)


def can_enter_row(user, entity: OrgNode, row) -> bool:
    """True if the user may enter this indicator row for `entity` (unit managers: their unit's rows only)."""
    if not can_enter(user, entity):
        return False
    if is_sysadmin(user) or entity.kind != OrgNode.Kind.PROVINCE:
        return True
    mine = [a for a in active_assignments(user) if a.node_id == entity.pk]
    if any(a.role == Role.PLANNING_OFFICER for a in mine):
        return True
    return any(a.role == Role.UNIT_MANAGER and a.unit_id == row.indicator.responsible_unit_id for a in mine)


def can_decide(user, entity: OrgNode) -> bool:
    """True if the user may approve or return `entity`'s submission."""
    if is_sysadmin(user):
        return True
    roles = DECIDER_ROLES_BY_KIND.get(entity.kind, frozenset())
    decider_node_id = entity.pk if entity.kind == OrgNode.Kind.PROVINCE else entity.parent_id
    return any(a.role in roles and a.node_id == decider_node_id for a in active_assignments(user))


MAKER_DECIDES_REFUSED = _(
    "You submitted this data or entered values in it: another manager must approve or return it."
)


def _typed_by(user) -> dict:
    """History rows of values the user typed: not the ones computed from records while they had a page open."""
    return {"history_user": user, "computed": False, "history_type__in": ["+", "~"]}


def made_submission(user, submission) -> bool:
    """True if the user submitted this submission (now or before a return) or entered any of its values."""
    from izlem.monitoring.models import SubmissionEvent, Value

    if user is None or user.pk is None:
        return False
    if submission.submitted_by_id == user.pk:
        return True
    submitted = SubmissionEvent.objects.filter(submission=submission, by=user, to_state="submitted")
    entered = Value.objects.filter(submission=submission, entered_by=user)
    entered_before = Value.history.filter(submission_id=submission.pk, **_typed_by(user))
    return submitted.exists() or entered.exists() or entered_before.exists()


def submissions_made_by(user, submissions) -> set[int]:
    """The ids among `submissions` the user made (see `made_submission`), in three queries."""
    from izlem.monitoring.models import SubmissionEvent, Value

    ids = [s.pk for s in submissions if s is not None]
    if not ids or user is None or user.pk is None:
        return set()
    made = {s.pk for s in submissions if s is not None and s.submitted_by_id == user.pk}
    made |= set(
        SubmissionEvent.objects.filter(submission_id__in=ids, by=user, to_state="submitted").values_list(
            "submission_id", flat=True
        )
    )
    made |= set(
        Value.objects.filter(submission_id__in=ids, entered_by=user).values_list("submission_id", flat=True)
    )
    made |= set(
        Value.history.filter(submission_id__in=ids, **_typed_by(user)).values_list("submission_id", flat=True)
    )
    return made


def can_decide_submission(user, submission) -> bool:
    """True if the user may approve or return this submission: a decider who did not make it."""
    return can_decide(user, submission.entity) and not made_submission(user, submission)


def refuse_maker_decision(user, submission) -> None:
    """Raise PermissionDenied (with a message) if the user made the submission they would decide."""
    if made_submission(user, submission):
        raise PermissionDenied(MAKER_DECIDES_REFUSED)


def submission_for(user, pk: int, *, action: str = "view"):
    """Return a submission the user may `action` ("view", "enter" or "decide"), else raise Http404."""
    submission = get_object_or_404(
        submissions_visible(user).select_related("entity", "entity__parent", "period", "period__plan"),
        pk=pk,
    )
    allowed = {
        "view": True,
        "enter": can_enter(user, submission.entity),
        "decide": can_decide(user, submission.entity),
    }[action]
    if not allowed:
        raise Http404
    return submission


def entity_for_entry(user, period, pk: int) -> OrgNode:
    """Return an entity whose entry page the user may open for the period (enter or view), else Http404."""
    return get_object_or_404(monitoring_nodes(user), pk=pk)


def deviation_for(user, pk: int, *, action: str = "view"):
    """Return a deviation the user may `action` ("view" or "explain"), else raise Http404."""
    deviation = get_object_or_404(
        deviations_visible(user).select_related("row__indicator", "period__plan", "unit"),
        pk=pk,
    )
    if action == "explain" and not can_explain(user, deviation):
        raise Http404
    return deviation


def can_explain(user, deviation) -> bool:
    """Unit managers of the responsible unit (at the plan's owner) and planning officers explain deviations."""
    if can_edit_plan(user, deviation.period.plan):
        return True
    owner_id = deviation.period.plan.owner_id
    return any(
        a.role == Role.UNIT_MANAGER and a.unit_id == deviation.unit_id and a.node_id == owner_id
        for a in active_assignments(user)
    )


def deviations_to_explain(user):
    """Deviations the user explains (the rule of `can_explain` as one query): every deviation of the plans
    they edit, and their unit's deviations of plans owned where they manage that unit."""
    from izlem.monitoring.models import Deviation

    rule = Q(period__plan__in=plans_editable(user))
    for a in active_assignments(user):
        if a.role == Role.UNIT_MANAGER and a.unit_id:
            rule |= Q(unit_id=a.unit_id, period__plan__owner_id=a.node_id)
    return deviations_visible(user).filter(rule) if can_use_monitoring(user) else Deviation.objects.none()


def can_report_measure(user, measure) -> bool:
    """Unit managers of a responsible unit (main or other) and planning officers report measure progress."""
    if can_edit_plan(user, measure.plan):
        return True
    unit_ids = {link.unit_id for link in measure.unit_links.all() if link.unit_id}
    return any(
        a.role == Role.UNIT_MANAGER and a.unit_id in unit_ids and a.node_id == measure.plan.owner_id
        for a in active_assignments(user)
    )


def can_edit_meeting(user, period) -> bool:
    """Planning officers and the owner's top manager record the evaluation meeting."""
    owner = period.plan.owner
    return can_edit_plan(user, period.plan) or (
        owner is not None
        and any(a.role == Role.TOP_MANAGER and a.node_id == owner.pk for a in active_assignments(user))
    )


# --- Bulk entry ------------------------------------------------------------------------------------
# A bulk XLSX upload fills many entities' values at once (SPEC §3 "Bulk entry"):
# * whoever enters an entity's values (`can_enter_row`) may also fill them through the bulk template;
# * planning officers (AR-GE) of a district or of the province may also fill the values of the schools
#   below them: that is how figures collected from schools on paper or by e-mail are consolidated today.
#   This reaches schools only — never a district's or the province's rows the officer could not enter.
# Submitting, approving and returning stay with the usual roles; a bulk upload only fills draft values.
BULK_SCHOOL_ROLES = frozenset({Role.PLANNING_OFFICER})


def _collects_for_school(user, entity: OrgNode) -> bool:
    """True if the user is a planning officer at a node above the school `entity`."""
    if entity.kind != OrgNode.Kind.SCHOOL:
        return False
    return any(
        a.role in BULK_SCHOOL_ROLES and a.node_id != entity.pk and entity.is_within(a.node)
        for a in active_assignments(user)
    )


def can_bulk_enter_row(user, entity: OrgNode, row) -> bool:
    """True if the user may fill this indicator row of `entity` through a bulk upload."""
    return can_enter_row(user, entity, row) or _collects_for_school(user, entity)


def bulk_entry_entities(user, *, under: OrgNode | None = None) -> QuerySet[OrgNode]:
    """Active entities whose values the user may fill through a bulk upload (at or below `under`)."""
    entry_kinds = [OrgNode.Kind.SCHOOL, OrgNode.Kind.DISTRICT, OrgNode.Kind.PROVINCE]
    if is_sysadmin(user):
        entities = OrgNode.objects.filter(kind__in=entry_kinds)
    else:
        own = [
            a.node_id for a in active_assignments(user) if a.role in ENTRY_ROLES_BY_KIND.get(a.node.kind, ())
        ]
        collecting = [a.node for a in active_assignments(user) if a.role in BULK_SCHOOL_ROLES]
        entities = OrgNode.objects.filter(
            Q(pk__in=own) | Q(pk__in=OrgNode.objects.schools().subtree_of(*collecting).values("pk"))
        )
    if under is not None:
        entities = entities.filter(path__startswith=under.path)
    return entities.active()


def bulk_upload_for(user, pk: int):
    """Return a bulk upload the user may follow (their own; any for a system administrator), else Http404."""
    from izlem.monitoring.models import BulkUpload

    uploads = BulkUpload.objects.select_related("period__plan", "by")
    if not is_sysadmin(user):
        uploads = uploads.filter(by=user, period__in=periods_visible(user))
    return get_object_or_404(uploads, pk=pk)
