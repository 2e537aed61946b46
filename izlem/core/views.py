"""Operational and account pages: health check, two-factor setup and verification."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from izlem.core import two_factor

RECOVERY_CODES_SESSION_KEY = "izlem_recovery_codes"


@never_cache
def healthz(request):
    """200 with a small JSON status when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        # The reason names the kind of failure only (no host names or credentials from the message).
        return JsonResponse(
            {"status": "error", "database": "unavailable", "reason": type(exc).__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the one icon."""
    return redirect(static("izlem/favicon.svg"), permanent=True)


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class DeviceAddForm(forms.Form):
    """A name for the new authenticator and its first code."""

    name = forms.CharField(
        label=gettext_lazy("Name of the device"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("For example “my phone”; shown in your list of authenticators."),
    )
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _safe_next(request) -> str:
    """The `next` URL if it stays on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _address(request) -> str | None:
    """The client address for the account security log."""
    return request.META.get("REMOTE_ADDR") or None


@login_required
@two_factor.verified_required
@never_cache
def otp_manage(request):
    """The person's authenticators, their recovery codes (new ones shown once) and recent changes."""
    from izlem.core.models import AccountSecurityEvent

    return render(
        request,
        "registration/otp_manage.html",
        {
            "devices": TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk"),
            "codes_left": two_factor.recovery_codes_left(request.user),
            "new_codes": request.session.pop(RECOVERY_CODES_SESSION_KEY, None),
            "events": AccountSecurityEvent.objects.filter(user=request.user)[:10],
            "required": two_factor.two_factor_required(request.user),
        },
    )


@login_required
@two_factor.enrolled_verified_required
@never_cache
def otp_setup(request):
    """Add an authenticator: show the QR code and the key (base32), confirm with a first code.

    The secret stays in the session until a correct code is posted; only then is the device created.
    A person who already has a device must have verified this session (middleware and decorator).
    """
    key = two_factor.candidate_key(request.session)
    form = DeviceAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.totp_device_add(
            user=request.user,
            key=key,
            token=form.cleaned_data["token"],
            name=form.cleaned_data["name"],
            address=_address(request),
        )
        if device is not None:
            del request.session[two_factor.CANDIDATE_SESSION_KEY]
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is now on for your account."))
            if not two_factor.recovery_codes_left(request.user):
                request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.recovery_codes_generate(
                    user=request.user, address=_address(request)
                )
            return redirect("otp-manage")
        form.add_error("token", _("The code is not correct. Check your device's clock and try again."))
    import segno

    probe = TOTPDevice(user=request.user, key=key)  # never saved: only for the QR code's address
    qr_svg = segno.make(probe.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": two_factor.base32_key(key),
            "required": two_factor.two_factor_required(request.user),
        },
    )


@login_required
@two_factor.verified_required
@require_POST
def otp_device_remove(request, pk: int):
    """Remove one of the person's authenticators (verified session only)."""
    device = get_object_or_404(TOTPDevice, pk=pk, user=request.user, confirmed=True)
    two_factor.totp_device_remove(user=request.user, device=device, address=_address(request))
    messages.success(request, _("The authenticator “%(name)s” was removed.") % {"name": device.name})
    return redirect("otp-manage")


@login_required
@two_factor.verified_required
@require_POST
def otp_recovery_codes(request):
    """Make new recovery codes (the old ones stop working); they are shown once on the next page."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.error(request, _("Add an authenticator first; recovery codes stand in for it."))
        return redirect("otp-manage")
    request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.recovery_codes_generate(
        user=request.user, address=_address(request)
    )
    return redirect("otp-manage")


@login_required
@never_cache
def otp_verify(request):
    """Ask a user with a device for their code (or a recovery code) after the password."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Checked before the code: inside django-otp's lock after wrong codes even a right code is refused,
        # and the page must then say "wait", not "the code is wrong".
        wait = two_factor.code_wait_seconds(request.user)
        device = (
            None
            if wait
            else two_factor.verify_code(
                user=request.user, token=form.cleaned_data["token"], address=_address(request)
            )
        )
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        if wait:
            form.add_error(
                "token",
                ngettext(
                    "Too many wrong codes in a row: wait %(seconds)d second, then enter the code your app shows.",
                    "Too many wrong codes in a row: wait %(seconds)d seconds, then enter the code your app shows.",
                    wait,
                )
                % {"seconds": wait},
            )
        else:
            form.add_error("token", _("The code is not correct. Check your device's clock and try again."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def notification_list(request):
    """The user's notifications, newest first; POST marks them read."""
    from django.core.paginator import Paginator

    from izlem.core.models import Notification
    from izlem.core.notifications import notification_mark_read

    if request.method == "POST":
        pk = request.POST.get("pk")
        notification_mark_read(user=request.user, pk=int(pk) if pk and pk.isdigit() else None)
        return redirect("notifications")
    notes = Notification.objects.filter(recipient=request.user)
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})
