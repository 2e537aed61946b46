"""Django admin for the Harezmi models: read-only (system administrators look; the pages and the API,
through the services, are the only way Harezmi records change, so every rule and date check holds)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from izlem.core.kvkk import personal_data_access_log, students_shown_log
from izlem.core.models import PersonalDataAccess
from izlem.harezmi import models


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """An admin that shows records and their history but changes nothing (no add, edit, delete or revert)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version can be looked at, never restored (simple-history saves a POST here)."""
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(models.ProgramYear)
class ProgramYearAdmin(ReadOnlyHistoryAdmin):
    """Program years."""

    list_display = ["name", "province", "start_date", "end_date", "application_opens", "application_closes"]


@admin.register(models.Application)
class ApplicationAdmin(ReadOnlyHistoryAdmin):
    """Applications."""

    list_display = ["school", "program_year", "state", "requested_team_count", "approved_team_count"]
    list_filter = ["state", "program_year"]


@admin.register(models.CoordinatorAppointment)
class CoordinatorAppointmentAdmin(ReadOnlyHistoryAdmin):
    """Coordinator appointments."""

    list_display = ["person", "kind", "node", "state", "start_date", "end_date"]
    list_filter = ["kind", "state"]


@admin.register(models.Team)
class TeamAdmin(ReadOnlyHistoryAdmin):
    """Teams."""

    list_display = ["school", "name", "program_year", "weekday", "first_lesson"]


@admin.register(models.TeacherAssignment)
class TeacherAssignmentAdmin(ReadOnlyHistoryAdmin):
    """Teacher assignments."""

    list_display = ["teacher", "team", "state", "start_date", "end_date"]
    list_filter = ["state"]


@admin.register(models.Student)
class StudentAdmin(ReadOnlyHistoryAdmin):
    """Students (the ID number is never shown here: only its masked form)."""

    list_display = ["first_name", "last_name", "school", "team", "grade", "national_id_masked"]
    exclude = ["national_id_ciphertext", "national_id_digest"]

    def changelist_view(self, request, extra_context=None):
        """The student list; the access is written to the personal data log (KVKK)."""
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            students_shown_log(
                user=request.user,
                count=len(changelist.result_list),
                what="student list (admin)",
                path=request.path,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """One student's record; a shown record is written to the personal data log (KVKK)."""
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and str(object_id).isdigit():
            personal_data_access_log(
                user=request.user,
                action=PersonalDataAccess.Action.VIEW,
                subject_type=PersonalDataAccess.Subject.STUDENT,
                subject_id=int(object_id),
                what="student record (admin)",
                path=request.path,
            )
        return response


for model in (
    models.CalendarEvent,
    models.SchoolHoliday,
    models.TrainingCompletion,
    models.OfficialDocument,
    models.ParentalConsent,
    models.ParentMeeting,
    models.ScheduleChange,
):
    admin.site.register(model, ReadOnlyHistoryAdmin)


# --- Harezmi II: meetings, trainings, materials, projects ---
class MeetingAttendeeInline(admin.TabularInline):
    """Invited and present people of a meeting."""

    model = models.MeetingAttendee
    extra = 0
    raw_id_fields = ["person"]


@admin.register(models.Meeting)
class MeetingAdmin(ReadOnlyHistoryAdmin):
    """Program meetings."""

    list_display = ["title", "kind", "node", "held_on", "program_year"]
    list_filter = ["kind", "program_year"]
    inlines = [MeetingAttendeeInline]


class TrainingParticipantInline(admin.TabularInline):
    """Participants of a training."""

    model = models.TrainingParticipant
    extra = 0
    raw_id_fields = ["person", "completion"]


@admin.register(models.Training)
class TrainingAdmin(ReadOnlyHistoryAdmin):
    """Trainings held."""

    list_display = ["title", "kind", "topic", "node", "starts_on", "ends_on", "mode"]
    list_filter = ["kind", "topic", "mode"]
    inlines = [TrainingParticipantInline]


