"""Throttling per user (per address for anonymous requests), rate from settings.IZLEM_API_THROTTLE_RATE."""

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class UserThrottle(UserRateThrottle):
    """e.g. "2000/hour"; read at request time so that an environment change or a test override applies."""

    scope = "user"

    def get_rate(self) -> str | None:
        return settings.IZLEM_API_THROTTLE_RATE or None
