"""Helpers shared by the tests of meetings, trainings, materials and projects."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def query_count(client, url: str) -> int:
    """How many queries one GET of `url` runs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)
