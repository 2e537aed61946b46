"""URLs of the reports."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("periods/<int:period_pk>/", views.report_index, name="index"),
    path("periods/<int:period_pk>/view/<int:node_pk>/", views.report_page, name="report-page"),
    path("periods/<int:period_pk>/generate/<int:node_pk>/", views.report_generate, name="report-generate"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<int:pk>/file/<str:fmt>/", views.job_file, name="job-file"),
    path("jobs/<int:pk>/publish/", views.job_publish, name="job-publish"),
    path("published/", views.publication_list, name="publication-list"),
    path("publications/<int:pk>/revoke/", views.publication_revoke, name="publication-revoke"),
    path("p/<str:token>/", views.publication_page, name="publication-page"),
    path("p/<str:token>/pdf/", views.publication_pdf, name="publication-pdf"),
    path("periods/<int:period_pk>/meeting/", views.meeting_edit, name="meeting-edit"),
    path("plans/<int:plan_pk>/spending/", views.spending_edit, name="spending-edit"),
]

# Indicator cards, scorecards and the role dashboard (izlem/reports/views_cards.py)
from . import views_cards  # noqa: E402

urlpatterns += [
    path("indicators/<int:pk>/card/", views_cards.indicator_card, name="indicator-card"),
    path("indicators/<int:pk>/card.pdf", views_cards.indicator_card_pdf, name="indicator-card-pdf"),
    path("indicators/<int:pk>/card.xlsx", views_cards.indicator_card_xlsx, name="indicator-card-xlsx"),
    path("periods/<int:period_pk>/scorecard/<int:node_pk>/", views_cards.scorecard, name="scorecard"),
    path(
        "periods/<int:period_pk>/scorecard/<int:node_pk>/scorecard.pdf",
        views_cards.scorecard_pdf,
        name="scorecard-pdf",
    ),
    path(
        "periods/<int:period_pk>/scorecard/<int:node_pk>/scorecard.xlsx",
        views_cards.scorecard_xlsx,
        name="scorecard-xlsx",
    ),
    path("dashboard.pdf", views_cards.dashboard_pdf, name="dashboard-pdf"),
    path("dashboard.xlsx", views_cards.dashboard_xlsx, name="dashboard-xlsx"),
    path("charts.css", views_cards.chart_css, name="chart-css"),
]

# The Harezmi report to the Ministry (izlem/reports/views_ministry.py)
from . import views_ministry  # noqa: E402

urlpatterns += [
    path("harezmi/ministry/", views_ministry.ministry_index, name="ministry"),
    path(
        "harezmi/ministry/generate/<int:node_pk>/", views_ministry.ministry_generate, name="ministry-generate"
    ),
    path("harezmi/ministry/jobs/<int:pk>/", views_ministry.ministry_job, name="ministry-job"),
    path(
        "harezmi/ministry/jobs/<int:pk>/progress/",
        views_ministry.ministry_job_progress,
        name="ministry-job-progress",
    ),
    path(
        "harezmi/ministry/jobs/<int:pk>/file/<str:fmt>/",
        views_ministry.ministry_job_file,
        name="ministry-job-file",
    ),
]

# The plan document as PDF (izlem/reports/views_plan.py)
from . import views_plan  # noqa: E402

urlpatterns += [path("plans/<int:pk>/plan.pdf", views_plan.plan_pdf, name="plan-pdf")]
