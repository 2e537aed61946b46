"""API authentication: hashed tokens for programs, the session (with CSRF) for the browser.

A token is sent as `Authorization: Bearer izlem_…`. Tokens are created by a signed-in person in the
UI (`/accounts/tokens/`, which demands the second factor where the person uses one) or by an operator
with `izlem create_token`; a request carrying a valid token is therefore treated as verified for
two-factor purposes (`user.is_verified()` is true). The two-factor middleware never sees token
requests: it runs before DRF authenticates them, when the request is still anonymous.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from izlem.api.services import token_authenticate

KEYWORDS = ("bearer", "token")


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <secret>` (or `Token <secret>`) with a usable, unrevoked, unexpired token."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give exactly one token."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        token = token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, has expired or was revoked."))
        user = token.user
        # The token was made by a verified person (see the module docstring): count it as the second factor.
        user.otp_device = None
        user.is_verified = lambda: True
        return user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session (the docs page, scripts in the UI); DRF enforces CSRF for unsafe methods."""


class TokenScheme(OpenApiAuthenticationExtension):
    """Describes the token scheme in the OpenAPI document."""

    target_class = "izlem.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("An API token created on the “API tokens” page (or with `izlem create_token`).")
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    """Describes the session scheme in the OpenAPI document."""

    target_class = "izlem.api.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
