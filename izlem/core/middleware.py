"""Middleware: two-factor sign-in for those who need it."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from izlem.org import access

# Pages a signed-in but not yet verified user may reach.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


def user_has_device(user) -> bool:
    """True if the user has a confirmed two-factor device."""
    from django_otp import user_has_device as has_device

    return has_device(user, confirmed=True)


def two_factor_required(user) -> bool:
    """True if the user's roles oblige them to use a second factor (settings.IZLEM_2FA_REQUIRED_ROLES)."""
    required = set(settings.IZLEM_2FA_REQUIRED_ROLES)
    return bool(getattr(user, "is_superuser", False)) or bool(access.roles_of(user) & required)


class RequireTwoFactorMiddleware:
    """Send a signed-in user to verify (or set up) a second factor before anything else.

    Required for the roles in IZLEM_2FA_REQUIRED_ROLES (system administrators by default); anyone
    who has set up a device must use it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES) and not user.is_verified():
            if user_has_device(user):
                return redirect(f"{reverse('otp-verify')}?next={request.get_full_path()}")
            if two_factor_required(user):
                return redirect("otp-setup")
        return self.get_response(request)


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
    """Log pages refused by the access module (`izlem.org.access.log_denial`: user id and path only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        access.log_denial(request, exception)
        return None  # Django answers the Http404 / PermissionDenied as usual
