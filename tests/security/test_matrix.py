"""The authorization matrix, generated: every URL pattern × every role × an object that is the user's own,
a child's, a sibling's, a parent's or another province's → the expected allow or deny.

The expectation comes from a compact rule table (RULES): for each URL name, the object type its ids
refer to and the rule of an access module (`izlem.<app>.access`) that decides. A URL pattern the table does not classify
fails `test_every_url_pattern_is_classified`, so a new page cannot slip through unchecked. Each
allowed/denied request runs inside a savepoint that is rolled back, so allowed state changes leave the
world as it was.

To classify a new page: add its URL name to RULES with `on(kind, kwargs, rule)` (an object page),
`gate(rule)` (a page without an object id), PUBLIC or the admin prefix. `kind` is a ScopeWorld object
type (tests/security/scope_world.py); add one there if the page's object is new.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from izlem.harezmi import access as harezmi_access
from izlem.monitoring import access as monitoring_access
from izlem.org import access as org_access
from izlem.org import scope
from izlem.org.models import Role
from izlem.plans import access as plans_access
from izlem.reports import access as reports_access
from tests.support.security import USERNAMES

MISSING = 987654


def ok(function: Callable, *args, **kwargs) -> bool:
    """True unless the access function refuses (Http404 or PermissionDenied)."""
    try:
        result = function(*args, **kwargs)
    except (Http404, PermissionDenied):
        return False
    return result is not False


@dataclass(frozen=True)
class On:
    """A URL whose ids refer to an object of `kind`; `allows(user, obj)` is the deciding access rule.

    For the API, `acts(user, obj)` decides the write methods and actions on an object the user may
    see: refused with 403 (the API tells "not yours to do" from "no such thing").
    """

    kind: str
    kwargs: Callable[[object], dict]
    allows: Callable[[object, object], bool]
    acts: Callable[[object, object], bool] | None = None
    query: Callable[[object], dict] | None = None  # an object id given in the query string instead
    acts_on_get: bool = False  # the GET itself is the action (refused with 403 on a visible object)


@dataclass(frozen=True)
class Gate:
    """A URL without an object id: `allows(user)` says whether the user may open it at all."""

    allows: Callable[[object], bool]


def on(kind, kwargs, allows, acts=None, **options) -> On:
    return On(kind, kwargs, allows, acts, **options)


def pk(obj) -> dict:
    return {"pk": obj.pk}


def period_node(pair) -> dict:
    period, node = pair
    return {"period_pk": period.pk, "node_pk": node.pk}


def always(*_args) -> bool:
    return True


def anyone_signed_in(user) -> bool:
    return True


def years_visible(user) -> bool:
    return harezmi_access.harezmi_years_visible(user).exists()


# --- decisive rules, by object type ---------------------------------------------------------------------
def plan_view(u, o):
    return ok(plans_access.plan_for, u, o.pk)


def plan_edit(u, o):
    return ok(plans_access.plan_for, u, o.pk, action="edit")


def part_view(u, o):
    return ok(plans_access.plan_part_for, u, type(o), o.pk)


def part_edit(u, o):
    return ok(plans_access.plan_part_for, u, type(o), o.pk, action="edit")


def period_view(u, o):
    return ok(monitoring_access.period_for, u, o.pk)


def period_manage(u, o):
    return ok(monitoring_access.period_for, u, o.pk, action="manage")


def period_node_view(u, pair):
    period, node = pair
    return period_view(u, period) and monitoring_access.monitoring_nodes(u).filter(pk=node.pk).exists()


def report_node_view(u, pair):
    period, node = pair
    return period_view(u, period) and ok(reports_access.report_node_for, u, node.pk)


def entry_save(u, pair):
    return period_node_view(u, pair) and monitoring_access.can_enter(u, pair[1])


def entry_row(pair) -> dict:
    """The htmx line save of the school-level count row of the period's plan, for the entity."""
    from izlem.plans.models import IndicatorRow

    period, node = pair
    row = IndicatorRow.objects.get(indicator__plan_id=period.plan_id, indicator__code="1.1.2")
    return {"period_pk": period.pk, "entity_pk": node.pk, "row_pk": row.pk}


def card_view(u, o):
    return monitoring_access.can_use_monitoring(u) and part_view(u, o)


def bulk_page(u, o):
    return period_view(u, o) and monitoring_access.bulk_entry_entities(u, under=o.plan.owner).exists()


def bulk_template(u, o):
    """The template exists only when the user's scope has rows to fill (what it holds, not who asks)."""
    from izlem.monitoring import bulk

    return bulk_page(u, o) and bool(bulk.scope_load(user=u, period=o).sheets())


def scorecard_view(u, pair):
    """Scorecards are drawn for a province or a district the user reads."""
    return report_node_view(u, pair) and pair[1].kind in ("province", "district")


def submission(action):
    return lambda u, o: ok(monitoring_access.submission_for, u, o.pk, action=action)


def deviation(action):
    return lambda u, o: ok(monitoring_access.deviation_for, u, o.pk, action=action)


def harezmi(function, action="view"):
    return lambda u, o: ok(function, u, o.pk, action=action)


def year_event(u, o):
    return ok(harezmi_access.harezmi_year_for, u, o.pk) and harezmi_access.harezmi_event_nodes(u, o).exists()


def application_settings(u, o):
    return (
        ok(harezmi_access.harezmi_application_for, u, o.pk)
        and harezmi_access.harezmi_school_nodes(u).filter(pk=o.school_id).exists()
    )


def measure_report(u, o):
    return period_view(u, o.period) and monitoring_access.can_report_measure(u, o.measure)


def meeting_edit(u, o):
    return period_view(u, o) and reports_access.can_edit_meeting(u, o)


def publication_revoke(u, o):
    return reports_access.publications_visible(u).filter(pk=o.pk).exists() and reports_access.can_publish(
        u, o.node
    )


def job_publish(u, o):
    return ok(reports_access.report_job_for, u, o.pk) and reports_access.can_publish(u, o.node)


def harezmi_current_year(user):
    from izlem.harezmi import selectors

    return selectors.program_year_current(user)


def ministry_level(u, o):
    """The Ministry report of a level (province or district) of the user's current program year."""
    year = harezmi_current_year(u)
    return year is not None and harezmi_access.harezmi_ministry_report_nodes(u, year).filter(pk=o.pk).exists()


def ministry_index(user):
    year = harezmi_current_year(user)
    return year is not None and harezmi_access.harezmi_ministry_report_nodes(user, year).exists()


def ministry_job(u, o):
    return ok(reports_access.harezmi_ministry_job_for, u, o.pk)


def in_current_year(nodes_function):
    """A create page: the user's current program year and, in its province, a node the user records at."""

    def allows(user):
        year = harezmi_current_year(user)
        return year is not None and nodes_function(user).filter(path__startswith=year.province.path).exists()

    return Gate(allows)


def year_and(condition):
    """A Harezmi II list: a program year the user reads, and the list's own condition."""
    return Gate(lambda u: years_visible(u) and condition(u))


def participant_edit(u, o):
    return ok(harezmi_access.harezmi_course_for, u, o.training_id, action="edit")


def participant_view(u, o):
    return harezmi_access.harezmi_courses_visible(u).filter(pk=o.training_id).exists()


def project_record(name, action="view"):
    return lambda u, o: ok(harezmi_access.harezmi_project_record_for, u, name, o.pk, action=action)


def statistics_gate(user):
    """Statistics: a manager's reading, of a node of the user's current program year."""
    year = harezmi_current_year(user)
    return (
        harezmi_access.harezmi_reads_as_manager(user)
        and year is not None
        and harezmi_access.harezmi_statistics_nodes(user, year).exists()
    )


