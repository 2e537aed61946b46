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
from izlem.harezmi.services.program import calendar_event_create, program_year_create, program_year_update
from izlem.harezmi.services.schedule import balancing_apply, team_schedule_set
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

__all__ = [
    "DocumentInput",
    "application_approve",
    "application_create",
    "application_forward",
    "application_reject",
    "application_results_announce",
    "application_return",
    "application_settings_update",
    "application_submit",
    "application_update",
    "balancing_apply",
    "calendar_event_create",
    "coordinator_appoint",
    "coordinator_departure_approve",
    "coordinator_departure_request",
    "parent_meeting_record",
    "program_year_create",
    "program_year_update",
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
    "training_record",
]
