"""Harezmi models, one module per area; everything is importable from `izlem.harezmi.models`."""

from izlem.harezmi.models.applications import Application, ApplicationStep
from izlem.harezmi.models.coordinators import CoordinatorAppointment, TrainingCompletion
from izlem.harezmi.models.documents import LetterEvaluation, OfficialDocument
from izlem.harezmi.models.duties import Announcement, AssignedTask, Cooperation, ResearchReport
from izlem.harezmi.models.materials import MaterialDelivery, MaterialItem, MaterialRequest
from izlem.harezmi.models.meetings import Meeting, MeetingAttendee
from izlem.harezmi.models.program import CalendarEvent, ProgramYear, SchoolHoliday, Weekday
from izlem.harezmi.models.projects import Activity, Award, Project
from izlem.harezmi.models.sessions import Absence, Session, SessionStudentAttendance, SessionTeacherAttendance
from izlem.harezmi.models.students import ParentalConsent, ParentMeeting, Student
from izlem.harezmi.models.teams import AssignmentStep, ScheduleChange, TeacherAssignment, Team
from izlem.harezmi.models.trainings import Training, TrainingNeed, TrainingParticipant, TrainingTopic
from izlem.harezmi.models.visits import FollowUp, PlannedVisit, Visit, VisitPlan, VisitPurpose

__all__ = [
    "Absence",
    "Activity",
    "Announcement",
    "Application",
    "ApplicationStep",
    "AssignedTask",
    "AssignmentStep",
    "Award",
    "CalendarEvent",
    "Cooperation",
    "CoordinatorAppointment",
    "FollowUp",
    "LetterEvaluation",
    "MaterialDelivery",
    "MaterialItem",
    "MaterialRequest",
    "Meeting",
    "MeetingAttendee",
    "OfficialDocument",
    "ParentMeeting",
    "ParentalConsent",
    "PlannedVisit",
    "ProgramYear",
    "Project",
    "SchoolHoliday",
    "ResearchReport",
    "ScheduleChange",
    "Session",
    "SessionStudentAttendance",
    "SessionTeacherAttendance",
    "Student",
    "TeacherAssignment",
    "Team",
    "Training",
    "TrainingCompletion",
    "TrainingNeed",
    "TrainingParticipant",
    "TrainingTopic",
    "Visit",
    "VisitPlan",
    "VisitPurpose",
    "Weekday",
]
