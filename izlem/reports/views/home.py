"""The home page: the signed-in user's roles and scope, their inbox and their dashboard (built here, in reports)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from izlem.org import scope
from izlem.reports.dashboards import dashboard_for
from izlem.reports.inbox import inbox_for


@login_required
def home(request):
    """The signed-in user's home page: their roles, their scope and where to go next."""
    assignments = scope.active_assignments(request.user)
    return render(
        request,
        "org/home.html",
        {"assignments": assignments, "inbox": inbox_for(request.user), **dashboard_for(request.user)},
    )
