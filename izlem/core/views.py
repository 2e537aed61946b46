"""Operational and account pages: health check, two-factor setup and verification."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache


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
