"""Django admin for the Harezmi models (system administrators; the pages are the everyday interface)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from izlem.harezmi import models


@admin.register(models.ProgramYear)
class ProgramYearAdmin(SimpleHistoryAdmin):
    """Program years."""

    list_display = ["name", "province", "start_date", "end_date", "application_opens", "application_closes"]


@admin.register(models.Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """Applications."""

    list_display = ["school", "program_year", "state", "requested_team_count", "approved_team_count"]
    list_filter = ["state", "program_year"]


@admin.register(models.CoordinatorAppointment)
class CoordinatorAppointmentAdmin(SimpleHistoryAdmin):
    """Coordinator appointments."""

    list_display = ["person", "kind", "node", "state", "start_date", "end_date"]
    list_filter = ["kind", "state"]


@admin.register(models.Team)
class TeamAdmin(SimpleHistoryAdmin):
    """Teams."""

    list_display = ["school", "name", "program_year", "weekday", "first_lesson"]


@admin.register(models.TeacherAssignment)
class TeacherAssignmentAdmin(SimpleHistoryAdmin):
    """Teacher assignments."""

    list_display = ["teacher", "team", "state", "start_date", "end_date"]
    list_filter = ["state"]


@admin.register(models.Student)
class StudentAdmin(SimpleHistoryAdmin):
    """Students (the ID number is never shown here: only its masked form)."""

    list_display = ["first_name", "last_name", "school", "team", "grade", "national_id_masked"]
    exclude = ["national_id_ciphertext", "national_id_digest"]


for model in (
    models.CalendarEvent,
    models.TrainingCompletion,
    models.OfficialDocument,
    models.ParentalConsent,
    models.ParentMeeting,
    models.ScheduleChange,
):
    admin.site.register(model, SimpleHistoryAdmin)
