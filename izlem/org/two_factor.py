"""Two-factor sign-in: who must verify, and the writes that change how someone signs in.

Adding or removing an authenticator and making recovery codes are services here (views stay thin);
each writes an `AccountSecurityEvent`, logs a line on `izlem.security` and tells the person in the
app and by e-mail (`izlem.core.notifications.notify`), so a change they did not make is noticed.
"""

from __future__ import annotations

import logging
import math
import time
from base64 import b32encode
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from izlem.core.models import AccountSecurityEvent
from izlem.org import scope

logger = logging.getLogger("izlem.security")

RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 8  # StaticToken.random_token(): 5 random bytes in base32
CANDIDATE_SESSION_KEY = "izlem_otp_candidate_key"


def user_has_device(user) -> bool:
    """True if the user has a confirmed two-factor device (an authenticator or recovery codes)."""
    from django_otp import user_has_device as has_device

    return has_device(user, confirmed=True)


def two_factor_required(user) -> bool:
    """True if the user's roles oblige them to use a second factor (settings.IZLEM_2FA_REQUIRED_ROLES)."""
    required = set(settings.IZLEM_2FA_REQUIRED_ROLES)
    return bool(getattr(user, "is_superuser", False)) or bool(scope.roles_of(user) & required)


def verify_url(next_path: str) -> str:
    """The verify page, with `next` (URL-encoded) to come back to."""
    return f"{reverse('otp-verify')}?{urlencode({'next': next_path})}"


def verified_required(view):
    """The view needs a verified session when the person has a device (or must have one).

    The two-factor middleware already enforces this for every page; the decorator keeps the pages
    that change credentials closed even if the middleware list were reordered.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_verified():
            if user_has_device(user):
                return redirect(verify_url(request.get_full_path()))
            if two_factor_required(user):
                return redirect("otp-setup")
        return view(request, *args, **kwargs)

    return wrapper


def enrolled_verified_required(view):
    """The view needs a verified session when the person already has a device (the setup page: a
    person without one, even one who must have one, reaches it with the password alone)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified() and user_has_device(request.user):
            return redirect(verify_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def candidate_key(session) -> str:
    """The secret (hex) of the authenticator being set up, kept in the session until it is confirmed.

    Nothing is written to the database before the person proves, with a code, that their app holds
    this secret (a GET of the setup page never creates a device).
    """
    key = session.get(CANDIDATE_SESSION_KEY)
    if not key:
        key = random_hex(20)
        session[CANDIDATE_SESSION_KEY] = key
    return key


def base32_key(hex_key: str) -> str:
    """The secret as authenticator apps ask for it when typed in (base32, no padding)."""
    return b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")


def _probe_matches(probe: TOTPDevice, token: str) -> int | None:
    """The time step at which `token` is a valid code of the unsaved `probe`, or None.

    `TOTPDevice.verify_token` saves the device (drift, throttle), so an unsaved probe is checked with
    django-otp's TOTP directly.
    """
    try:
        code = int(token)
    except ValueError:
        return None
    totp = TOTP(probe.bin_key, probe.step, probe.t0, probe.digits, probe.drift)
    totp.time = time.time()
    if totp.verify(code, tolerance=probe.tolerance):
        return totp.t()
    return None


def _record(*, user, action: str, detail: str, address: str | None, message: str) -> None:
    """Write the audit row, log it (ids only) and tell the person in the app and by e-mail."""
    from izlem.core.notifications import notify

    AccountSecurityEvent.objects.create(
        user=user, action=action, detail=detail[:100], address=address or None
    )
    logger.info("account security: %s (%s) for user %s", action, detail, user.pk)
    notify(
        recipients=[user],
        message=message,
        url=reverse("otp-manage"),
        email_subject=_("izlem: a change to your two-factor sign-in"),
    )


@transaction.atomic
def totp_device_add(
    *, user, key: str, token: str, name: str, address: str | None = None
) -> TOTPDevice | None:
    """Create a confirmed authenticator from the session's candidate `key` if `token` is one of its codes.

    Returns None (and writes nothing) when the code does not match. The caller has checked that the
    session is verified where the person already has a device.
    """
    probe = TOTPDevice(user=user, key=key)
    step = _probe_matches(probe, token.strip())
    if step is None:
        return None
    name = (name or "").strip()[:64] or _("Authenticator")
    device = TOTPDevice.objects.create(user=user, name=name, key=key, confirmed=True, last_t=step)
    _record(
        user=user,
        action=AccountSecurityEvent.Action.DEVICE_ADDED,
        detail=name,
        address=address,
        message=_(
            "An authenticator “%(name)s” was added to your account. If it was not you, tell your administrator at once."
        )
        % {"name": name},
    )
    return device


@transaction.atomic
def totp_device_remove(*, user, device: TOTPDevice, address: str | None = None) -> None:
    """Remove one of the person's authenticators; with the last one go the recovery codes too
    (codes alone are not a second factor to keep)."""
    if device.user_id != user.pk:
        raise TOTPDevice.DoesNotExist
    name = device.name
    device.delete()
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).delete()
    _record(
        user=user,
        action=AccountSecurityEvent.Action.DEVICE_REMOVED,
        detail=name,
        address=address,
        message=_(
            "The authenticator “%(name)s” was removed from your account. If it was not you, tell your administrator at once."
        )
        % {"name": name},
    )


@transaction.atomic
def recovery_codes_generate(*, user, address: str | None = None) -> list[str]:
    """Replace the person's recovery codes with RECOVERY_CODE_COUNT new single-use codes; returns them
    (shown once: only the codes themselves are stored, as django-otp keeps them, and each is deleted
    when used)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    _record(
        user=user,
        action=AccountSecurityEvent.Action.CODES_GENERATED,
        detail=str(RECOVERY_CODE_COUNT),
        address=address,
        message=_("New recovery codes were made for your account; the old ones no longer work."),
    )
    return codes


def recovery_codes_left(user) -> int:
    """How many unused recovery codes the person has."""
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def code_wait_seconds(user) -> int:
    """Seconds before the person's authenticators take another code after wrong ones, or 0.

    django-otp throttles each device after a wrong code (1, 2, 4 … seconds); a code tried inside that
    time is refused however right it is, so the page must say "wait", not "the code is wrong".
    """
    waits = []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if allowed:
            return 0  # this one would have judged the code: it really was wrong
        locked_until = (data or {}).get("locked_until")
        if locked_until is not None:
            waits.append(max(1, math.ceil((locked_until - timezone.now()).total_seconds())))
    return min(waits, default=0)


def verify_code(*, user, token: str, address: str | None = None):
    """The device that accepts `token` (an authenticator code, or a recovery code which is then used
    up), or None. django-otp's per-device throttling applies to each try."""
    token = token.strip().replace(" ", "")
    if token.isdigit():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
        if len(token) != RECOVERY_CODE_LENGTH:  # a recovery code may, rarely, be all digits (base32 2-7)
            return None
    for device in StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True):
        if device.verify_token(token.lower()):
            _record(
                user=user,
                action=AccountSecurityEvent.Action.CODE_USED,
                detail=str(recovery_codes_left(user)),
                address=address,
                message=_("A recovery code was used to sign in to your account (%(left)d left).")
                % {"left": recovery_codes_left(user)},
            )
            return device
    return None
