"""Plan browser pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from izlem.org import access


@login_required
def plan_list(request):
    """The plans the user may read."""
    plans = access.plans_visible(request.user).select_related("owner")
    return render(request, "plans/plan_list.html", {"plans": plans})
