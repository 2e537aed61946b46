"""Monitoring pages: periods, entry, workflow, roll-up and evaluation, deviations, measures, rankings.

Views parse the request, fetch objects through `izlem.monitoring.access`, call a service and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from izlem.core.collation import turkish
from izlem.core.formats import NumberFormatError, format_decimal, parse_decimal
from izlem.core.forms import attach_service_errors
from izlem.monitoring import access
from izlem.org import scope
from izlem.org.models import OrgNode
from izlem.plans import access as plans_access
from izlem.plans.models import IndicatorRow, Measure

from . import computed, selectors, services
from .forms import DeviationForm, FollowUpForm, MeasureProgressForm, PeriodForm, ReasonForm, ReturnForm
from .models import Deviation, MeasureProgress, Period, Submission, Value


def _errors(error: ValidationError) -> list[str]:
    return error.messages


def _top_node(user, period: Period) -> OrgNode:
    """The highest node of the user's monitoring scope inside the period's plan (the plan owner for sysadmins)."""
    owner = period.plan.owner
    if scope.is_sysadmin(user) or owner is None:
        return owner
    nodes = access.monitoring_nodes(user).filter(path__startswith=owner.path).order_by("path")
    node = nodes.first()
    if node is None:
        raise Http404
    return node


def _nav_top(user, period: Period) -> OrgNode | None:
    """The node the period's tabs (results, schools, scorecard) open for the user; None when there is none."""
    try:
        return _top_node(user, period)
    except Http404:
        return None


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
            period = services.period_create(by=request.user, plan=plan, **form.cleaned_data)
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
    progress = selectors.submission_progress(period, top) if top.kind != OrgNode.Kind.SCHOOL else []
    shown_state = request.GET.get("state", "")
    shown = [p for p in progress if _progress_matches(p, shown_state)]
    mine = list(access.entry_entities(request.user).filter(path__startswith=period.plan.owner.path))
    submissions = {s.entity_id: s for s in Submission.objects.filter(period=period, entity__in=mine)}
    rows = selectors.plan_rows(period.plan)
    items = selectors.evaluations(period, top)
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
                (e, submissions.get(e.pk), bool(selectors.rows_owed(period=period, entity=e, rows=rows)))
                for e in mine
            ],
            "counts": selectors.status_counts(items),
            "off_track": [i for i in items if i.evaluation.status == "off_track"],
            "can_manage": access.can_manage_period(request.user, period),
            "reason_form": ReasonForm(),
            "waiting": Deviation.objects.filter(period=period, state=Deviation.State.OPEN).count(),
            "overdue": selectors.overdue_measures(period),
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
            services.period_open(by=request.user, period=period)
        elif action == "close":
            services.period_close(by=request.user, period=period)
        elif action == "reopen":
            services.period_reopen(by=request.user, period=period, reason=request.POST.get("reason", ""))
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


# --- entry -------------------------------------------------------------------------------------------
FIELDS = ("value", "numerator", "denominator")


def _line_state(value: Value | None, result: services.SaveResult | None, pending: bool = False) -> str:
    """What a line's state cell says: error, confirm (an unusual value to confirm), pending, saved or empty."""
    if result is not None and result.needs_confirmation:
        return "confirm"
    if result is not None and result.errors:
        return "error"
    if pending:  # typed, changed, and not saved because another line refused the grid's save
        return "pending"
    return "saved" if value is not None and value.value is not None else "empty"


