"""URLs of the plan browser."""

from django.urls import path

from izlem.plans import views, views_exchange

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("search/", views.plan_search, name="search"),
    path("charts.css", views.chart_css, name="chart-css"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("import/", views_exchange.plan_import, name="plan-import"),
    path("import/confirm/", views_exchange.plan_import_confirm, name="plan-import-confirm"),
    path("<int:pk>/export.xlsx", views_exchange.plan_export_xlsx, name="plan-export-xlsx"),
    path("<int:pk>/export.json", views_exchange.plan_export_json, name="plan-export-json"),
    path("<int:pk>/analyses/", views.plan_analyses, name="plan-analyses"),
    path("<int:pk>/costs/", views.plan_costs, name="plan-costs"),
    path("targets/<int:pk>/", views.target_detail, name="target-detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator-edit"),
    path("rows/<int:pk>/applicability/", views.row_applicability_edit, name="row-applicability-edit"),
    path("rows/<int:pk>/bounds/", views.row_bounds_edit, name="row-bounds-edit"),
    path("yearly-targets/<int:pk>/edit/", views.yearly_target_edit, name="yearly-target-edit"),
    path("measures/<int:pk>/", views.measure_detail, name="measure-detail"),
]