def absence_gate(user):
    year = harezmi_current_year(user)
    return (
        year is not None
        and harezmi_access.harezmi_absence_teachers(user, year)
        .filter(harezmi_assignments__team__program_year=year)
        .exists()
    )


def visit_recorder(user):
    year = harezmi_current_year(user)
    return year is not None and any(
        node.is_within(year.province) for node in harezmi_access.harezmi_visit_nodes(user)
    )


def visit_reader(user):
    return years_visible(user) and bool(
        harezmi_access.harezmi_visit_nodes(user) or harezmi_access.harezmi_reads_visits(user)
    )


def visit_list_reader(user):
    """The visits list: visit readers, and principals (the visits to their school)."""
    return years_visible(user) and harezmi_access.harezmi_has_visit_list(user)


def week_view(u, o):
    """A district's week of the user's current program year (the API's default year)."""
    year = harezmi_current_year(u)
    return (
        year is not None
        and ok(harezmi_access.harezmi_week_district_for, u, o.pk)
        and o.parent_id == year.province_id
    )


def session_log(u, o):
    """A week's session page: the team is readable and the user may log its session that day."""
    return ok(harezmi_access.harezmi_team_for, u, o.team_id) and harezmi_access.harezmi_can_log_session(
        u, o.team, harezmi_access.session_day(o)
    )


def session_week(o) -> dict:
    return {"pk": o.team_id, "week": o.week_start.isoformat()}


def planned_item_edit(u, o):
    return ok(harezmi_access.harezmi_visit_plan_for, u, o.plan_id, action="edit")


def follow_up_view(u, o):
    return harezmi_access.harezmi_visits_visible(u).filter(pk=o.visit_id).exists()


def week_balance(u, o):
    return ok(harezmi_access.harezmi_week_district_for, u, o.pk, action="balance")


def node_view(u, o):
    return ok(org_access.node_for, u, o.pk)


def node_change(u, o):
    return ok(org_access.node_for, u, o.pk, action="change")


def user_view(u, o):
    return ok(org_access.user_for, u, o.pk)


# Who manages people, stated here independently of izlem.org.access (issue 16, finding 8): a role
# assignment is seen by a system administrator, or by a top manager or principal whose node holds the
# assignment's node — never because the person also holds a role somewhere the manager manages.
PEOPLE_MANAGING_ROLES = {Role.SYSADMIN, Role.TOP_MANAGER, Role.PRINCIPAL}


def assignment_view(u, o):
    from izlem.org.models import RoleAssignment

    held = (
        RoleAssignment.objects.active().filter(user=u, role__in=PEOPLE_MANAGING_ROLES).select_related("node")
    )
    return u.is_superuser or any(a.role == Role.SYSADMIN or o.node.path.startswith(a.node.path) for a in held)


def assignment_end(u, o):
    return ok(org_access.assignment_for, u, o.pk)


def visible(queryset_function):
    return lambda u, o: queryset_function(u).filter(pk=o.pk).exists()


def history(label, kind):
    def kwargs(o):
        return {"model_label": label, "pk": o.pk}

    return on(kind, kwargs, lambda u, o: ok(plans_access.history_object_for, u, label, o.pk))


def harezmi_history(name, kind):
    def kwargs(o):
        return {"model_name": name, "pk": o.pk}

    return on(kind, kwargs, lambda u, o: ok(harezmi_access.harezmi_history_object_for, u, name, o.pk))


def api_part(kind, edit=False):
    return on(kind, pk, part_view, part_edit if edit else None)