def _entry_context(
    request,
    period: Period,
    entity: OrgNode,
    rows: list[IndicatorRow],
    submission: Submission | None,
    *,
    posted: dict[int, dict] | None = None,
    results: dict[int, services.SaveResult] | None = None,
    pending: set[int] | frozenset = frozenset(),
):
    """Everything one entry page or one htmx line needs, in a fixed number of queries.

    `posted` keeps what was typed on a refused save (the grid shows it again, never the stored value);
    `results` are the lines' save results (their errors and confirmation questions).
    """
    posted, results = posted or {}, results or {}
    values = {v.row_id: v for v in Value.objects.filter(period=period, entity=entity, row__in=rows)}
    previous = Period.objects.filter(plan=period.plan).exclude(pk=period.pk).order_by("-year", "-half")
    previous = [p for p in previous if (p.year, p.half) < (period.year, period.half)][:1]
    last = {}
    if previous:
        last = {v.row_id: v for v in Value.objects.filter(period=previous[0], entity=entity, row__in=rows)}
    plans = selectors.row_plans(rows, period.plan)
    editable = (
        submission is not None and submission.is_editable if submission else period.state == Period.State.OPEN
    )
    sources = {row.pk: computed.source_for(row.indicator) for row in rows}
    # Each source's records page, once per source, and only when this reader may open it (no dead link).
    records_urls = {
        source.key: source.records_url_for(request.user) for source in sources.values() if source is not None
    }
    lines = []
    for row in rows:
        value, result = values.get(row.pk), results.get(row.pk)
        can_edit = (
            editable and not row.indicator.computed_source and access.can_enter_row(request.user, entity, row)
        )
        is_ratio = row.indicator.aggregation == "ratio"
        suggested = (
            selectors.suggested_denominator(row, entity)
            if can_edit and is_ratio and (value is None or value.denominator is None)
            else None
        )
        shown = posted.get(row.pk) or {
            "value": format_decimal(value.value, None) if value and not is_ratio else "",
            "numerator": format_decimal(value.numerator, None) if value and is_ratio else "",
            "denominator": format_decimal(value.denominator, None)
            if value and value.denominator is not None
            else (str(suggested) if suggested else ""),
            "note": value.note if value else "",
        }
        lines.append(
            {
                "row": row,
                "value": value,
                "last": last.get(row.pk),
                "target": plans[row.pk].targets.get(period.year),
                "is_ratio": is_ratio,
                "is_percent": row.indicator.unit == "percent",
                "can_edit": can_edit,
                "source": sources[row.pk],
                "records_url": records_urls.get(sources[row.pk].key) if sources[row.pk] else None,
                "shown": shown,
                "suggested": suggested,
                "result": result,
                "state": _line_state(value, result, row.pk in pending),
            }
        )
    return lines, (previous[0] if previous else None)


def _entry_rows(user, period: Period, entity: OrgNode) -> list[IndicatorRow]:
    """The rows of the entity's entry page for this user."""
    rows = selectors.rows_owed(period=period, entity=entity)
    if access.can_enter(user, entity):  # a unit collects only its own rows of the province's
        rows = [row for row in rows if access.can_enter_row(user, entity, row)]
    return rows


def _entry_render(
    request, period: Period, entity: OrgNode, submission, *, posted=None, results=None, pending=frozenset()
):
    """The entry page (also again after a refused save of the grid, with what was typed)."""
    rows = _entry_rows(request.user, period, entity)
    computed.computed_refresh(period=period, entities=[entity], rows=rows)  # no query when nothing is bound
    lines, previous = _entry_context(
        request, period, entity, rows, submission, posted=posted, results=results, pending=pending
    )
    editable_lines = [line for line in lines if line["can_edit"]]
    return render(
        request,
        "monitoring/entry.html",
        {
            "period": period,
            "entity": entity,
            "submission": submission,
            "lines": lines,
            "previous": previous,
            "can_enter": access.can_enter(request.user, entity),
            "can_decide": submission is not None
            and submission.state == Submission.State.SUBMITTED
            and access.can_decide_submission(request.user, submission),
            "return_form": ReturnForm(),
            "events": submission.events.select_related("by") if submission else [],
            "grid_open": access.can_enter(request.user, entity)
            and submission is not None
            and submission.is_editable,
            "editable_count": len(editable_lines),
            "filled_count": len([line for line in editable_lines if line["state"] == "saved"]),
            "problem_count": len([line for line in lines if line["state"] in ("error", "confirm")]),
        },
    )


@login_required
def entry(request, period_pk: int, entity_pk: int):
    """The entry grid of one entity for one period: exactly its rows, last value and target beside each."""
    period = access.period_for(request.user, period_pk)
    entity = access.entity_for_entry(request.user, period, entity_pk)
    submission = Submission.objects.filter(period=period, entity=entity).first()
    if (
        submission is None
        and access.can_enter(request.user, entity)
        and period.state == Period.State.OPEN
        and _entry_rows(request.user, period, entity)  # owing nothing: nothing to submit, no draft either
    ):
        submission = services.submission_get_or_create(period=period, entity=entity)
    return _entry_render(request, period, entity, submission)


def _posted_line(data, row: IndicatorRow, *, plain: bool = False) -> dict:
    """One grid line as typed: `line-<row>-value` and so on (`plain`: also the bare names of one line's form)."""

    def get(name: str, default: str = "") -> str:
        key = f"line-{row.pk}-{name}"
        if key in data or not plain:
            return data.get(key, default)
        return data.get(name, default)

    return {
        **{name: get(name).strip() for name in FIELDS},
        "note": get("note"),
        "version": get("version", "0"),
        "confirm": get("confirm") == "on",
    }


