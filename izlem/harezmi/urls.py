"""URLs of the Harezmi pages."""

from django.urls import path

from izlem.harezmi.views import applications, coordinators, home, students, teams, week

app_name = "harezmi"
urlpatterns = [
    path("", home.home, name="home"),
    path("years/new/", home.year_create, name="year-create"),
    path("years/<int:pk>/", home.year_calendar, name="year-calendar"),
    path("years/<int:pk>/edit/", home.year_edit, name="year-edit"),
    path("years/<int:pk>/events/new/", home.event_create, name="event-create"),
    path("years/<int:pk>/announce/", applications.results_announce, name="results-announce"),
    path("trainings/", home.training_list, name="training-list"),
    path("trainings/new/", home.training_create, name="training-create"),
    path("documents/<int:pk>/", home.document_file, name="document-file"),
    path("history/<str:model_name>/<int:pk>/", home.history, name="history"),
    path("coordinators/", coordinators.appointment_list, name="appointment-list"),
    path("coordinators/new/", coordinators.appointment_create, name="appointment-create"),
    path("coordinators/<int:pk>/", coordinators.appointment_detail, name="appointment-detail"),
    path(
        "coordinators/<int:pk>/departure/", coordinators.appointment_departure, name="appointment-departure"
    ),
    path(
        "coordinators/<int:pk>/departure/approve/",
        coordinators.appointment_departure_approve,
        name="appointment-departure-approve",
    ),
    path("applications/", applications.application_list, name="application-list"),
    path("applications/new/", applications.application_create, name="application-create"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application-edit"),
    path("applications/<int:pk>/submit/", applications.application_submit, name="application-submit"),
    path("applications/<int:pk>/review/", applications.application_review, name="application-review"),
    path("applications/<int:pk>/decide/", applications.application_decide, name="application-decide"),
    path("applications/<int:pk>/settings/", applications.application_settings, name="application-settings"),
    path("teams/", teams.team_list, name="team-list"),
    path("teams/new/", teams.team_create, name="team-create"),
    path("teams/<int:pk>/", teams.team_detail, name="team-detail"),
    path("teams/<int:pk>/schedule/", teams.team_schedule, name="team-schedule"),
    path("teams/<int:pk>/teachers/new/", teams.assignment_add, name="assignment-add"),
    path("assignments/<int:pk>/approve/", teams.assignment_approve, name="assignment-approve"),
    path("assignments/<int:pk>/refuse/", teams.assignment_refuse, name="assignment-refuse"),
    path("assignments/<int:pk>/departure/", teams.assignment_departure, name="assignment-departure"),
    path("assignments/<int:pk>/letter/", teams.assignment_letter, name="assignment-letter"),
    path("staff-changes/", teams.staff_ledger, name="staff-ledger"),
    path("students/", students.student_list, name="student-list"),
    path("students/new/", students.student_create, name="student-create"),
    path("students/<int:pk>/", students.student_detail, name="student-detail"),
    path("students/<int:pk>/consent/", students.student_consent, name="student-consent"),
    path("students/<int:pk>/consent/file/", students.consent_file, name="consent-file"),
    path("students/<int:pk>/team/", students.student_place, name="student-place"),
    path("parent-meetings/", students.meeting_list, name="meeting-list"),
    path("parent-meetings/new/", students.meeting_create, name="meeting-create"),
    path("week/", week.week_index, name="week"),
    path("week/<int:pk>/", week.district_week, name="district-week"),
    path("week/<int:pk>/proposal/", week.week_proposal, name="week-proposal"),
    path("week/<int:pk>/apply/", week.week_apply, name="week-apply"),
]
