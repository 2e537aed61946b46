"""Report tests reuse the monitoring tests' small plan and period."""

from izlem.monitoring.tests.conftest import make_indicator, period, small_plan  # noqa: F401 - fixtures
