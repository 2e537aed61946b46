"""Operational and account pages: health check, two-factor setup and verification."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from izlem.core.middleware import two_factor_required


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
    """A six-digit code from the authenticator app."""

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


@login_required
@never_cache
def otp_setup(request):
    """Enrol a TOTP device: show the QR code, confirm with a first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is now on for your account."))
            return redirect("home")
        form.add_error("token", _("The code is not correct. Check your device's clock and try again."))
    import segno

    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": device.bin_key.hex(),
            "required": two_factor_required(request.user),
        },
    )


@login_required
@never_cache
def otp_verify(request):
    """Ask a user with a device for their code after the password."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                return redirect(_safe_next(request))
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