def _line_input(typed: dict, entity: OrgNode, row: IndicatorRow) -> services.ValueInput:
    """The typed line as a service input; raises NumberFormatError or ValueError for what is not a number."""
    return services.ValueInput(
        entity=entity,
        row=row,
        note=typed["note"],
        confirm_outlier=typed["confirm"],
        expected_version=int(typed["version"] or 0),
        **{name: parse_decimal(typed[name]) for name in FIELDS},
    )


def _line_changed(item: services.ValueInput, stored: Value | None, suggested: int | None) -> bool:
    """Whether a typed line differs from what is stored (only the changed lines are saved by the grid)."""
    numbers = (item.value, item.numerator, item.denominator)
    if stored is None:
        # an untouched line: empty, or only the denominator suggested from the school's attributes
        return not (
            all(n is None for n in numbers) or numbers == (None, None, suggested) and suggested is not None
        ) or bool(item.note.strip())
    return not services.same_numbers(stored, item.row, *numbers) or stored.note != item.note.strip()


@login_required
@require_POST
def value_save(request, period_pk: int, entity_pk: int, row_pk: int):
    """Save one line (htmx: answers with the line's state, rate, version and messages; otherwise back)."""
    period = access.period_for(request.user, period_pk)
    entity = access.entity_for_entry(request.user, period, entity_pk)
    if not access.can_enter(request.user, entity):
        raise Http404
    row = get_object_or_404(
        IndicatorRow.objects.select_related("indicator"), pk=row_pk, indicator__plan=period.plan
    )
    submission = services.submission_get_or_create(period=period, entity=entity)
    typed = _posted_line(request.POST, row, plain=True)
    try:
        item = _line_input(typed, entity, row)
    except (NumberFormatError, ValueError):
        result = services.SaveResult(None, [_("Enter a number, e.g. 52,75.")])
    else:
        try:
            result = services.value_save(
                by=request.user,
                submission=submission,
                row=row,
                value=item.value,
                numerator=item.numerator,
                denominator=item.denominator,
                note=item.note,
                confirm_outlier=item.confirm_outlier,
                expected_version=item.expected_version,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            result = services.SaveResult(None, _errors(error))
    failed = result.errors or result.needs_confirmation
    if not request.htmx:
        for message in result.errors + ([result.needs_confirmation] if result.needs_confirmation else []):
            messages.error(request, f"{row.indicator.code}: {message}")
        return redirect("monitoring:entry", period_pk=period.pk, entity_pk=entity.pk)
    lines, _previous = _entry_context(
        request,
        period,
        entity,
        [row],
        submission,
        posted={row.pk: typed} if failed else None,
        results={row.pk: result},
    )
    return render(request, "monitoring/_entry_line_update.html", {"line": lines[0], "period": period})


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
        for row in selectors.rows_owed(period=period, entity=entity)
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
            unreadable[row.pk] = services.SaveResult(None, [_("Enter a number, e.g. 52,75.")])
            continue
        suggested = selectors.suggested_denominator(row, entity)
        if _line_changed(item, stored.get(row.pk), suggested):
            items.append(item)
    try:
        if unreadable:
            outcome = services.EntryOutcome(results=unreadable)
        else:
            outcome = services.entry_save(by=request.user, submission=submission, items=items, submit=submit)
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
            services.submission_approve(by=request.user, submission=submission)
            messages.success(request, _("%(entity)s: approved.") % {"entity": submission.entity})
        elif decision == "return":
            services.submission_return(
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
        approved = services.submissions_approve_many(by=request.user, period=period, ids=ids)
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


# --- evaluation --------------------------------------------------------------------------------------
@login_required
def rollup_view(request, period_pk: int, node_pk: int):
    """Every indicator row at a node: figure with coverage, baseline, target, rate, status, forecast."""
    period = access.period_for(request.user, period_pk)
    node = get_object_or_404(access.monitoring_nodes(request.user), pk=node_pk)
    items = selectors.evaluations(period, node)
    children = OrgNode.objects.filter(parent=node, kind__in=[OrgNode.Kind.DISTRICT]).order_by(turkish("name"))
    return render(
        request,
        "monitoring/rollup.html",
        {
            "period": period,
            "node": node,
            "items": items,
            "children": children,
            "counts": selectors.status_counts(items),
            "breadcrumbs": [
                a for a in node.ancestors() if access.monitoring_nodes(request.user).filter(pk=a.pk).exists()
            ],
        },
    )


@login_required
def school_realization_view(request, period_pk: int, node_pk: int):
    """Schools ranked by the share of their applicable targets on track (for AR-GE)."""
    period = access.period_for(request.user, period_pk)
    node = get_object_or_404(access.monitoring_nodes(request.user), pk=node_pk)
    return render(
        request,
        "monitoring/school_realization.html",
        {"period": period, "node": node, "ranking": selectors.school_realization(period, node)},
    )


@login_required
def deviation_list(request, period_pk: int):
    """Deviations of a period, and open corrective actions carried from earlier periods."""
    period = access.period_for(request.user, period_pk)
    deviations = Deviation.objects.filter(period=period).select_related(
        "row__indicator", "unit", "explained_by"
    )
    carried = (
        Deviation.objects.filter(
            period__plan=period.plan, action_state=Deviation.ActionState.OPEN, state=Deviation.State.EXPLAINED
        )
        .exclude(period=period)
        .select_related("row__indicator", "unit", "period")
    )
    carried = [d for d in carried if (d.period.year, d.period.half) < (period.year, period.half)]
    return render(
        request,
        "monitoring/deviation_list.html",
        {
            "period": period,
            "top": _nav_top(request.user, period),
            "deviations": deviations,
            "carried": carried,
            "explainable": {d.pk for d in list(deviations) + carried if access.can_explain(request.user, d)},
        },
    )


@login_required
def deviation_explain(request, pk: int):
    """The responsible unit explains a deviation, or follows up its corrective action."""
    deviation = access.deviation_for(request.user, pk, action="explain")
    form = DeviationForm(request.POST or None, instance=Deviation.objects.get(pk=deviation.pk), prefix="d")
    follow = FollowUpForm(
        request.POST or None,
        prefix="f",
        initial={"done": deviation.action_state == "done", "note": deviation.follow_up},
    )
    if request.method == "POST":
        try:
            if "follow_up" in request.POST and follow.is_valid():
                services.deviation_follow_up(by=request.user, deviation=deviation, **follow.cleaned_data)
            elif "follow_up" not in request.POST and form.is_valid():
                services.deviation_explain(by=request.user, deviation=deviation, **form.cleaned_data)
            else:
                raise ValidationError(_("Correct the marked fields."))
        except ValidationError as error:
            attach_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("monitoring:deviation-list", period_pk=deviation.period_id)
    return render(
        request, "monitoring/deviation_form.html", {"deviation": deviation, "form": form, "follow": follow}
    )


@login_required
def measure_list(request, period_pk: int):
    """Every measure's progress in the period; overdue ones flagged."""
    period = access.period_for(request.user, period_pk)
    measures = period.plan.measures.select_related("target").prefetch_related("unit_links__unit")
    progress = {p.measure_id: p for p in MeasureProgress.objects.filter(period=period)}
    overdue = {m.pk for m in selectors.overdue_measures(period)}
    rows = [
        {
            "measure": m,
            "progress": progress.get(m.pk),
            "overdue": m.pk in overdue,
            "can_report": access.can_report_measure(request.user, m),
        }
        for m in measures
    ]
    return render(
        request,
        "monitoring/measure_list.html",
        {"period": period, "top": _nav_top(request.user, period), "rows": rows},
    )


@login_required
def measure_progress_edit(request, period_pk: int, measure_pk: int):
    """A responsible unit reports a measure's progress."""
    period = access.period_for(request.user, period_pk)
    measure = get_object_or_404(
        Measure.objects.filter(plan=period.plan).prefetch_related("unit_links"), pk=measure_pk
    )
    if not access.can_report_measure(request.user, measure):
        raise Http404
    instance = MeasureProgress.objects.filter(period=period, measure=measure).first()
    form = MeasureProgressForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_progress_save(
                by=request.user,
                period=period,
                measure=measure,
                status=data["status"],
                percent=data["percent"],
                note=data["note"],
                evidence=request.FILES.get("evidence"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress was saved."))
            return redirect("monitoring:measure-list", period_pk=period.pk)
    return render(
        request,
        "monitoring/measure_form.html",
        {"period": period, "measure": measure, "form": form, "progress": instance},
    )


@login_required
def measure_evidence(request, pk: int):
    """Download a measure's evidence file (only for those who may read the period)."""
    from izlem.core.files import protected_file_response

    progress = get_object_or_404(MeasureProgress, pk=pk)
    access.period_for(request.user, progress.period_id)
    return protected_file_response(progress.evidence)
