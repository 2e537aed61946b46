"""URLs of the monitoring pages."""

from django.urls import path

from .views import bulk, computed, deviations, entry, export, measures, periods, results, submissions

app_name = "monitoring"
urlpatterns = [
    path("", periods.home, name="home"),
    path("indicators/<int:pk>/source/", computed.indicator_source, name="indicator-source"),
    path("plans/<int:plan_pk>/periods/new/", periods.period_create, name="period-create"),
    path("periods/<int:pk>/", periods.period_detail, name="period-detail"),
    path("values/export/", export.value_export, name="value-export"),
    path("periods/<int:pk>/state/<str:action>/", periods.period_action, name="period-action"),
    path("periods/<int:period_pk>/entry/<int:entity_pk>/", entry.entry, name="entry"),
    path(
        "periods/<int:period_pk>/entry/<int:entity_pk>/rows/<int:row_pk>/",
        entry.value_save,
        name="value-save",
    ),
    path("submissions/<int:pk>/submit/", submissions.submission_submit, name="submission-submit"),
    path(
        "submissions/<int:pk>/decide/<str:decision>/", submissions.submission_decide, name="submission-decide"
    ),
    path("periods/<int:period_pk>/approve/", submissions.submissions_approve, name="submissions-approve"),
    path("periods/<int:period_pk>/results/<int:node_pk>/", results.rollup_view, name="rollup"),
    path(
        "periods/<int:period_pk>/schools/<int:node_pk>/",
        results.school_realization_view,
        name="school-realization",
    ),
    path("periods/<int:period_pk>/deviations/", deviations.deviation_list, name="deviation-list"),
    path("deviations/<int:pk>/", deviations.deviation_explain, name="deviation-explain"),
    path("periods/<int:period_pk>/measures/", measures.measure_list, name="measure-list"),
    path(
        "periods/<int:period_pk>/measures/<int:measure_pk>/",
        measures.measure_progress_edit,
        name="measure-progress",
    ),
    path("evidence/<int:pk>/", measures.measure_evidence, name="measure-evidence"),
]

# Bulk XLSX entry (izlem/monitoring/bulk/)
urlpatterns += [
    path("periods/<int:period_pk>/bulk/", bulk.bulk_entry, name="bulk"),
    path("periods/<int:period_pk>/bulk/template.xlsx", bulk.bulk_template, name="bulk-template"),
    path("bulk-uploads/<int:pk>/", bulk.bulk_status, name="bulk-status"),
]
