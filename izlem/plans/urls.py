"""URLs of the plan browser."""

from django.urls import path

from izlem.plans.views import browse, exchange, indicators

app_name = "plans"
urlpatterns = [
    path("", browse.plan_list, name="plan-list"),
    path("search/", browse.plan_search, name="search"),
    path("charts.css", browse.chart_css, name="chart-css"),
    path("<int:pk>/", browse.plan_detail, name="plan-detail"),
    path("import/", exchange.plan_import, name="plan-import"),
    path("import/confirm/", exchange.plan_import_confirm, name="plan-import-confirm"),
    path("<int:pk>/export.xlsx", exchange.plan_export_xlsx, name="plan-export-xlsx"),
    path("<int:pk>/export.json", exchange.plan_export_json, name="plan-export-json"),
    path("<int:pk>/analyses/", browse.plan_analyses, name="plan-analyses"),
    path("<int:pk>/costs/", browse.plan_costs, name="plan-costs"),
    path("targets/<int:pk>/", browse.target_detail, name="target-detail"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/edit/", indicators.indicator_edit, name="indicator-edit"),
    path("rows/<int:pk>/applicability/", indicators.row_applicability_edit, name="row-applicability-edit"),
    path("rows/<int:pk>/bounds/", indicators.row_bounds_edit, name="row-bounds-edit"),
    path("yearly-targets/<int:pk>/edit/", indicators.yearly_target_edit, name="yearly-target-edit"),
    path("measures/<int:pk>/", browse.measure_detail, name="measure-detail"),
]
