"""Middleware: two-factor sign-in for those who need it."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from izlem.core import access_log
from izlem.core.two_factor import two_factor_required, user_has_device, verify_url

__all__ = ["RequireTwoFactorMiddleware", "two_factor_required", "user_has_device"]

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
            from izlem.api.errors import error_body

            body = error_body(
                "two_factor_required",
                _("This session has not passed two-factor sign-in. Enter your code at %(url)s.")
                % {"url": reverse("otp-verify")},
            )
            return JsonResponse(body, status=403)
        return redirect(target)


class LanguageMiddleware:
    """Turkish unless the person chose English (language switch cookie); the API follows Accept-Language.

    Django's LocaleMiddleware would follow the browser's Accept-Language for pages too, so a
    directorate PC with an English browser would show English; the product's default is Turkish.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith("/api/") and not chosen:
            language = translation.get_language_from_request(request)
        else:
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AccessDenialLogMiddleware:
    """Log pages refused by the access module (`izlem.core.access_log.log_denial`: user id and path only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        access_log.log_denial(request, exception)
        return None  # Django answers the Http404 / PermissionDenied as usual


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every API answer and every file sent (uploads, exports, reports).

    These carry personal data (names, ID numbers, health reports, attendance); a shared computer's
    browser cache or a proxy must not keep a copy. Static files are served before this middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import FileResponse
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        if (
            request.path_info.startswith("/api/")
            or response.has_header("Content-Disposition")
            or isinstance(response, FileResponse)
        ):
            add_never_cache_headers(response)
        return response
