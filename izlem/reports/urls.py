"""URLs of the reports."""

from django.urls import path

from izlem.reports.views import cards as card_views
from izlem.reports.views import ministry as ministry_views
from izlem.reports.views import monitoring as report_views
from izlem.reports.views import plan as plan_views

app_name = "reports"
urlpatterns = [
    path("periods/<int:period_pk>/", report_views.report_index, name="index"),
    path("periods/<int:period_pk>/view/<int:node_pk>/", report_views.report_page, name="report-page"),
    path(
        "periods/<int:period_pk>/generate/<int:node_pk>/",
        report_views.report_generate,
        name="report-generate",
    ),
    path("jobs/<int:pk>/", report_views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/progress/", report_views.job_progress, name="job-progress"),
    path("jobs/<int:pk>/file/<str:fmt>/", report_views.job_file, name="job-file"),
    path("jobs/<int:pk>/publish/", report_views.job_publish, name="job-publish"),
    path("published/", report_views.publication_list, name="publication-list"),
    path("publications/<int:pk>/revoke/", report_views.publication_revoke, name="publication-revoke"),
    path("p/<str:token>/", report_views.publication_page, name="publication-page"),
    path("p/<str:token>/pdf/", report_views.publication_pdf, name="publication-pdf"),
    path("periods/<int:period_pk>/meeting/", report_views.meeting_edit, name="meeting-edit"),
    path("plans/<int:plan_pk>/spending/", report_views.spending_edit, name="spending-edit"),
    # Indicator cards, scorecards and the role dashboard (views/cards.py)
    path("indicators/<int:pk>/card/", card_views.indicator_card, name="indicator-card"),
    path("indicators/<int:pk>/card.pdf", card_views.indicator_card_pdf, name="indicator-card-pdf"),
    path("indicators/<int:pk>/card.xlsx", card_views.indicator_card_xlsx, name="indicator-card-xlsx"),
    path("periods/<int:period_pk>/scorecard/<int:node_pk>/", card_views.scorecard, name="scorecard"),
    path(
        "periods/<int:period_pk>/scorecard/<int:node_pk>/scorecard.pdf",
        card_views.scorecard_pdf,
        name="scorecard-pdf",
    ),
    path(
        "periods/<int:period_pk>/scorecard/<int:node_pk>/scorecard.xlsx",
        card_views.scorecard_xlsx,
        name="scorecard-xlsx",
    ),
    path("dashboard.pdf", card_views.dashboard_pdf, name="dashboard-pdf"),
    path("dashboard.xlsx", card_views.dashboard_xlsx, name="dashboard-xlsx"),
    path("charts.css", card_views.chart_css, name="chart-css"),
    # The Harezmi report to the Ministry (views/ministry.py)
    path("harezmi/ministry/", ministry_views.ministry_index, name="ministry"),
    path(
        "harezmi/ministry/generate/<int:node_pk>/", ministry_views.ministry_generate, name="ministry-generate"
    ),
    path("harezmi/ministry/jobs/<int:pk>/", ministry_views.ministry_job, name="ministry-job"),
    path(
        "harezmi/ministry/jobs/<int:pk>/progress/",
        ministry_views.ministry_job_progress,
        name="ministry-job-progress",
    ),
    path(
        "harezmi/ministry/jobs/<int:pk>/file/<str:fmt>/",
        ministry_views.ministry_job_file,
        name="ministry-job-file",
    ),
    # The plan document as PDF (views/plan.py)
    path("plans/<int:pk>/plan.pdf", plan_views.plan_pdf, name="plan-pdf"),
]
