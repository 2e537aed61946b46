"""Shared test setup: settings for tests and the small world every test module reuses."""

import os

os.environ.setdefault("IZLEM_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["izlem.core.testing"]