# --- the table ------------------------------------------------------------------------------------------
# Pages and endpoints that need no object and no role (sign-in, language, health, the API's own docs,
# stylesheets), or whose token is the capability (a published report's share link, tested separately).
PUBLIC = {
    "login", "logout", "password_change", "password_change_done", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "otp-setup", "otp-verify", "set_language", "healthz",
    "favicon",
    "api:schema", "api:docs", "plans:chart-css", "reports:chart-css", "reports:publication-page",
    "reports:publication-pdf",
}  # fmt: skip
# Gates that only take a POST: the matrix posts an empty form (a reader gets its 400 or its form again).
POST_ONLY_GATES = {"api:plan-import-list", "api:plan-import-apply", "plans:plan-import-confirm"}
# Lists and forms without an object id: their rows are scoped (tests/security/test_enumeration.py);
# here, who may open them at all.
GATES = {
    "home": Gate(anyone_signed_in),
    "notifications": Gate(anyone_signed_in),
    "tokens:list": Gate(anyone_signed_in),
    "otp-manage": Gate(anyone_signed_in),  # the person's own authenticators
    "otp-recovery-codes": Gate(anyone_signed_in),  # POST only: makes the person's own codes
    "org:node-list": Gate(anyone_signed_in),
    "org:user-list": Gate(org_access.can_manage_people),
    "org:user-create": Gate(org_access.can_manage_people),
    "plans:plan-list": Gate(plans_access.can_browse_plans),
    "plans:search": Gate(plans_access.can_browse_plans),
    "monitoring:home": Gate(monitoring_access.can_use_monitoring),
    # plan import (upload → preview → confirm): planning officers and administrators, for owners at or
    # below their role (tests of izlem/plans/tests/test_views_import.py and api/tests/test_plan_files_api.py)
    "plans:plan-import": Gate(plans_access.can_import_plans),
    # confirming applies a staged file whose signed token names the person who previewed it: without
    # that token it is a missing page for everyone (tokens of others: izlem/plans/tests/test_views_import.py)
    "plans:plan-import-confirm": Gate(lambda user: False),
    "api:plan-import-list": Gate(plans_access.can_import_plans),
    "api:plan-import-apply": Gate(plans_access.can_import_plans),
    # the long export's form (its file needs a period: scoped, tests of izlem/monitoring/tests/test_value_export.py)
    "monitoring:value-export": Gate(monitoring_access.can_use_monitoring),
    "api:value-export-list": Gate(
        monitoring_access.can_use_monitoring
    ),  # without a period: 400 to readers, 404 to others
    "reports:publication-list": Gate(anyone_signed_in),
    "reports:dashboard-pdf": Gate(monitoring_access.can_use_monitoring),
    "reports:dashboard-xlsx": Gate(monitoring_access.can_use_monitoring),
    "harezmi:home": Gate(harezmi_access.harezmi_has_access),
    "harezmi:year-create": Gate(lambda u: harezmi_access.harezmi_province_nodes(u).exists()),
    "harezmi:training-list": Gate(harezmi_access.harezmi_has_access),
    "harezmi:training-create": Gate(lambda u: harezmi_access.harezmi_training_people(u).exists()),
    "harezmi:appointment-list": Gate(years_visible),
    "harezmi:appointment-create": Gate(
        lambda u: scope.is_sysadmin(u) or Role.TOP_MANAGER in scope.roles_of(u)
    ),
    "harezmi:application-list": Gate(years_visible),
    "harezmi:application-create": Gate(lambda u: Role.PRINCIPAL in scope.roles_of(u)),
    # Harezmi lists open for anyone who reads a program year; their rows are scoped (an empty list for
    # a unit manager, who reads the province's year but no team or student)
    "harezmi:team-list": Gate(years_visible),
    "harezmi:team-create": Gate(lambda u: harezmi_access.harezmi_school_nodes(u).exists()),
    "harezmi:staff-ledger": Gate(years_visible),
    "harezmi:letter-inbox": Gate(lambda u: harezmi_access.harezmi_has_letter_inbox(u) and years_visible(u)),
    "harezmi:student-list": Gate(years_visible),
    "harezmi:student-create": Gate(lambda u: harezmi_access.harezmi_student_schools(u).exists()),
    "harezmi:meeting-list": Gate(years_visible),
    "harezmi:meeting-create": Gate(lambda u: harezmi_access.harezmi_student_schools(u).exists()),
    "reports:ministry": Gate(ministry_index),
    # Harezmi II lists and create pages (the rows of a list are scoped; see test_enumeration.py)
    "harezmi:program-meeting-list": year_and(harezmi_access.harezmi_has_access),
    "harezmi:meeting-attendance-rates": year_and(harezmi_access.harezmi_has_access),
    "harezmi:program-meeting-create": in_current_year(harezmi_access.harezmi_level_nodes),
    "harezmi:training-held-create": in_current_year(harezmi_access.harezmi_course_nodes),
    "harezmi:training-need-list": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:training-need-summary": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:training-need-create": in_current_year(harezmi_access.harezmi_need_schools),
    "harezmi:material-list": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:material-holdings": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:material-create": in_current_year(harezmi_access.harezmi_principal_schools),
    "harezmi:project-list": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:activity-list": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:award-list": year_and(harezmi_access.harezmi_has_access),
    "harezmi:project-create": in_current_year(harezmi_access.harezmi_own_level_nodes),
    "harezmi:activity-create": in_current_year(harezmi_access.harezmi_own_level_nodes),
    "harezmi:award-create": in_current_year(harezmi_access.harezmi_own_level_nodes),
    "harezmi:task-list": year_and(harezmi_access.harezmi_has_task_list),
    "harezmi:report-list": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:report-create": in_current_year(harezmi_access.harezmi_report_nodes),
    "harezmi:cooperation-list": year_and(harezmi_access.harezmi_reads_as_manager),
    "harezmi:cooperation-create": in_current_year(harezmi_access.harezmi_cooperation_nodes),
    "harezmi:announcement-list": year_and(harezmi_access.harezmi_has_access),
    "harezmi:announcement-create": in_current_year(harezmi_access.harezmi_announcement_nodes),
    "harezmi:task-create": in_current_year(harezmi_access.harezmi_task_provinces),
    "harezmi:statistics": Gate(statistics_gate),
    "harezmi:statistics-pdf": Gate(statistics_gate),
    "harezmi:statistics-xlsx": Gate(statistics_gate),
    "harezmi:statistics-records": Gate(statistics_gate),  # the records behind a figure (key: teachers)
    "harezmi:session-index": Gate(years_visible),
    "harezmi:absence-list": Gate(years_visible),
    "harezmi:absence-create": Gate(absence_gate),
    "harezmi:visit-plan-list": Gate(visit_reader),
    "harezmi:visit-list": Gate(visit_list_reader),
    "harezmi:visits-planned-vs-done": Gate(visit_reader),
    "harezmi:visit-plan-create": Gate(visit_recorder),
    "harezmi:visit-create": Gate(visit_recorder),
    "harezmi:week": Gate(lambda u: harezmi_access.harezmi_view_nodes(u).filter(kind="district").exists()),
    # API lists: every signed-in token may list; the rows are scoped (test_enumeration.py)
    **{
        f"api:{name}-list": Gate(anyone_signed_in)
        for name in (
            "node",
            "unit",
            "user",
            "role-assignment",
            "plan",
            "goal",
            "target",
            "indicator",
            "year-value",
            "measure",
            "cost-line",
            "swot-item",
            "tows-strategy",
            "pest-item",
            "stakeholder",
            "problem-area",
            "architecture",
            "period",
            "submission",
            "value",
            "deviation",
            "measure-progress",
            "bulk-upload",
            "report-job",
            "publication",
            "harezmi-year",
            "harezmi-appointment",
            "harezmi-application",
            "harezmi-team",
            "harezmi-assignment",
            "harezmi-student",
            "harezmi-meeting",
            "harezmi-course",
            "harezmi-course-participant",
            "harezmi-training-need",
            "harezmi-material-request",
            "harezmi-project",
            "harezmi-activity",
            "harezmi-award",
            "harezmi-absence",
            "harezmi-event",
            "harezmi-follow-up",
            "harezmi-parent-meeting",
            "harezmi-schedule-change",
            "harezmi-session",
            "harezmi-staff-change",
            "harezmi-training",
            "harezmi-visit",
            "harezmi-visit-plan",
            "harezmi-ministry-report",
            "harezmi-task",
            "harezmi-announcement",
            "harezmi-cooperation",
            "harezmi-research-report",
        )
    },  # fmt: skip
    "api:harezmi-statistics-list": Gate(statistics_gate),  # the page's figures, as it opens
    "api:harezmi-visit-planned-vs-done": Gate(visit_reader),
    "api:unit-detail": Gate(anyone_signed_in),
    "api:harezmi-week-list": Gate(
        lambda u: harezmi_current_year(u) is not None
    ),  # 404 without a year  # the unit catalogue is shared reference data
}
RULES: dict[str, On | tuple[On, ...]] = {
    # organisation
    "org:node-detail": on("node", pk, node_view),
    "org:node-edit": on("node", pk, node_change),
    "org:user-detail": on("user", pk, user_view),
    "org:user-role-new": on("user", pk, user_view),
    "org:assignment-end": on("assignment", pk, assignment_end),
    "tokens:revoke": on("token", pk, lambda u, o: o.user_id == u.pk),
    "otp-device-remove": on("totp-device", pk, lambda u, o: o.user_id == u.pk),
    "object-history": (
        history("org.orgnode", "node"),
        history("plans.plan", "plan"),
        history("plans.indicator", "indicator"),
    ),
    # strategic plans
    "plans:plan-detail": on("plan", pk, plan_view),
    "plans:plan-export-xlsx": on("plan", pk, plan_view),
    "plans:plan-export-json": on("plan", pk, plan_view),
    "reports:plan-pdf": on("plan", pk, plan_view),
    "plans:plan-analyses": on("plan", pk, plan_view),
    "plans:plan-costs": on("plan", pk, plan_view),
    "plans:target-detail": on("target", pk, part_view),
    "plans:indicator-detail": on("indicator", pk, part_view),
    "plans:indicator-edit": on("indicator", pk, part_edit),
    "plans:yearly-target-edit": on("yearvalue", pk, part_edit),
    "plans:row-applicability-edit": on("indicatorrow", pk, part_edit),
    "plans:row-bounds-edit": on("indicatorrow", pk, part_edit),
    "plans:measure-detail": on("measure", pk, part_view),
    # monitoring
    "monitoring:period-create": on("plan", lambda o: {"plan_pk": o.pk}, plan_edit),
    "monitoring:period-detail": on("period", pk, period_view),
    "monitoring:period-action": on("period", lambda o: {"pk": o.pk, "action": "close"}, period_manage),
    "monitoring:entry": on(
        "period_node", lambda p: {"period_pk": p[0].pk, "entity_pk": p[1].pk}, period_node_view
    ),
    "monitoring:value-save": on("period_node", entry_row, entry_save),
    "monitoring:submission-submit": on("submission", pk, submission("enter")),
    "monitoring:submission-decide": on(
        "submission", lambda o: {"pk": o.pk, "decision": "approve"}, submission("decide")
    ),
    # approving chosen submissions: any period reader may post; the service decides each one (all or none)
    "monitoring:submissions-approve": on("period", lambda o: {"period_pk": o.pk}, period_view),
    "monitoring:rollup": on("period_node", period_node, period_node_view),
    "monitoring:school-realization": on("period_node", period_node, period_node_view),
    "monitoring:deviation-list": on("period", lambda o: {"period_pk": o.pk}, period_view),
    "monitoring:deviation-explain": on("deviation", pk, deviation("explain")),
    "monitoring:measure-list": on("period", lambda o: {"period_pk": o.pk}, period_view),
    "monitoring:measure-progress": on(
        "progress", lambda o: {"period_pk": o.period_id, "measure_pk": o.measure_id}, measure_report
    ),
    "monitoring:measure-evidence": on("progress", pk, lambda u, o: period_view(u, o.period)),
    "monitoring:indicator-source": on("indicator", pk, part_edit),
    "monitoring:bulk": on("period", lambda o: {"period_pk": o.pk}, bulk_page),
    "monitoring:bulk-template": on("period", lambda o: {"period_pk": o.pk}, bulk_template),
    "monitoring:bulk-status": on("bulk", pk, lambda u, o: ok(monitoring_access.bulk_upload_for, u, o.pk)),
    # reports
    "reports:index": on("period", lambda o: {"period_pk": o.pk}, period_view),
    "reports:report-page": on("period_node", period_node, report_node_view),
    "reports:report-generate": on("period_node", period_node, report_node_view),
    "reports:scorecard": on("period_node", period_node, scorecard_view),
    "reports:scorecard-pdf": on("period_node", period_node, scorecard_view),
    "reports:scorecard-xlsx": on("period_node", period_node, scorecard_view),
    "reports:job-detail": on("job", pk, lambda u, o: ok(reports_access.report_job_for, u, o.pk)),
    "reports:job-progress": on("job", pk, lambda u, o: ok(reports_access.report_job_for, u, o.pk)),
    "reports:job-file": on(
        "job", lambda o: {"pk": o.pk, "fmt": "pdf"}, lambda u, o: ok(reports_access.report_job_for, u, o.pk)
    ),
    "reports:job-publish": on("job", pk, job_publish),
    "reports:publication-revoke": on("publication", pk, publication_revoke),
    "reports:meeting-edit": on("period", lambda o: {"period_pk": o.pk}, meeting_edit),
    "reports:spending-edit": on("plan", lambda o: {"plan_pk": o.pk}, plan_edit),
    "reports:indicator-card": on("indicator", pk, card_view),
    "reports:ministry-generate": on("node", lambda o: {"node_pk": o.pk}, ministry_level),
    "reports:ministry-job": on("ministryjob", pk, ministry_job),
    "reports:ministry-job-progress": on("ministryjob", pk, ministry_job),
    "reports:ministry-job-file": on("ministryjob", lambda o: {"pk": o.pk, "fmt": "pdf"}, ministry_job),
    "reports:indicator-card-pdf": on("indicator", pk, card_view),
    "reports:indicator-card-xlsx": on("indicator", pk, card_view),
    # Harezmi
    "harezmi:year-calendar": on("year", pk, harezmi(harezmi_access.harezmi_year_for)),
    "harezmi:year-edit": on("year", pk, harezmi(harezmi_access.harezmi_year_for, "manage")),
    "harezmi:event-create": on("year", pk, year_event),
    "harezmi:holiday-create": on("year", pk, harezmi(harezmi_access.harezmi_year_for, "manage")),
    "harezmi:holiday-delete": on("holiday", pk, harezmi(harezmi_access.harezmi_holiday_for, "manage")),
    "harezmi:results-announce": on("year", pk, harezmi(harezmi_access.harezmi_year_for, "manage")),
    "harezmi:document-file": on(
        "document", pk, lambda u, o: ok(harezmi_access.harezmi_document_for, u, o.pk)
    ),
    "harezmi:letter-evaluate": on(
        "letter", pk, lambda u, o: ok(harezmi_access.harezmi_letter_for, u, o.pk, action="evaluate")
    ),
    "harezmi:history": (
        harezmi_history("team", "team"),
        harezmi_history("student", "student"),
        harezmi_history("application", "application"),
        harezmi_history("programyear", "year"),
    ),
    "harezmi:appointment-detail": on("appointment", pk, harezmi(harezmi_access.harezmi_appointment_for)),
    "harezmi:appointment-departure": on(
        "appointment", pk, harezmi(harezmi_access.harezmi_appointment_for, "request_departure")
    ),
    "harezmi:appointment-departure-approve": on(
        "appointment", pk, harezmi(harezmi_access.harezmi_appointment_for, "approve_departure")
    ),
    "harezmi:application-detail": on("application", pk, harezmi(harezmi_access.harezmi_application_for)),
    "harezmi:application-edit": on(
        "application", pk, harezmi(harezmi_access.harezmi_application_for, "edit")
    ),
    "harezmi:application-submit": on(
        "application", pk, harezmi(harezmi_access.harezmi_application_for, "edit")
    ),
    "harezmi:application-review": on(
        "application", pk, harezmi(harezmi_access.harezmi_application_for, "review")
    ),
    "harezmi:application-decide": on(
        "application", pk, harezmi(harezmi_access.harezmi_application_for, "decide")
    ),
    "harezmi:application-settings": on("application", pk, application_settings),
    "harezmi:team-detail": on("team", pk, harezmi(harezmi_access.harezmi_team_for)),
    "harezmi:team-schedule": on("team", pk, harezmi(harezmi_access.harezmi_team_for, "edit")),
    "harezmi:team-schedule-announce": on("team", pk, harezmi(harezmi_access.harezmi_team_for, "edit")),
    "harezmi:assignment-add": on("team", pk, harezmi(harezmi_access.harezmi_team_for, "edit")),
    "harezmi:assignment-approve": on(
        "teacherassignment", pk, harezmi(harezmi_access.harezmi_assignment_for, "approve")
    ),
    "harezmi:assignment-refuse": on(
        "teacherassignment", pk, harezmi(harezmi_access.harezmi_assignment_for, "approve")
    ),
    "harezmi:assignment-letter": on(
        "teacherassignment", pk, harezmi(harezmi_access.harezmi_assignment_for, "approve")
    ),
    "harezmi:assignment-departure": on(
        "teacherassignment", pk, harezmi(harezmi_access.harezmi_assignment_for, "depart")
    ),
    "harezmi:student-detail": on("student", pk, harezmi(harezmi_access.harezmi_student_for)),
    "harezmi:student-consent": on("student", pk, harezmi(harezmi_access.harezmi_student_for, "edit")),
    "harezmi:student-place": on("student", pk, harezmi(harezmi_access.harezmi_student_for, "edit")),
    "harezmi:consent-file": on("student", pk, harezmi(harezmi_access.harezmi_student_for)),
    "harezmi:district-week": on("district", pk, harezmi(harezmi_access.harezmi_week_district_for)),
    "harezmi:week-proposal": on("district", pk, harezmi(harezmi_access.harezmi_week_district_for, "balance")),
    "harezmi:week-apply": on("district", pk, harezmi(harezmi_access.harezmi_week_district_for, "balance")),
    "harezmi:program-meeting-detail": on(
        "programmeeting", pk, harezmi(harezmi_access.harezmi_program_meeting_for)
    ),
    "harezmi:program-meeting-edit": on(
        "programmeeting", pk, harezmi(harezmi_access.harezmi_program_meeting_for, "edit")
    ),
    "harezmi:program-meeting-attendance": on(
        "programmeeting", pk, harezmi(harezmi_access.harezmi_program_meeting_for, "edit")
    ),
    "harezmi:team-sessions": on("team", pk, harezmi(harezmi_access.harezmi_team_for)),
    "harezmi:session-detail": on("session", pk, harezmi(harezmi_access.harezmi_session_for)),
    "harezmi:session-edit": on("session", session_week, session_log),
    "harezmi:absence-edit": on("absence", pk, harezmi(harezmi_access.harezmi_absence_for, "edit")),
    "harezmi:absence-document": on(
        "absence", pk, harezmi(harezmi_access.harezmi_absence_for, action="document")
    ),
    "harezmi:visit-plan-detail": on("visitplan", pk, harezmi(harezmi_access.harezmi_visit_plan_for)),
    "harezmi:planned-visit-add": on("visitplan", pk, harezmi(harezmi_access.harezmi_visit_plan_for, "edit")),
    "harezmi:planned-visit-remove": on("plannedvisit", pk, planned_item_edit),
    "harezmi:visit-detail": on("visit", pk, harezmi(harezmi_access.harezmi_visit_for)),
    "harezmi:visit-edit": on("visit", pk, harezmi(harezmi_access.harezmi_visit_for, "edit")),
    "harezmi:follow-up-done": on("followup", pk, harezmi(harezmi_access.harezmi_follow_up_for, "done")),
    "harezmi:training-detail": on("course", pk, harezmi(harezmi_access.harezmi_course_for)),
    "harezmi:training-held-edit": on("course", pk, harezmi(harezmi_access.harezmi_course_for, "edit")),
    "harezmi:training-participants": on("course", pk, harezmi(harezmi_access.harezmi_course_for, "edit")),
    "harezmi:training-participant-state": on("participant", pk, participant_edit),
    "harezmi:training-need-edit": on("need", pk, harezmi(harezmi_access.harezmi_need_for, "edit")),
    "harezmi:material-detail": on("material", pk, harezmi(harezmi_access.harezmi_material_request_for)),
    "harezmi:material-edit": on("material", pk, harezmi(harezmi_access.harezmi_material_request_for, "edit")),
    "harezmi:material-decide": on(
        "material", pk, harezmi(harezmi_access.harezmi_material_request_for, "decide")
    ),
    "harezmi:material-deliver": on(
        "material", pk, harezmi(harezmi_access.harezmi_material_request_for, "deliver")
    ),
    "harezmi:project-edit": on("project", pk, project_record("project", "edit")),
    "harezmi:task-detail": on("task", pk, harezmi(harezmi_access.harezmi_task_for)),
    "harezmi:report-detail": on("researchreport", pk, harezmi(harezmi_access.harezmi_report_for)),
    "harezmi:report-edit": on("researchreport", pk, harezmi(harezmi_access.harezmi_report_for, "edit")),
    "harezmi:report-file": on("researchreport", pk, harezmi(harezmi_access.harezmi_report_for)),
    "harezmi:cooperation-detail": on("cooperation", pk, harezmi(harezmi_access.harezmi_cooperation_for)),
    "harezmi:cooperation-edit": on(
        "cooperation", pk, harezmi(harezmi_access.harezmi_cooperation_for, "edit")
    ),
    "harezmi:announcement-detail": on(
        "announcement", pk, lambda u, o: ok(harezmi_access.harezmi_announcement_for, u, o.pk)
    ),
    "harezmi:task-edit": on("task", pk, harezmi(harezmi_access.harezmi_task_for, "give")),
    "harezmi:task-cancel": on("task", pk, harezmi(harezmi_access.harezmi_task_for, "give")),
    "harezmi:task-complete": on("task", pk, harezmi(harezmi_access.harezmi_task_for, "complete")),
    "harezmi:activity-edit": on("activity", pk, project_record("activity", "edit")),
    "harezmi:award-edit": on("award", pk, project_record("award", "edit")),
    # API (/api/v1/): 404 outside scope, 403 for an action on a visible object that is not the user's
    "api:node-detail": on("node", pk, node_view, node_change),
    "api:user-detail": on("user", pk, user_view),
    "api:role-assignment-detail": on("assignment", pk, assignment_view),
    "api:role-assignment-end": on("assignment", pk, assignment_view, assignment_end),
    "api:plan-detail": on("plan", pk, plan_view),
    # a plan's files (workbook, JSON, PDF): whoever reads the plan
    "api:plan-file-export-json": on("plan", pk, plan_view),
    "api:plan-file-export-xlsx": on("plan", pk, plan_view),
    "api:plan-file-export-pdf": on("plan", pk, plan_view),
    "api:plan-costs": on("plan", pk, plan_view),
    "api:goal-detail": api_part("goal"),
    "api:target-detail": api_part("target"),
    "api:indicator-detail": api_part("indicator", edit=True),
    "api:year-value-detail": api_part("yearvalue", edit=True),
    "api:measure-detail": api_part("measure"),
    "api:cost-line-detail": api_part("costline"),
    "api:swot-item-detail": api_part("swotitem"),
    "api:tows-strategy-detail": api_part("towsstrategy"),
    "api:pest-item-detail": api_part("pestitem"),
    "api:stakeholder-detail": api_part("stakeholder"),
    "api:problem-area-detail": api_part("problemarea"),
    "api:architecture-detail": api_part("architecturecomponent"),
    "api:period-detail": on("period", pk, period_view),
    "api:period-close": on("period", pk, period_view, period_manage),
    "api:period-open": on("period", pk, period_view, period_manage),
    "api:period-reopen": on("period", pk, period_view, period_manage),
    "api:period-entry": on("period", pk, period_view),
    "api:period-progress": on("period", pk, period_view),
    "api:period-results": on("period", pk, period_view),
    "api:period-school-realization": on("period", pk, period_view),
    "api:submission-detail": on("submission", pk, submission("view")),
    "api:submission-submit": on("submission", pk, submission("view"), submission("enter")),
    "api:submission-approve": on("submission", pk, submission("view"), submission("decide")),
    "api:submission-return": on("submission", pk, submission("view"), submission("decide")),
    "api:value-detail": on(
        "value",
        pk,
        visible(monitoring_access.values_visible),
        lambda u, o: monitoring_access.can_enter(u, o.entity),
    ),
    "api:deviation-detail": on("deviation", pk, deviation("view")),
    "api:deviation-explain": on("deviation", pk, deviation("view"), deviation("explain")),
    "api:deviation-follow-up": on("deviation", pk, deviation("view"), deviation("explain")),
    "api:measure-progress-detail": on("progress", pk, visible(monitoring_access.measure_progress_visible)),
    "api:measure-progress-evidence": on(
        "progress", pk, visible(monitoring_access.measure_progress_visible), measure_report
    ),
    "api:bulk-upload-template": on("period", lambda o: {}, bulk_template, query=lambda o: {"period": o.pk}),
    "api:bulk-upload-detail": on("bulk", pk, lambda u, o: ok(monitoring_access.bulk_upload_for, u, o.pk)),
    "api:report-job-detail": on("job", pk, visible(reports_access.report_jobs_visible)),
    "api:report-job-pdf": on("job", pk, visible(reports_access.report_jobs_visible)),
    "api:report-job-xlsx": on("job", pk, visible(reports_access.report_jobs_visible)),
    "api:report-job-publish": on(
        "job",
        pk,
        visible(reports_access.report_jobs_visible),
        lambda u, o: reports_access.can_publish(u, o.node),
    ),
    "api:publication-detail": on("publication", pk, visible(reports_access.publications_visible)),
    "api:publication-revoke": on(
        "publication",
        pk,
        visible(reports_access.publications_visible),
        lambda u, o: reports_access.can_publish(u, o.node),
    ),
    # Harezmi API (/api/v1/harezmi/): the pages' rules, 403 for a refused action on a visible object
    "api:harezmi-year-detail": on(
        "year",
        pk,
        harezmi(harezmi_access.harezmi_year_for),
        harezmi(harezmi_access.harezmi_year_for, "manage"),
    ),
    "api:harezmi-year-announce": on(
        "year",
        pk,
        harezmi(harezmi_access.harezmi_year_for),
        harezmi(harezmi_access.harezmi_year_for, "manage"),
    ),
    "api:harezmi-document-detail": on(
        "document", pk, lambda u, o: ok(harezmi_access.harezmi_document_for, u, o.pk)
    ),
    "api:harezmi-document-file": on(
        "document", pk, lambda u, o: ok(harezmi_access.harezmi_document_for, u, o.pk)
    ),
    "api:harezmi-appointment-detail": on("appointment", pk, harezmi(harezmi_access.harezmi_appointment_for)),
    "api:harezmi-appointment-departure": on(
        "appointment",
        pk,
        harezmi(harezmi_access.harezmi_appointment_for),
        harezmi(harezmi_access.harezmi_appointment_for, "request_departure"),
    ),
    "api:harezmi-appointment-approve-departure": on(
        "appointment",
        pk,
        harezmi(harezmi_access.harezmi_appointment_for),
        harezmi(harezmi_access.harezmi_appointment_for, "approve_departure"),
    ),
    **{
        f"api:harezmi-application-{name}": on(
            "application",
            pk,
            harezmi(harezmi_access.harezmi_application_for),
            harezmi(harezmi_access.harezmi_application_for, action),
        )
        for name, action in (
            ("detail", "edit"),
            ("submit", "edit"),
            ("review", "review"),
            ("decide", "decide"),
        )
    },
    "api:harezmi-application-school-settings": on(
        "application", pk, harezmi(harezmi_access.harezmi_application_for), application_settings
    ),
    "api:harezmi-team-detail": on("team", pk, harezmi(harezmi_access.harezmi_team_for)),
    "api:harezmi-team-announce-schedule": on(
        "team", pk, harezmi(harezmi_access.harezmi_team_for), harezmi(harezmi_access.harezmi_team_for, "edit")
    ),
    "api:harezmi-task-detail": on(
        "task", pk, harezmi(harezmi_access.harezmi_task_for), harezmi(harezmi_access.harezmi_task_for, "give")
    ),
    "api:harezmi-task-complete": on(
        "task",
        pk,
        harezmi(harezmi_access.harezmi_task_for),
        harezmi(harezmi_access.harezmi_task_for, "complete"),
    ),
    "api:harezmi-task-cancel": on(
        "task", pk, harezmi(harezmi_access.harezmi_task_for), harezmi(harezmi_access.harezmi_task_for, "give")
    ),
    "api:harezmi-announcement-detail": on(
        "announcement", pk, lambda u, o: ok(harezmi_access.harezmi_announcement_for, u, o.pk)
    ),
    "api:harezmi-cooperation-detail": on(
        "cooperation",
        pk,
        harezmi(harezmi_access.harezmi_cooperation_for),
        harezmi(harezmi_access.harezmi_cooperation_for, "edit"),
    ),
    "api:harezmi-research-report-detail": on(
        "researchreport",
        pk,
        harezmi(harezmi_access.harezmi_report_for),
        harezmi(harezmi_access.harezmi_report_for, "edit"),
    ),
    "api:harezmi-research-report-file": on("researchreport", pk, harezmi(harezmi_access.harezmi_report_for)),
    "api:harezmi-team-schedule": on(
        "team", pk, harezmi(harezmi_access.harezmi_team_for), harezmi(harezmi_access.harezmi_team_for, "edit")
    ),
    "api:harezmi-team-teachers": on(
        "team", pk, harezmi(harezmi_access.harezmi_team_for), harezmi(harezmi_access.harezmi_team_for, "edit")
    ),
    "api:harezmi-assignment-detail": on(
        "teacherassignment", pk, harezmi(harezmi_access.harezmi_assignment_for)
    ),
    **{
        f"api:harezmi-assignment-{name}": on(
            "teacherassignment",
            pk,
            harezmi(harezmi_access.harezmi_assignment_for),
            harezmi(harezmi_access.harezmi_assignment_for, action),
        )
        for name, action in (
            ("approve", "approve"),
            ("refuse", "approve"),
            ("letter", "approve"),
            ("departure", "depart"),
        )
    },  # fmt: skip
    "api:harezmi-student-detail": on("student", pk, harezmi(harezmi_access.harezmi_student_for)),
    "api:harezmi-student-consent-form": on("student", pk, harezmi(harezmi_access.harezmi_student_for)),
    "api:harezmi-student-consent": on(
        "student",
        pk,
        harezmi(harezmi_access.harezmi_student_for),
        harezmi(harezmi_access.harezmi_student_for, "edit"),
    ),
    "api:harezmi-student-place": on(
        "student",
        pk,
        harezmi(harezmi_access.harezmi_student_for),
        harezmi(harezmi_access.harezmi_student_for, "edit"),
    ),
    "api:harezmi-week-detail": on("district", pk, week_view),
    "api:harezmi-session-detail": on("session", pk, harezmi(harezmi_access.harezmi_session_for)),
    "api:harezmi-absence-detail": on(
        "absence",
        pk,
        harezmi(harezmi_access.harezmi_absence_for),
        harezmi(harezmi_access.harezmi_absence_for, "edit"),
    ),
    "api:harezmi-absence-document": on(  # a sick note: readers of the absence without the duty get a 403
        "absence",
        pk,
        harezmi(harezmi_access.harezmi_absence_for),
        harezmi(harezmi_access.harezmi_absence_for, action="document"),
        acts_on_get=True,
    ),
    "api:harezmi-visit-plan-detail": on(
        "visitplan",
        pk,
        harezmi(harezmi_access.harezmi_visit_plan_for),
        harezmi(harezmi_access.harezmi_visit_plan_for, "edit"),
    ),
    "api:harezmi-visit-plan-items": on(
        "visitplan",
        pk,
        harezmi(harezmi_access.harezmi_visit_plan_for),
        harezmi(harezmi_access.harezmi_visit_plan_for, "edit"),
    ),
    "api:harezmi-visit-plan-remove-item": on(
        "visitplan",
        pk,
        harezmi(harezmi_access.harezmi_visit_plan_for),
        harezmi(harezmi_access.harezmi_visit_plan_for, "edit"),
    ),
    "api:harezmi-visit-detail": on(
        "visit",
        pk,
        harezmi(harezmi_access.harezmi_visit_for),
        harezmi(harezmi_access.harezmi_visit_for, "edit"),
    ),
    "api:harezmi-visit-follow-ups": on(
        "visit",
        pk,
        harezmi(harezmi_access.harezmi_visit_for),
        harezmi(harezmi_access.harezmi_visit_for, "edit"),
    ),
    "api:harezmi-follow-up-detail": on("followup", pk, follow_up_view),
    "api:harezmi-follow-up-done": on(
        "followup", pk, follow_up_view, harezmi(harezmi_access.harezmi_follow_up_for, "done")
    ),
    "api:harezmi-staff-change-detail": on(
        "staffchange", pk, visible(harezmi_access.harezmi_staff_changes_visible)
    ),
    "api:harezmi-week-proposal": on("district", pk, week_view, week_balance, acts_on_get=True),
    "api:harezmi-week-apply": on("district", pk, week_view, week_balance),
    "api:harezmi-event-detail": on(
        "event",
        pk,
        lambda u, o: harezmi_access.harezmi_years_visible(u).filter(pk=o.program_year_id).exists(),
    ),
    "api:harezmi-training-detail": on(
        "trainingrecord",
        pk,
        lambda u, o: (
            harezmi_access.harezmi_has_access(u) and visible(harezmi_access.harezmi_trainings_visible)(u, o)
        ),
    ),
    "api:harezmi-parent-meeting-detail": on(
        "parentmeeting", pk, visible(harezmi_access.harezmi_meetings_visible)
    ),
    "api:harezmi-schedule-change-detail": on(
        "schedulechange",
        pk,
        lambda u, o: harezmi_access.harezmi_teams_visible(u).filter(pk=o.team_id).exists(),
    ),
    "api:harezmi-meeting-detail": on(
        "programmeeting",
        pk,
        harezmi(harezmi_access.harezmi_program_meeting_for),
        harezmi(harezmi_access.harezmi_program_meeting_for, "edit"),
    ),
    "api:harezmi-meeting-attendance": on(
        "programmeeting",
        pk,
        harezmi(harezmi_access.harezmi_program_meeting_for),
        harezmi(harezmi_access.harezmi_program_meeting_for, "edit"),
    ),
    "api:harezmi-course-detail": on(
        "course",
        pk,
        harezmi(harezmi_access.harezmi_course_for),
        harezmi(harezmi_access.harezmi_course_for, "edit"),
    ),
    "api:harezmi-course-participants": on(
        "course",
        pk,
        harezmi(harezmi_access.harezmi_course_for),
        harezmi(harezmi_access.harezmi_course_for, "edit"),
    ),
    "api:harezmi-course-participant-detail": on("participant", pk, participant_view),
    "api:harezmi-course-participant-state": on("participant", pk, participant_view, participant_edit),
    "api:harezmi-training-need-detail": on(
        "need", pk, harezmi(harezmi_access.harezmi_need_for), harezmi(harezmi_access.harezmi_need_for, "edit")
    ),
    "api:harezmi-training-need-met": on(
        "need", pk, harezmi(harezmi_access.harezmi_need_for), harezmi(harezmi_access.harezmi_need_for, "edit")
    ),
    **{
        f"api:harezmi-material-request-{name}": on(
            "material",
            pk,
            harezmi(harezmi_access.harezmi_material_request_for),
            harezmi(harezmi_access.harezmi_material_request_for, action),
        )
        for name, action in (("detail", "edit"), ("decide", "decide"), ("deliveries", "deliver"))
    },
    **{
        f"api:harezmi-{name}-detail": on(name, pk, project_record(name), project_record(name, "edit"))
        for name in ("project", "activity", "award")
    },
    **{
        f"api:harezmi-ministry-report-{name}": on("ministryjob", pk, ministry_job)
        for name in ("detail", "pdf", "xlsx")
    },
}
ADMIN_PREFIX = "admin:"  # the Django admin: staff only (no world user is staff) — test_admin_is_staff_only
UNNAMED = {r"api/v1/^[\s\S]*$", "admin/(?P<url>.*)$"}  # catch-alls answering 404 (JSON for the API)