@admin.register(models.MaterialRequest)
class MaterialRequestAdmin(ReadOnlyHistoryAdmin):
    """Material requests."""

    list_display = ["school", "item", "quantity", "approved_quantity", "state", "program_year"]
    list_filter = ["state", "item"]


for model in (
    models.MeetingAttendee,
    models.TrainingParticipant,
    models.TrainingNeed,
    models.MaterialDelivery,
    models.Project,
    models.Activity,
    models.Award,
):
    admin.site.register(model, ReadOnlyHistoryAdmin)


# --- Harezmi II: sessions, absences, visits ---
class SessionTeacherAttendanceInline(admin.TabularInline):
    """Teachers present or absent at a session."""

    model = models.SessionTeacherAttendance
    extra = 0
    raw_id_fields = ["teacher", "absence"]


class SessionStudentAttendanceInline(admin.TabularInline):
    """Students present or absent at a session."""

    model = models.SessionStudentAttendance
    extra = 0
    raw_id_fields = ["student"]


@admin.register(models.Session)
class SessionAdmin(ReadOnlyHistoryAdmin):
    """Weekly sessions of the teams."""

    list_display = ["team", "week_start", "state", "held_on", "plan_changed", "coordinator_notified_at"]
    list_filter = ["state", "plan_changed"]
    raw_id_fields = ["team", "recorded_by"]
    inlines = [SessionTeacherAttendanceInline, SessionStudentAttendanceInline]


@admin.register(models.Absence)
class AbsenceAdmin(ReadOnlyHistoryAdmin):
    """Teachers' absences."""

    list_display = ["teacher", "kind", "starts_on", "ends_on", "program_year", "coordinator_notified_at"]
    list_filter = ["kind", "program_year"]
    raw_id_fields = ["teacher", "reported_by"]


class PlannedVisitInline(admin.TabularInline):
    """The visits of a plan."""

    model = models.PlannedVisit
    extra = 0
    raw_id_fields = ["school", "team"]


@admin.register(models.VisitPlan)
class VisitPlanAdmin(ReadOnlyHistoryAdmin):
    """Coordinators' visit plans."""

    list_display = ["coordinator", "node", "span", "starts_on", "ends_on", "program_year"]
    list_filter = ["span", "program_year"]
    inlines = [PlannedVisitInline]


class FollowUpInline(admin.TabularInline):
    """Follow-up actions of a visit."""

    model = models.FollowUp
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(models.Visit)
class VisitAdmin(ReadOnlyHistoryAdmin):
    """Field visits."""

    list_display = ["school", "visited_on", "coordinator", "purpose", "program_year"]
    list_filter = ["purpose", "program_year"]
    raw_id_fields = ["school", "coordinator", "planned", "recorded_by"]
    inlines = [FollowUpInline]


@admin.register(models.AssignedTask)
class AssignedTaskAdmin(ReadOnlyHistoryAdmin):
    """Tasks given by the İl MEM and the province coordinator."""

    list_display = ["title", "assignee", "given_by", "due_on", "state", "program_year"]
    list_filter = ["state", "program_year"]
    raw_id_fields = ["given_by", "assignee", "assignee_node"]


@admin.register(models.Announcement)
class AnnouncementAdmin(ReadOnlyHistoryAdmin):
    """Coordinators' announcements to schools."""

    list_display = ["title", "node", "author", "created_at", "recipient_count", "program_year"]
    list_filter = ["program_year"]
    raw_id_fields = ["node", "author", "schools"]


@admin.register(models.Cooperation)
class CooperationAdmin(ReadOnlyHistoryAdmin):
    """Cooperations with universities and other institutions."""

    list_display = ["institution", "kind", "node", "starts_on", "ends_on", "program_year"]
    list_filter = ["kind", "program_year"]
    raw_id_fields = ["node", "schools", "protocol", "recorded_by"]


@admin.register(models.ResearchReport)
class ResearchReportAdmin(ReadOnlyHistoryAdmin):
    """Coordinators' research, reports and suggestions."""

    list_display = ["title", "kind", "node", "author", "created_at", "program_year"]
    list_filter = ["kind", "program_year"]
    raw_id_fields = ["node", "author"]
