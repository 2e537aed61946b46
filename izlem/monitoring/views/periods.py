"""Monitoring pages: the home page, creating a period, a period's page and its state changes.

Views parse the request, fetch objects through `izlem.monitoring.access`, call a service and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from izlem.monitoring import access
from izlem.monitoring.forms import (
    PeriodForm,
    ReasonForm,
)
from izlem.monitoring.models import Deviation, Period, Submission
from izlem.monitoring.selectors.evaluation import (
    evaluations,
    overdue_measures,
    status_counts,
    submission_progress,
)
from izlem.monitoring.selectors.owed import plan_rows, rows_owed
from izlem.monitoring.services import periods as periods_services
from izlem.monitoring.views.common import _errors, _top_node
from izlem.org.models import OrgNode
from izlem.plans import access as plans_access


@login_required
def home(request):
    """Monitoring periods of every plan the user may read, newest first."""
    if not access.can_use_monitoring(request.user):
        raise Http404
    periods = access.periods_visible(request.user).select_related("plan").order_by("-year", "-half")
    plans = plans_access.plans_editable(request.user)
    return render(request, "monitoring/home.html", {"periods": periods, "editable_plans": plans})


@login_required
def period_create(request, plan_pk: int):
    """Add a period to a plan (planning officers)."""
    plan = plans_access.plan_for(request.user, plan_pk, action="edit")
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = periods_services.period_create(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The period was added. Open it when schools may start entering."))
            return redirect("monitoring:period-detail", pk=period.pk)
    return render(request, "monitoring/period_form.html", {"plan": plan, "form": form})


@login_required
def period_detail(request, pk: int):
    """A period's dashboard: state, my entry pages, who has submitted (who is late), evaluation at a glance."""
    period = access.period_for(request.user, pk)
    top = _top_node(request.user, period)
    progress = submission_progress(period, top) if top.kind != OrgNode.Kind.SCHOOL else []
    shown_state = request.GET.get("state", "")
    shown = [p for p in progress if _progress_matches(p, shown_state)]
    mine = list(access.entry_entities(request.user).filter(path__startswith=period.plan.owner.path))
    submissions = {s.entity_id: s for s in Submission.objects.filter(period=period, entity__in=mine)}
    rows = plan_rows(period.plan)
    items = evaluations(period, top)
    can_decide = any(access.can_decide(request.user, p.entity) for p in progress[:1])
    made_by_me = (
        access.submissions_made_by(
            request.user, [p.submission for p in progress if p.state == Submission.State.SUBMITTED]
        )
        if can_decide
        else set()
    )
    return render(
        request,
        "monitoring/period_detail.html",
        {
            "period": period,
            "top": top,
            "progress": shown,
            "progress_total": len(progress),
            "progress_filters": _progress_filters(progress, shown_state),
            "mine": [
                (e, submissions.get(e.pk), bool(rows_owed(period=period, entity=e, rows=rows))) for e in mine
            ],
            "counts": status_counts(items),
            "off_track": [i for i in items if i.evaluation.status == "off_track"],
            "can_manage": access.can_manage_period(request.user, period),
            "reason_form": ReasonForm(),
            "waiting": Deviation.objects.filter(period=period, state=Deviation.State.OPEN).count(),
            "overdue": overdue_measures(period),
            "events": period.events.select_related("by"),
            "can_decide": can_decide,
            # separation of duties: no Approve button (nor box to tick) on a submission the user made
            "made_by_me": made_by_me,
            "approvable": [
                p.submission.pk
                for p in shown
                if can_decide and p.state == Submission.State.SUBMITTED and p.submission.pk not in made_by_me
            ],
        },
    )


PROGRESS_FILTERS = [
    ("", gettext_lazy("all")),
    (Submission.State.SUBMITTED, gettext_lazy("waiting for a decision")),
    (Submission.State.DRAFT, gettext_lazy("not submitted")),
    (Submission.State.RETURNED, gettext_lazy("returned")),
    (Submission.State.APPROVED, gettext_lazy("approved")),
    ("late", gettext_lazy("late")),
]


def _progress_matches(progress, state: str) -> bool:
    """True if a progress line is shown under the state filter ("" all, "late", or a submission state)."""
    if not state:
        return True
    if state == "late":
        return progress.late
    return progress.owes and progress.state == state


def _progress_filters(progress, current: str) -> list[tuple[str, str, int, bool]]:
    """The progress table's filter links: (value, label, how many lines, chosen)."""
    return [
        (value, label, sum(_progress_matches(p, value) for p in progress), value == current)
        for value, label in PROGRESS_FILTERS
    ]


@login_required
@require_POST
def period_action(request, pk: int, action: str):
    """Open, close or reopen a period."""
    period = access.period_for(request.user, pk, action="manage")
    try:
        if action == "open":
            periods_services.period_open(by=request.user, period=period)
        elif action == "close":
            periods_services.period_close(by=request.user, period=period)
        elif action == "reopen":
            periods_services.period_reopen(
                by=request.user, period=period, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The period is now %(state)s.") % {"state": Period.objects.get(pk=pk).get_state_display()},
        )
    return redirect("monitoring:period-detail", pk=pk)
