"""Harezmi models, one module per area; everything is importable from `izlem.harezmi.models`."""

from izlem.harezmi.models.applications import Application, ApplicationStep
from izlem.harezmi.models.coordinators import CoordinatorAppointment, TrainingCompletion
from izlem.harezmi.models.documents import OfficialDocument
from izlem.harezmi.models.program import CalendarEvent, ProgramYear, Weekday
from izlem.harezmi.models.students import ParentalConsent, ParentMeeting, Student
from izlem.harezmi.models.teams import AssignmentStep, ScheduleChange, TeacherAssignment, Team

__all__ = [
    "Application",
    "ApplicationStep",
    "AssignmentStep",
    "CalendarEvent",
    "CoordinatorAppointment",
    "OfficialDocument",
    "ParentMeeting",
    "ParentalConsent",
    "ProgramYear",
    "ScheduleChange",
    "Student",
    "TeacherAssignment",
    "Team",
    "TrainingCompletion",
    "Weekday",
]
