"""URLs of the REST API under /api/v1/: one router, registered per domain module.

To add a domain (e.g. Harezmi), write `izlem/api/harezmi.py` with its viewsets and register them
below under their own heading; nothing else changes.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from izlem.api import monitoring, org, plans, views

app_name = "api"

router = SimpleRouter()
# organisation (izlem/api/org.py)
router.register("nodes", org.NodeViewSet, basename="node")
router.register("units", org.UnitViewSet, basename="unit")
router.register("users", org.UserViewSet, basename="user")
router.register("role-assignments", org.AssignmentViewSet, basename="role-assignment")
# strategic plan (izlem/api/plans.py)
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
# monitoring and evaluation (izlem/api/monitoring.py)
router.register("periods", monitoring.PeriodViewSet, basename="period")
router.register("submissions", monitoring.SubmissionViewSet, basename="submission")
router.register("values", monitoring.ValueViewSet, basename="value")
router.register("deviations", monitoring.DeviationViewSet, basename="deviation")
router.register("measure-progress", monitoring.MeasureProgressViewSet, basename="measure-progress")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^[\s\S]*$", views.not_found),  # anything else under /api/v1/: a JSON 404, never an HTML page
]