def url_patterns() -> list[tuple[str, str]]:
    """(name or route, route) for every URL pattern of the project."""
    found: list[tuple[str, str]] = []

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                walk(
                    pattern,
                    prefix + str(pattern.pattern),
                    f"{namespace}:{ns}" if namespace and ns else ns or namespace,
                )
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                found.append((name or route, route))

    walk(get_resolver(), "", None)
    return found


def classified(name: str, route: str) -> bool:
    if name in PUBLIC or name in GATES or name in RULES or name in UNNAMED:
        return True
    return name.startswith(ADMIN_PREFIX) or (route.startswith("admin/") and name == route)


def test_every_url_pattern_is_classified():
    # given every URL pattern of the project
    patterns = url_patterns()
    # then each is in the rule table (a new page must say who may open it)
    missing = sorted(name for name, route in patterns if not classified(name, route))
    assert not missing, f"URL patterns the authorization matrix does not classify: {missing}"
    # and the table names no pattern that is gone
    names = {name for name, _route in patterns}
    assert not (set(RULES) | set(GATES) | PUBLIC) - names


def test_every_openapi_operation_is_classified(db):
    # given the API's OpenAPI schema
    from django.urls import resolve

    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    unclassified = []
    operations = 0
    for path, methods in schema["paths"].items():
        sample = re.sub(r"\{[^}]+\}", "1", path)
        match = resolve(sample)
        name = f"{match.namespace}:{match.url_name}"
        for method in methods:
            if method in {"get", "post", "put", "patch", "delete"}:
                operations += 1
                rule = RULES.get(name) or GATES.get(name)
                if rule is None or (
                    method != "get"
                    and isinstance(rule, On)
                    and rule.acts is None
                    and "-list" not in name
                    and name not in {"api:value-detail"}
                ):
                    if not (isinstance(rule, Gate) and name.endswith("-list")):
                        unclassified.append(f"{method.upper()} {path} ({name})")
    # then every operation has a rule (a write on an object has an action rule)
    assert operations > 50
    assert not unclassified, unclassified


