"""The matrix's rules: api harezmi URLs → the object kind, the URL's arguments and the expected
policy (tests/security/expected/); for the API, a second policy decides its write actions (403 when refused)."""

from __future__ import annotations

from tests.security.matrix.kinds import On, on, pk

RULES: dict[str, On | tuple[On, ...]] = {
    # Harezmi API (/api/v1/harezmi/): the pages' rules, 403 for a refused action on a reached object
    "api:harezmi-year-detail": on("year", pk, "harezmi year: view", "harezmi year: manage"),
    "api:harezmi-year-announce": on("year", pk, "harezmi year: view", "harezmi year: manage"),
    "api:harezmi-document-detail": on("document", pk, "harezmi document: view"),
    "api:harezmi-document-file": on("document", pk, "harezmi document: view"),
    "api:harezmi-appointment-detail": on("appointment", pk, "harezmi appointment: view"),
    "api:harezmi-appointment-departure": on(
        "appointment", pk, "harezmi appointment: view", "harezmi appointment: request_departure"
    ),
    "api:harezmi-appointment-approve-departure": on(
        "appointment", pk, "harezmi appointment: view", "harezmi appointment: approve_departure"
    ),
    "api:harezmi-application-detail": on(
        "application", pk, "harezmi application: view", "harezmi application: edit"
    ),
    "api:harezmi-application-submit": on(
        "application", pk, "harezmi application: view", "harezmi application: edit"
    ),
    "api:harezmi-application-review": on(
        "application", pk, "harezmi application: view", "harezmi application: review"
    ),
    "api:harezmi-application-decide": on(
        "application", pk, "harezmi application: view", "harezmi application: decide"
    ),
    "api:harezmi-application-school-settings": on(
        "application", pk, "harezmi application: view", "harezmi application: school settings"
    ),
    "api:harezmi-team-detail": on("team", pk, "harezmi team: view"),
    "api:harezmi-team-announce-schedule": on("team", pk, "harezmi team: view", "harezmi team: edit"),
    "api:harezmi-task-detail": on("task", pk, "harezmi task: view", "harezmi task: give"),
    "api:harezmi-task-complete": on("task", pk, "harezmi task: view", "harezmi task: complete"),
    "api:harezmi-task-cancel": on("task", pk, "harezmi task: view", "harezmi task: give"),
    "api:harezmi-announcement-detail": on("announcement", pk, "harezmi announcement: view"),
    "api:harezmi-cooperation-detail": on(
        "cooperation", pk, "harezmi cooperation: view", "harezmi cooperation: edit"
    ),
    "api:harezmi-research-report-detail": on(
        "researchreport", pk, "harezmi research report: view", "harezmi research report: edit"
    ),
    "api:harezmi-research-report-file": on("researchreport", pk, "harezmi research report: view"),
    "api:harezmi-team-schedule": on("team", pk, "harezmi team: view", "harezmi team: edit"),
    "api:harezmi-team-teachers": on("team", pk, "harezmi team: view", "harezmi team: edit"),
    "api:harezmi-assignment-detail": on("teacherassignment", pk, "harezmi teacher assignment: view"),
    "api:harezmi-assignment-approve": on(
        "teacherassignment", pk, "harezmi teacher assignment: view", "harezmi teacher assignment: approve"
    ),
    "api:harezmi-assignment-refuse": on(
        "teacherassignment", pk, "harezmi teacher assignment: view", "harezmi teacher assignment: approve"
    ),
    "api:harezmi-assignment-letter": on(
        "teacherassignment", pk, "harezmi teacher assignment: view", "harezmi teacher assignment: approve"
    ),
    "api:harezmi-assignment-departure": on(
        "teacherassignment", pk, "harezmi teacher assignment: view", "harezmi teacher assignment: depart"
    ),
    "api:harezmi-student-detail": on("student", pk, "harezmi student: view"),
    "api:harezmi-student-consent-form": on("student", pk, "harezmi student: view"),
    "api:harezmi-student-consent": on("student", pk, "harezmi student: view", "harezmi student: edit"),
    "api:harezmi-student-place": on("student", pk, "harezmi student: view", "harezmi student: edit"),
    "api:harezmi-week-detail": on("district", pk, "harezmi district week (API): view"),
    "api:harezmi-session-detail": on("session", pk, "harezmi session: view"),
    "api:harezmi-absence-detail": on("absence", pk, "harezmi absence: view", "harezmi absence: edit"),
    # a sick note: readers of the absence without the duty get a 403
    "api:harezmi-absence-document": on(
        "absence", pk, "harezmi absence: view", "harezmi absence: document", acts_on_get=True
    ),
    "api:harezmi-visit-plan-detail": on(
        "visitplan", pk, "harezmi visit plan: view", "harezmi visit plan: edit"
    ),
    "api:harezmi-visit-plan-items": on(
        "visitplan", pk, "harezmi visit plan: view", "harezmi visit plan: edit"
    ),
    "api:harezmi-visit-plan-remove-item": on(
        "visitplan", pk, "harezmi visit plan: view", "harezmi visit plan: edit"
    ),
    "api:harezmi-visit-detail": on("visit", pk, "harezmi visit: view", "harezmi visit: edit"),
    "api:harezmi-visit-follow-ups": on("visit", pk, "harezmi visit: view", "harezmi visit: edit"),
    "api:harezmi-follow-up-detail": on("followup", pk, "harezmi follow-up: view"),
    "api:harezmi-follow-up-done": on("followup", pk, "harezmi follow-up: view", "harezmi follow-up: done"),
    "api:harezmi-staff-change-detail": on("staffchange", pk, "harezmi staff change: view"),
    "api:harezmi-week-proposal": on(
        "district",
        pk,
        "harezmi district week (API): view",
        "harezmi district week: balance",
        acts_on_get=True,
    ),
    "api:harezmi-week-apply": on(
        "district", pk, "harezmi district week (API): view", "harezmi district week: balance"
    ),
    "api:harezmi-event-detail": on("event", pk, "harezmi calendar event: view"),
    "api:harezmi-training-detail": on("trainingrecord", pk, "harezmi training record: view"),
    "api:harezmi-parent-meeting-detail": on("parentmeeting", pk, "harezmi parent meeting: view"),
    "api:harezmi-schedule-change-detail": on("schedulechange", pk, "harezmi schedule change: view"),
    "api:harezmi-meeting-detail": on(
        "programmeeting", pk, "harezmi program meeting: view", "harezmi program meeting: edit"
    ),
    "api:harezmi-meeting-attendance": on(
        "programmeeting", pk, "harezmi program meeting: view", "harezmi program meeting: edit"
    ),
    "api:harezmi-course-detail": on(
        "course", pk, "harezmi training held: view", "harezmi training held: edit"
    ),
    "api:harezmi-course-participants": on(
        "course", pk, "harezmi training held: view", "harezmi training held: edit"
    ),
    "api:harezmi-course-participant-detail": on("participant", pk, "harezmi training participant: view"),
    "api:harezmi-course-participant-state": on(
        "participant", pk, "harezmi training participant: view", "harezmi training held: edit"
    ),
    "api:harezmi-training-need-detail": on(
        "need", pk, "harezmi training need: view", "harezmi training need: edit"
    ),
    "api:harezmi-training-need-met": on(
        "need", pk, "harezmi training need: view", "harezmi training need: edit"
    ),
    "api:harezmi-material-request-detail": on(
        "material", pk, "harezmi material request: view", "harezmi material request: edit"
    ),
    "api:harezmi-material-request-decide": on(
        "material", pk, "harezmi material request: view", "harezmi material request: decide"
    ),
    "api:harezmi-material-request-deliveries": on(
        "material", pk, "harezmi material request: view", "harezmi material request: deliver"
    ),
    "api:harezmi-project-detail": on("project", pk, "harezmi project: view", "harezmi project: edit"),
    "api:harezmi-activity-detail": on("activity", pk, "harezmi activity: view", "harezmi activity: edit"),
    "api:harezmi-award-detail": on("award", pk, "harezmi award: view", "harezmi award: edit"),
    "api:harezmi-ministry-report-detail": on("ministryjob", pk, "ministry report job: view"),
    "api:harezmi-ministry-report-pdf": on("ministryjob", pk, "ministry report job: view"),
    "api:harezmi-ministry-report-xlsx": on("ministryjob", pk, "ministry report job: view"),
}
GATES: dict[str, str] = {
    "api:harezmi-year-list": "signed in",
    "api:harezmi-appointment-list": "signed in",
    "api:harezmi-application-list": "signed in",
    "api:harezmi-team-list": "signed in",
    "api:harezmi-assignment-list": "signed in",
    "api:harezmi-student-list": "signed in",
    "api:harezmi-meeting-list": "signed in",
    "api:harezmi-course-list": "signed in",
    "api:harezmi-course-participant-list": "signed in",
    "api:harezmi-training-need-list": "signed in",
    "api:harezmi-material-request-list": "signed in",
    "api:harezmi-project-list": "signed in",
    "api:harezmi-activity-list": "signed in",
    "api:harezmi-award-list": "signed in",
    "api:harezmi-absence-list": "signed in",
    "api:harezmi-event-list": "signed in",
    "api:harezmi-follow-up-list": "signed in",
    "api:harezmi-parent-meeting-list": "signed in",
    "api:harezmi-schedule-change-list": "signed in",
    "api:harezmi-session-list": "signed in",
    "api:harezmi-staff-change-list": "signed in",
    "api:harezmi-training-list": "signed in",
    "api:harezmi-visit-list": "signed in",
    "api:harezmi-visit-plan-list": "signed in",
    "api:harezmi-ministry-report-list": "signed in",
    "api:harezmi-task-list": "signed in",
    "api:harezmi-announcement-list": "signed in",
    "api:harezmi-cooperation-list": "signed in",
    "api:harezmi-research-report-list": "signed in",
    "api:harezmi-statistics-list": "harezmi statistics: read",
    "api:harezmi-visit-planned-vs-done": "harezmi visits: read",
    "api:harezmi-week-list": "harezmi week (API): list",
}
