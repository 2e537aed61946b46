"""Middleware: two-factor sign-in for those who need it (required by role, so it lives with the roles)."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core.errors import error_body
from izlem.org.two_factor import two_factor_required, user_has_device, verify_url

# Paths open to any signed-in session, verified or not: files, the icon and the health check hold no
# one's data, and the language switch only sets a cookie.
_ALWAYS_OPEN = ("/static/", "/favicon.ico", "/healthz", "/i18n/")


class RequireTwoFactorMiddleware:
    """Nothing but the second factor for a signed-in session that has not passed it.

    A person with a confirmed device (an authenticator or recovery codes) whose session is not yet
    verified reaches only the verify page and sign-out: no other page under /accounts/ (setup of a
    new authenticator, password change, API tokens), no /admin/, no API call by session. A person whose
    role requires a second factor (IZLEM_2FA_REQUIRED_ROLES; system administrators by default) and has
    none reaches only the setup page and sign-out. API calls with a token carry no session and are
    authenticated by the API itself (a token is made in a verified session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = request.path_info
        if user.is_authenticated and not path.startswith(_ALWAYS_OPEN) and not user.is_verified():
            logout = reverse("logout")
            if user_has_device(user):
                if path not in (reverse("otp-verify"), logout):
                    return self._refuse(request, verify_url(request.get_full_path()))
            elif two_factor_required(user) and path not in (reverse("otp-setup"), logout):
                return self._refuse(request, reverse("otp-setup"))
        return self.get_response(request)

    @staticmethod
    def _refuse(request, target: str):
        """A redirect for pages; for the API a JSON 403 (a program cannot follow a sign-in page)."""
        if request.path_info.startswith("/api/"):
            body = error_body(
                "two_factor_required",
                _("This session has not passed two-factor sign-in. Enter your code at %(url)s.")
                % {"url": reverse("otp-verify")},
            )
            return JsonResponse(body, status=403)
        return redirect(target)
