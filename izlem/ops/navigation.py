"""Template context shared by every page: the navigation each role may use."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from izlem.harezmi import access as harezmi_access
from izlem.monitoring import access as monitoring_access
from izlem.org import access as org_access
from izlem.plans import access as plans_access


def navigation(request):
    """Menu entries for the signed-in user, by what their roles allow."""
    user = request.user
    items = []
    if user.is_authenticated:
        items.append({"label": _("Home"), "url": reverse("home")})
        if org_access.nodes_visible(user).exists():
            items.append({"label": _("Organisation"), "url": reverse("org:node-list")})
        if plans_access.plans_visible(user).exists():
            items.append({"label": _("Strategic plan"), "url": reverse("plans:plan-list")})
        if monitoring_access.can_use_monitoring(user):
            items.append({"label": _("Monitoring"), "url": reverse("monitoring:home")})
        if harezmi_access.harezmi_has_access(user):
            items.append({"label": _("Harezmi"), "url": reverse("harezmi:home")})
        if org_access.can_manage_people(user):
            items.append({"label": _("Users and roles"), "url": reverse("org:user-list")})
    unread = 0
    if user.is_authenticated:
        from izlem.core.models import Notification

        unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {
        "nav_items": items,
        "directorate_name": settings.IZLEM_DIRECTORATE_NAME,
        "unread_notifications": unread,
    }
