"""Monitoring pages: submitting an entry, approving or returning a submission, approving many at once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from izlem.core.formats import NumberFormatError
from izlem.monitoring import access
from izlem.monitoring.models import Value
from izlem.monitoring.selectors.owed import rows_owed, suggested_denominator
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.services import workflow as workflow_services
from izlem.monitoring.views.common import _errors
from izlem.monitoring.views.entry import _entry_render, _line_changed, _line_input, _posted_line
from izlem.plans.models import IndicatorRow


@login_required
@require_POST
def submission_submit(request, pk: int):
    """Save the grid's changed lines and submit (or only save: the grid's Save button), in one transaction.

    The grid's form carries every line, so what was typed and not yet saved by the page is saved here
    (the server decides, not the page's script); a refused line refuses everything and is named.
    """
    submission = access.submission_for(request.user, pk, action="enter")
    period, entity = submission.period, submission.entity
    submit = request.POST.get("action") != "save"
    rows = [
        row
        for row in rows_owed(period=period, entity=entity)
        if not row.indicator.computed_source and access.can_enter_row(request.user, entity, row)
    ]
    stored = {v.row_id: v for v in Value.objects.filter(period=period, entity=entity, row__in=rows)}
    posted, items, unreadable = {}, [], {}
    for row in rows:
        if f"line-{row.pk}-version" not in request.POST:
            continue  # not on the form (an older page, the API-less submit button): nothing typed to save
        typed = posted[row.pk] = _posted_line(request.POST, row)
        try:
            item = _line_input(typed, entity, row)
        except (NumberFormatError, ValueError):
            unreadable[row.pk] = entry_services.SaveResult(None, [_("Enter a number, e.g. 52,75.")])
            continue
        suggested = suggested_denominator(row, entity)
        if _line_changed(item, stored.get(row.pk), suggested):
            items.append(item)
    try:
        if unreadable:
            outcome = entry_services.EntryOutcome(results=unreadable)
        else:
            outcome = entry_services.entry_save(
                by=request.user, submission=submission, items=items, submit=submit
            )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:  # locked meanwhile (submitted elsewhere, period closed)
        for message in _errors(error):
            messages.error(request, message)
        return redirect("monitoring:entry", period_pk=period.pk, entity_pk=entity.pk)
    if outcome.failed:
        by_pk = {row.pk: row for row in rows}
        for row_pk, result in outcome.failed.items():
            row = by_pk[row_pk]
            for message in result.errors + ([result.needs_confirmation] if result.needs_confirmation else []):
                messages.error(request, f"{_line_name(row)}: {message}")
        messages.error(
            request,
            _("Nothing was saved or submitted: correct the marked lines.")
            if submit
            else _("Nothing was saved: correct the marked lines."),
        )
        submission.refresh_from_db()
        return _entry_render(
            request,
            period,
            entity,
            submission,
            posted=posted,
            results=outcome.failed,
            pending={item.row.pk for item in items} - set(outcome.failed),
        )
    if outcome.refusal:
        for message in outcome.refusal:
            messages.error(request, message)
    elif outcome.submitted:
        messages.success(request, _("The data was submitted for approval."))
    else:
        messages.success(request, _("Saved."))
    return redirect("monitoring:entry", period_pk=period.pk, entity_pk=entity.pk)


def _line_name(row: IndicatorRow) -> str:
    """How a line is named in a message: its code and breakdown (1.1.1 Ortaokul)."""
    return f"{row.indicator.code} {row.breakdown}".strip()


@login_required
@require_POST
def submission_decide(request, pk: int, decision: str):
    """Approve or return a submission (its parent's managers)."""
    submission = access.submission_for(request.user, pk, action="decide")
    try:
        if decision == "approve":
            workflow_services.submission_approve(by=request.user, submission=submission)
            messages.success(request, _("%(entity)s: approved.") % {"entity": submission.entity})
        elif decision == "return":
            workflow_services.submission_return(
                by=request.user, submission=submission, comment=request.POST.get("comment", "")
            )
            messages.success(
                request, _("%(entity)s: returned with your comment.") % {"entity": submission.entity}
            )
        else:
            raise Http404
    except PermissionDenied as refusal:
        if not refusal.args:
            raise
        messages.error(request, str(refusal))  # separation of duties: say why, change nothing
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    target = request.POST.get("next") or reverse(
        "monitoring:entry", args=[submission.period_id, submission.entity_id]
    )
    return redirect(target if target.startswith("/") else "/")


@login_required
@require_POST
def submissions_approve(request, period_pk: int):
    """Approve the chosen submissions of a period at once (a district's schools): all or none."""
    period = access.period_for(request.user, period_pk)
    ids = [int(pk) for pk in request.POST.getlist("submission") if pk.isdigit()]
    try:
        approved = workflow_services.submissions_approve_many(by=request.user, period=period, ids=ids)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d submission was approved.", "%(count)d submissions were approved.", len(approved)
            )
            % {"count": len(approved)},
        )
    return redirect(f"{reverse('monitoring:period-detail', args=[period.pk])}#progress-h")
