"""Shared test setup: settings for tests and the small world every test module reuses."""

import os

os.environ.setdefault("IZLEM_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The shared fixtures: the test world (tests.support.world) and one module per area in tests/support. A test
# asks for a fixture by name; nothing is imported for its fixtures.
pytest_plugins = [
    "tests.support.world",
    "tests.support.plans",
    "tests.support.monitoring",
    "tests.support.reports",
    "tests.support.scoring",
    "tests.support.api",
    "tests.support.harezmi",
    "tests.support.harezmi_statistics",
    "tests.support.security",
]
