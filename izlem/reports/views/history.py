"""The audit history page of one object, found through the access rules of the app it belongs to.

A generic page: it lives in reports, above every app whose objects have an audit trail (org and plans
today, through `plans.access.history_object_for`), so another app's objects can be added without an
upward import.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from izlem.plans import access as plans_access


@login_required
@require_safe  # the audit trail is read-only: only GET/HEAD
def object_history(request, model_label: str, pk: int):
    """The audit trail of one object the user may view: who changed what, when, before and after."""
    obj = plans_access.history_object_for(request.user, model_label, pk)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:200])
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [(change.field, change.old, change.new) for change in delta.changes]
        rows.append({"record": record, "changes": changes})
    return render(request, "core/history.html", {"object": obj, "rows": rows})