# --- running the matrix ------------------------------------------------------------------------------------
TALLY: Counter = Counter()


@pytest.fixture(autouse=True)
def _cheap_renders(monkeypatch):
    """PDF rendering is slow and irrelevant to who may open a page: render a stub instead."""
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.4 stub")


def fresh(user):
    """The user without cached role assignments (as a request would load it)."""
    user._izlem_assignments = None
    return user


def request(client, method: str, url: str, *, api: bool):
    """One request inside a savepoint that is rolled back (an allowed state change leaves no trace)."""
    with transaction.atomic():
        if api:
            body = {"reason": "Gerekçe", "comment": "Düzeltilmeli"} if method == "POST" else {}
            response = getattr(client, method.lower())(url, body if method != "GET" else None, format="json")
            if response.status_code == 415:  # an upload action: send a file, so the access check decides
                body = {
                    **body,
                    "file": SimpleUploadedFile("kanit.pdf", b"%PDF-1.4\n%test\n", "application/pdf"),
                }
                response = getattr(client, method.lower())(url, body, format="multipart")
        else:
            response = client.get(url) if method == "GET" else client.post(url, {})
            if method == "GET" and response.status_code == 405:
                response = client.post(url, {})
        transaction.set_rollback(True)
    return response


_SCHEMA_METHODS: dict[str, list[str]] = {}


