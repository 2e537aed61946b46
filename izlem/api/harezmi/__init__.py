"""API of the Harezmi program (part I): program years and their calendar, completed trainings,
coordinator appointments, applications, teams, teachers' places and the staff-change ledger, students
and consent, parent meetings, the district week and its balancing, and official documents.

Scope and rights come from `izlem.harezmi.access` (`harezmi_*_visible`,
`harezmi_*_for(…, action=…)`); every write goes through `izlem.harezmi.services`, which checks access
again, validates and keeps the audit trail. Status codes of writes and actions:

| status | code | when |
|---|---|---|
| 400 | invalid | a field or business rule failed (`fields` says which; e.g. outside the application window) |
| 403 | permission_denied | the record is visible to you but the action is not yours |
| 409 | locked | the application is submitted or decided: it cannot be changed or submitted again |
| 409 | conflict | the record's state does not allow the step (already forwarded, approved, ended …) |

Files (petitions, approvals, letters, consent forms) are uploaded as multipart/form-data and
downloaded only through endpoints that fetch their owner through the access module first.
"""

from izlem.api.harezmi.activities import ActivityViewSet, AwardViewSet, ProjectViewSet
from izlem.api.harezmi.applications import ApplicationViewSet
from izlem.api.harezmi.assignments import AssignmentViewSet, StaffChangeViewSet
from izlem.api.harezmi.cooperations import CooperationViewSet, ReportViewSet
from izlem.api.harezmi.coordinators import AppointmentViewSet
from izlem.api.harezmi.courses import CourseViewSet, NeedViewSet, ParticipantViewSet
from izlem.api.harezmi.duties import AnnouncementViewSet, TaskViewSet
from izlem.api.harezmi.materials import MaterialRequestViewSet
from izlem.api.harezmi.meetings import MeetingViewSet
from izlem.api.harezmi.program import (
    CalendarEventViewSet,
    DocumentViewSet,
    ProgramYearViewSet,
    TrainingViewSet,
)
from izlem.api.harezmi.sessions import AbsenceViewSet, SessionViewSet
from izlem.api.harezmi.statistics import MinistryReportViewSet, StatisticsViewSet
from izlem.api.harezmi.students import ParentMeetingViewSet, StudentViewSet
from izlem.api.harezmi.teams import ScheduleChangeViewSet, TeamViewSet
from izlem.api.harezmi.visits import FollowUpViewSet, VisitPlanViewSet, VisitViewSet
from izlem.api.harezmi.week import WeekViewSet

__all__ = [
    "AnnouncementViewSet",
    "CooperationViewSet",
    "ReportViewSet",
    "TaskViewSet",
    # Harezmi II
    "AbsenceViewSet",
    "ActivityViewSet",
    "AwardViewSet",
    "CourseViewSet",
    "MaterialRequestViewSet",
    "MeetingViewSet",
    "MinistryReportViewSet",
    "NeedViewSet",
    "ParticipantViewSet",
    "FollowUpViewSet",
    "ProjectViewSet",
    "SessionViewSet",
    "StatisticsViewSet",
    "VisitPlanViewSet",
    "VisitViewSet",
    # Harezmi I
    "ApplicationViewSet",
    "AppointmentViewSet",
    "AssignmentViewSet",
    "CalendarEventViewSet",
    "DocumentViewSet",
    "ParentMeetingViewSet",
    "ProgramYearViewSet",
    "ScheduleChangeViewSet",
    "StaffChangeViewSet",
    "StudentViewSet",
    "TeamViewSet",
    "TrainingViewSet",
    "WeekViewSet",
]
