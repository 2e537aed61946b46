"""URLs of the monitoring pages."""

from django.urls import path

from . import export_views, views, views_computed

app_name = "monitoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<int:pk>/source/", views_computed.indicator_source, name="indicator-source"),
    path("plans/<int:plan_pk>/periods/new/", views.period_create, name="period-create"),
    path("periods/<int:pk>/", views.period_detail, name="period-detail"),
    path("values/export/", export_views.value_export, name="value-export"),
    path("periods/<int:pk>/state/<str:action>/", views.period_action, name="period-action"),
    path("periods/<int:period_pk>/entry/<int:entity_pk>/", views.entry, name="entry"),
    path(
        "periods/<int:period_pk>/entry/<int:entity_pk>/rows/<int:row_pk>/",
        views.value_save,
        name="value-save",
    ),
    path("submissions/<int:pk>/submit/", views.submission_submit, name="submission-submit"),
    path("submissions/<int:pk>/decide/<str:decision>/", views.submission_decide, name="submission-decide"),
    path("periods/<int:period_pk>/approve/", views.submissions_approve, name="submissions-approve"),
    path("periods/<int:period_pk>/results/<int:node_pk>/", views.rollup_view, name="rollup"),
    path(
        "periods/<int:period_pk>/schools/<int:node_pk>/",
        views.school_realization_view,
        name="school-realization",
    ),
    path("periods/<int:period_pk>/deviations/", views.deviation_list, name="deviation-list"),
    path("deviations/<int:pk>/", views.deviation_explain, name="deviation-explain"),
    path("periods/<int:period_pk>/measures/", views.measure_list, name="measure-list"),
    path(
        "periods/<int:period_pk>/measures/<int:measure_pk>/",
        views.measure_progress_edit,
        name="measure-progress",
    ),
    path("evidence/<int:pk>/", views.measure_evidence, name="measure-evidence"),
]

# Bulk XLSX entry (izlem/monitoring/bulk.py)
from . import bulk_views  # noqa: E402

urlpatterns += [
    path("periods/<int:period_pk>/bulk/", bulk_views.bulk_entry, name="bulk"),
    path("periods/<int:period_pk>/bulk/template.xlsx", bulk_views.bulk_template, name="bulk-template"),
    path("bulk-uploads/<int:pk>/", bulk_views.bulk_status, name="bulk-status"),
]