def api_methods(name: str) -> list[str]:
    """The methods the OpenAPI schema documents at an object URL (GET first)."""
    if not _SCHEMA_METHODS:
        from django.urls import resolve
        from drf_spectacular.generators import SchemaGenerator

        schema = SchemaGenerator().get_schema(request=None, public=True)
        for path, operations in schema["paths"].items():
            match = resolve(re.sub(r"\{[^}]+\}", "1", path))
            methods = [m.upper() for m in ("get", "post", "put", "patch", "delete") if m in operations]
            _SCHEMA_METHODS[f"{match.namespace}:{match.url_name}"] = methods
    return _SCHEMA_METHODS.get(name, ["GET"])


def body_shape(response) -> str:
    """The denial's body with ids and the per-request CSRF token taken out (a denial must look exactly like a
    missing id)."""
    body = re.sub(
        r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+',
        r"\1T",
        response.content.decode(errors="replace"),
    )
    return re.sub(r"\d+", "N", body)


def with_query(url: str, rule: On, obj, *, missing: bool = False) -> str:
    """The URL with the rule's query string (its ids replaced by a missing one when asked)."""
    if rule.query is None:
        return url
    from urllib.parse import urlencode

    query = {k: (MISSING if missing and isinstance(v, int) else v) for k, v in rule.query(obj).items()}
    return f"{url}?{urlencode(query)}"


