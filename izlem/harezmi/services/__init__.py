"""Writes of the Harezmi program: keyword-only `<entity>_<action>` functions, each inside a transaction
and checking access first (`by=None` is the system itself: the demo and commands)."""

from izlem.harezmi.services.applications import (
    application_approve,
    application_create,
    application_forward,
    application_reject,
    application_results_announce,
    application_return,
    application_settings_update,
    application_submit,
    application_update,
)
from izlem.harezmi.services.common import DocumentInput
from izlem.harezmi.services.coordinators import (
    coordinator_appoint,
    coordinator_departure_approve,
    coordinator_departure_request,
    training_record,
)
from izlem.harezmi.services.letters import letter_evaluate
from izlem.harezmi.services.materials import (
    material_delivery_record,
    material_request_create,
    material_request_decide,
    material_request_update,
)
from izlem.harezmi.services.meetings import meeting_attendance_record, meeting_create, meeting_update
from izlem.harezmi.services.program import calendar_event_create, program_year_create, program_year_update
from izlem.harezmi.services.projects import (
    activity_record,
    activity_update,
    award_record,
    award_update,
    project_record,
    project_update,
)
from izlem.harezmi.services.schedule import balancing_apply, team_schedule_set
from izlem.harezmi.services.sessions import (
    AbsenceInput,
    SessionInput,
    absence_report,
    absence_update,
    session_record,
)
from izlem.harezmi.services.students import (
    parent_meeting_record,
    student_consent_record,
    student_consent_withdraw,
    student_place,
    student_register,
)
from izlem.harezmi.services.teams import (
    teacher_assignment_add,
    teacher_assignment_approve,
    teacher_assignment_refuse,
    teacher_departure_report,
    teacher_departure_request,
    teacher_ensure_active,
    team_create,
)
from izlem.harezmi.services.trainings import (
    training_create,
    training_need_mark_met,
    training_need_record,
    training_need_update,
    training_participant_state_set,
    training_participants_add,
    training_update,
)
from izlem.harezmi.services.visits import (
    follow_up_add,
    follow_up_done,
    planned_visit_add,
    planned_visit_remove,
    visit_plan_create,
    visit_plan_update,
    visit_record,
    visit_update,
)

__all__ = [
    "AbsenceInput",
    "SessionInput",
    "absence_report",
    "absence_update",
    "follow_up_add",
    "follow_up_done",
    "planned_visit_add",
    "planned_visit_remove",
    "session_record",
    "visit_plan_create",
    "visit_plan_update",
    "visit_record",
    "visit_update",
    "DocumentInput",
    "letter_evaluate",
    "activity_record",
    "activity_update",
    "application_approve",
    "application_create",
    "application_forward",
    "application_reject",
    "application_results_announce",
    "application_return",
    "application_settings_update",
    "application_submit",
    "application_update",
    "award_record",
    "award_update",
    "balancing_apply",
    "calendar_event_create",
    "coordinator_appoint",
    "coordinator_departure_approve",
    "coordinator_departure_request",
    "material_delivery_record",
    "material_request_create",
    "material_request_decide",
    "material_request_update",
    "meeting_attendance_record",
    "meeting_create",
    "meeting_update",
    "parent_meeting_record",
    "program_year_create",
    "program_year_update",
    "project_record",
    "project_update",
    "student_consent_record",
    "student_consent_withdraw",
    "student_place",
    "student_register",
    "teacher_assignment_add",
    "teacher_assignment_approve",
    "teacher_assignment_refuse",
    "teacher_departure_report",
    "teacher_departure_request",
    "teacher_ensure_active",
    "team_create",
    "team_schedule_set",
    "training_create",
    "training_need_mark_met",
    "training_need_record",
    "training_need_update",
    "training_participant_state_set",
    "training_participants_add",
    "training_record",
    "training_update",
]
