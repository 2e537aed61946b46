"""Middleware: the language, no-store caching of private pages and the log of refusals."""

from django.conf import settings

from izlem.core import access_log


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