OBJECT_NAMES = sorted(RULES)


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_object_matrix(sw, clients, name, db):
    # given the rule of the URL and every user × object position
    TALLY["object_pages"] += 1
    rules = RULES[name] if isinstance(RULES[name], tuple) else (RULES[name],)
    is_api = name.startswith("api:")
    mismatches = []
    for rule in rules:
        for username in USERNAMES:
            user = fresh(sw.world.users[username])
            client = clients[username][1 if is_api else 0]
            picked = sw.pick(rule.kind, user)
            assert picked or username == "nobody", f"no {rule.kind} object for {username}"
            for where, obj in picked:
                url = with_query(reverse(name, kwargs=rule.kwargs(obj)), rule, obj)
                for method in api_methods(name) if is_api else ["GET"]:
                    # when the user asks
                    response = request(client, method, url, api=is_api)
                    # then the answer agrees with the rule
                    if not rule.allows(user, obj):
                        expected = 404
                    elif (
                        is_api
                        and (method != "GET" or rule.acts_on_get)
                        and rule.acts is not None
                        and not rule.acts(user, obj)
                    ):
                        expected = 403
                    else:
                        expected = "allowed"
                    got = response.status_code
                    agrees = got == expected if expected != "allowed" else got not in (403, 404)
                    TALLY["checks"] += 1
                    TALLY[f"position:{where}"] += 1
                    if not agrees:
                        mismatches.append(
                            f"{username} {where} {method} {url}: expected {expected}, got {got}"
                        )
                    elif expected == 404:
                        TALLY["denied"] += 1
                        missing_kwargs = {
                            k: (MISSING if isinstance(v, int) else v) for k, v in rule.kwargs(obj).items()
                        }
                        missing_url = reverse(name, kwargs=missing_kwargs)
                        if rule.query is not None:
                            missing_url = with_query(missing_url, rule, obj, missing=True)
                        missing = request(client, method, missing_url, api=is_api)
                        assert missing.status_code == 404
                        assert body_shape(missing) == body_shape(response), (
                            f"{name}: a denial differs from a missing id"
                        )
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("name", sorted(GATES))
def test_gate_matrix(sw, clients, name, db):
    # given a page without an object id
    gate = GATES[name]
    is_api = name.startswith("api:")
    mismatches = []
    for username in USERNAMES:
        user = fresh(sw.world.users[username])
        kwargs = {"pk": sw.objects["node"][0][1].pk} if name == "api:unit-detail" else {}
        if name == "harezmi:statistics-records":
            kwargs = {"key": "teachers"}
        if name == "api:unit-detail":
            from izlem.org.models import Unit

            kwargs = {"pk": Unit.objects.first().pk}
        url = reverse(name, kwargs=kwargs)
        # when the user opens it (sends an empty form to the pages that only take one)
        method = "POST" if name in POST_ONLY_GATES else "GET"
        response = request(clients[username][1 if is_api else 0], method, url, api=is_api)
        # then it opens exactly for those the gate lets in (denied: 403/404, or sent home)
        allowed = gate.allows(user)
        got = response.status_code
        TALLY["checks"] += 1
        denied = got in (403, 404) or (got == 302 and response.url in ("/", reverse("home")))
        if allowed == denied:
            mismatches.append(f"{username} {url}: expected {'allowed' if allowed else 'denied'}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def test_admin_is_staff_only(sw, clients, db):
    # given every admin URL with an object id filled in
    public = {"admin:login", "admin:logout", "admin:jsi18n"}  # the admin's own sign-in pages
    admin_urls = [
        route for name, route in url_patterns() if route.startswith("admin/") and name not in public
    ]
    # the admin's gate is the staff flag, not a role: the most and the least privileged roles and two
    # in between stand for all of them (every role was checked here until the suite had to get faster)
    for username in ("sysadmin", "province_manager", "teacher", "nobody"):
        client = clients[username][0]
        for route in admin_urls:
            url = "/" + re.sub(r"<[^>]+>", "1", route).replace("^", "").replace("$", "")
            url = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "x", url)
            # when a non-staff user opens it
            response = request(client, "GET", url, api=False)
            TALLY["checks"] += 1
            # then the admin sends them to its sign-in (or does not know the URL): never a page
            assert response.status_code in (302, 404), (username, url, response.status_code)
            if response.status_code == 302:
                assert "/admin/login/" in response.url


