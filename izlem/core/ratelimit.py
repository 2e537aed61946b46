"""Rate limits on the sign-in (also the admin's), second-factor and password-reset forms (per client
address, in the shared cache).

Axes locks one account after repeated failures; this limit stops one address from trying many
accounts or flooding mailboxes with reset e-mails. The API has DRF's throttle (IZLEM_API_THROTTLE_RATE).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

# Forms that count against another form's limit: the admin's sign-in form is a second door to the same
# accounts, so one address gets one allowance for both.
SAME_LIMIT_AS = {"/admin/login/": "/accounts/login/"}


class RateLimitMiddleware:
    """Answer 429 when one address posts to a limited path more often than IZLEM_RATE_LIMITS allows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            path = SAME_LIMIT_AS.get(request.path_info, request.path_info)
            limit = settings.IZLEM_RATE_LIMITS.get(path)
            if limit is not None:
                count, seconds = limit
                key = f"izlem:ratelimit:{path}:{request.META.get('REMOTE_ADDR', '')}"
                cache.add(key, 0, timeout=seconds)
                try:
                    used = cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, timeout=seconds)
                    used = 1
                if used > count:
                    response = HttpResponse(
                        _("Too many attempts from your address. Wait %(minutes)d minutes and try again.")
                        % {"minutes": max(1, seconds // 60)},
                        status=429,
                        content_type="text/plain; charset=utf-8",
                    )
                    response["Retry-After"] = str(seconds)
                    return response
        return self.get_response(request)
