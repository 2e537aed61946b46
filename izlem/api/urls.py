"""URLs of the REST API under /api/v1/: one router, registered per domain module.

To add a domain, write `izlem/api/<domain>.py` (or a package) with its viewsets and register them
below under their own heading; nothing else changes.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from izlem.api import harezmi, monitoring, org, plan_files, plans, reports, views

app_name = "api"

router = SimpleRouter()
# organisation (izlem/api/org.py)
router.register("nodes", org.NodeViewSet, basename="node")
router.register("units", org.UnitViewSet, basename="unit")
router.register("users", org.UserViewSet, basename="user")
router.register("role-assignments", org.AssignmentViewSet, basename="role-assignment")
# strategic plan (izlem/api/plans/)
router.register("plans", plans.PlanViewSet, basename="plan")
router.register("goals", plans.GoalViewSet, basename="goal")
router.register("targets", plans.TargetViewSet, basename="target")
router.register("indicators", plans.IndicatorViewSet, basename="indicator")
router.register("year-values", plans.YearValueViewSet, basename="year-value")
router.register("measures", plans.MeasureViewSet, basename="measure")
router.register("cost-lines", plans.CostLineViewSet, basename="cost-line")
router.register("swot-items", plans.SwotItemViewSet, basename="swot-item")
router.register("tows-strategies", plans.TowsStrategyViewSet, basename="tows-strategy")
router.register("pest-items", plans.PestItemViewSet, basename="pest-item")
router.register("stakeholders", plans.StakeholderViewSet, basename="stakeholder")
router.register("problem-areas", plans.ProblemAreaViewSet, basename="problem-area")
router.register("architecture", plans.ArchitectureViewSet, basename="architecture")
# Plan files (izlem/api/plan_files.py): import with preview and apply, export as JSON, XLSX, PDF
router.register("plan-imports", plan_files.PlanImportViewSet, basename="plan-import")
router.register("plan-files", plan_files.PlanExportViewSet, basename="plan-file")
# monitoring and evaluation (izlem/api/monitoring/)
router.register("periods", monitoring.PeriodViewSet, basename="period")
router.register("submissions", monitoring.SubmissionViewSet, basename="submission")
router.register("values/export", monitoring.ValueExportViewSet, basename="value-export")
router.register("values", monitoring.ValueViewSet, basename="value")
router.register("deviations", monitoring.DeviationViewSet, basename="deviation")
router.register("measure-progress", monitoring.MeasureProgressViewSet, basename="measure-progress")
router.register("bulk-uploads", monitoring.BulkUploadViewSet, basename="bulk-upload")
# reports (izlem/api/reports.py)
router.register("report-jobs", reports.ReportJobViewSet, basename="report-job")
router.register("publications", reports.PublicationViewSet, basename="publication")
# Harezmi program (izlem/api/harezmi/)
router.register("harezmi/years", harezmi.ProgramYearViewSet, basename="harezmi-year")
router.register("harezmi/calendar-events", harezmi.CalendarEventViewSet, basename="harezmi-event")
router.register("harezmi/trainings", harezmi.TrainingViewSet, basename="harezmi-training")
router.register("harezmi/documents", harezmi.DocumentViewSet, basename="harezmi-document")
router.register("harezmi/appointments", harezmi.AppointmentViewSet, basename="harezmi-appointment")
router.register("harezmi/applications", harezmi.ApplicationViewSet, basename="harezmi-application")
router.register("harezmi/teams", harezmi.TeamViewSet, basename="harezmi-team")
router.register("harezmi/schedule-changes", harezmi.ScheduleChangeViewSet, basename="harezmi-schedule-change")
router.register("harezmi/assignments", harezmi.AssignmentViewSet, basename="harezmi-assignment")
router.register("harezmi/staff-changes", harezmi.StaffChangeViewSet, basename="harezmi-staff-change")
router.register("harezmi/students", harezmi.StudentViewSet, basename="harezmi-student")
router.register("harezmi/parent-meetings", harezmi.ParentMeetingViewSet, basename="harezmi-parent-meeting")
router.register("harezmi/weeks", harezmi.WeekViewSet, basename="harezmi-week")
# Harezmi II (izlem/api/harezmi/meetings.py, courses.py, materials.py, activities.py, sessions.py, visits.py,
# statistics.py)
router.register("harezmi/meetings", harezmi.MeetingViewSet, basename="harezmi-meeting")
router.register("harezmi/courses", harezmi.CourseViewSet, basename="harezmi-course")
router.register(
    "harezmi/course-participants", harezmi.ParticipantViewSet, basename="harezmi-course-participant"
)
router.register("harezmi/training-needs", harezmi.NeedViewSet, basename="harezmi-training-need")
router.register(
    "harezmi/material-requests", harezmi.MaterialRequestViewSet, basename="harezmi-material-request"
)
router.register("harezmi/projects", harezmi.ProjectViewSet, basename="harezmi-project")
router.register("harezmi/activities", harezmi.ActivityViewSet, basename="harezmi-activity")
router.register("harezmi/awards", harezmi.AwardViewSet, basename="harezmi-award")
router.register("harezmi/sessions", harezmi.SessionViewSet, basename="harezmi-session")
router.register("harezmi/absences", harezmi.AbsenceViewSet, basename="harezmi-absence")
router.register("harezmi/visit-plans", harezmi.VisitPlanViewSet, basename="harezmi-visit-plan")
router.register("harezmi/visits", harezmi.VisitViewSet, basename="harezmi-visit")
router.register("harezmi/follow-ups", harezmi.FollowUpViewSet, basename="harezmi-follow-up")
router.register("harezmi/statistics", harezmi.StatisticsViewSet, basename="harezmi-statistics")
router.register("harezmi/ministry-reports", harezmi.MinistryReportViewSet, basename="harezmi-ministry-report")
# Harezmi duties (izlem/api/harezmi/duties.py, cooperations.py)
router.register("harezmi/tasks", harezmi.TaskViewSet, basename="harezmi-task")
router.register("harezmi/announcements", harezmi.AnnouncementViewSet, basename="harezmi-announcement")
router.register("harezmi/cooperations", harezmi.CooperationViewSet, basename="harezmi-cooperation")
router.register("harezmi/research-reports", harezmi.ReportViewSet, basename="harezmi-research-report")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^[\s\S]*$", views.not_found),  # anything else under /api/v1/: a JSON 404, never an HTML page
]