def test_matrix_size_and_positions():
    # every position was exercised (run after the matrix tests of this module)
    # The tally is per process: under xdist the object pages are spread over the workers, and a worker
    # that ran only some of them may have met no "own" position although the run as a whole did.
    if TALLY["object_pages"] != len(OBJECT_NAMES):
        pytest.skip("run in the same process as every object page of the matrix (e.g. -n 0)")
    for where in ("own", "child", "sibling", "parent", "other"):
        assert TALLY[f"position:{where}"] > 0, where
    print(f"\nauthorization matrix: {dict(TALLY)}")


# --- separation of duties and node fields (issue 16), stated independently of izlem.org.access ---------
# Switching a unit on or off: a system administrator anywhere, a top manager or planning officer at the
# unit or above it. Everyone else who sees the unit gets 403 (the principal of the school included).
NODE_STRUCTURE_HOLDERS = {Role.TOP_MANAGER, Role.PLANNING_OFFICER}


def may_switch_off(user, node) -> bool:
    from izlem.org.models import RoleAssignment

    held = RoleAssignment.objects.active().filter(user=user).select_related("node")
    return user.is_superuser or any(
        a.role == Role.SYSADMIN or (a.role in NODE_STRUCTURE_HOLDERS and node.path.startswith(a.node.path))
        for a in held
    )


def test_node_switch_off_matrix(sw, clients, db):
    # given every user × a node at every position, asking the API to switch it off
    mismatches = []
    for username in USERNAMES:
        user = fresh(sw.world.users[username])
        for where, node in sw.pick("node", user):
            with transaction.atomic():
                r = clients[username][1].patch(
                    f"/api/v1/nodes/{node.pk}/", {"is_active": False}, format="json"
                )
                changed = type(node).objects.get(pk=node.pk).is_active is False
                transaction.set_rollback(True)
            # then: 404 if the node is not theirs to see, 200 (and switched off) if theirs to switch, else 403
            if not node_view(user, node):
                expected = 404
            else:
                expected = 200 if may_switch_off(user, node) else 403
            if r.status_code != expected or changed != (expected == 200):
                mismatches.append(
                    f"{username} {where} node {node.pk}: expected {expected}, got {r.status_code}"
                )
            TALLY["checks"] += 1
    assert not mismatches, "\n".join(mismatches)


def test_nobody_grants_a_role_to_themselves(sw, clients, db):
    # given every user, giving themselves each role at their own node and at the ministry
    from izlem.org.models import RoleAssignment

    granted = []
    for username in USERNAMES:
        user = fresh(sw.world.users[username])
        nodes = [n for n in (sw.world.ministry, *[a.node for a in user.assignments.all()]) if n is not None]
        for node in nodes:
            for role in Role:
                with transaction.atomic():
                    before = RoleAssignment.objects.count()
                    r = clients[username][1].post(
                        "/api/v1/role-assignments/",
                        {"user": user.pk, "role": role, "node": node.pk},
                        format="json",
                    )
                    created = RoleAssignment.objects.count() - before
                    transaction.set_rollback(True)
                # then never: a 201 or a new row
                if r.status_code == 201 or created:
                    granted.append(f"{username} gave themselves {role} at {node}: {r.status_code}")
                TALLY["checks"] += 1
    assert not granted, "\n".join(granted)


def test_roles_all_present(sw):
    # every role of the product has a user in the matrix
    roles = {a.role for name in USERNAMES for a in sw.world.users[name].assignments.all()}
    assert roles == set(Role), set(Role) - roles


def test_denials_are_logged_without_personal_data(sw, clients, db, caplog):
    # given a student of school A1 and the top manager of district B, who may not see it
    student = next(obj for anchor, obj in sw.objects["student"] if anchor == sw.world.school_a1)
    outsider = sw.world.outsider
    page, api = clients["outsider"]
    # when they ask for it through a page and through the API
    with caplog.at_level("WARNING", logger="izlem.access"):
        assert request(page, "GET", f"/harezmi/students/{student.pk}/?q=Ayşe", api=False).status_code == 404
        assert request(api, "GET", f"/api/v1/nodes/{sw.world.school_a1.pk}/", api=True).status_code == 404
        assert request(page, "GET", f"/org/nodes/{sw.world.school_a2.pk}/", api=False).status_code == 404
    # then each denial is one warning of izlem.access with the user id and path, no names or query
    records = [r for r in caplog.records if r.name == "izlem.access"]
    assert len(records) == 3
    text = " ".join(r.getMessage() for r in records)
    assert f"user={outsider.pk}" in text and f"/harezmi/students/{student.pk}/" in text
    assert "Ayşe" not in text and student.last_name not in text and "outsider" not in text
    # and an allowed page logs nothing
    caplog.clear()
    with caplog.at_level("WARNING", logger="izlem.access"):
        assert request(page, "GET", f"/org/nodes/{sw.world.school_b1.pk}/", api=False).status_code == 200
    assert not [r for r in caplog.records if r.name == "izlem.access"]
