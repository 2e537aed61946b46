"""Monitoring pages: the entry grid of an entity in a period and saving one line of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.formats import NumberFormatError, format_decimal, parse_decimal
from izlem.monitoring import access
from izlem.monitoring.computed import computed_refresh
from izlem.monitoring.forms import (
    ReturnForm,
)
from izlem.monitoring.models import Period, Submission, Value
from izlem.monitoring.selectors.evaluation import row_plans
from izlem.monitoring.selectors.owed import rows_owed, suggested_denominator
from izlem.monitoring.services import entry as entry_services
from izlem.monitoring.views.common import _errors
from izlem.org.models import OrgNode
from izlem.plans.models import IndicatorRow
from izlem.plans.record_sources import source_for

# --- entry -------------------------------------------------------------------------------------------
FIELDS = ("value", "numerator", "denominator")


def _line_state(value: Value | None, result: entry_services.SaveResult | None, pending: bool = False) -> str:
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
    results: dict[int, entry_services.SaveResult] | None = None,
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
    plans = row_plans(rows, period.plan)
    editable = (
        submission is not None and submission.is_editable if submission else period.state == Period.State.OPEN
    )
    sources = {row.pk: source_for(row.indicator) for row in rows}
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
            suggested_denominator(row, entity)
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
    rows = rows_owed(period=period, entity=entity)
    if access.can_enter(user, entity):  # a unit collects only its own rows of the province's
        rows = [row for row in rows if access.can_enter_row(user, entity, row)]
    return rows


def _entry_render(
    request, period: Period, entity: OrgNode, submission, *, posted=None, results=None, pending=frozenset()
):
    """The entry page (also again after a refused save of the grid, with what was typed)."""
    rows = _entry_rows(request.user, period, entity)
    computed_refresh(period=period, entities=[entity], rows=rows)  # no query when nothing is bound
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
        submission = entry_services.submission_get_or_create(period=period, entity=entity)
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


def _line_input(typed: dict, entity: OrgNode, row: IndicatorRow) -> entry_services.ValueInput:
    """The typed line as a service input; raises NumberFormatError or ValueError for what is not a number."""
    return entry_services.ValueInput(
        entity=entity,
        row=row,
        note=typed["note"],
        confirm_outlier=typed["confirm"],
        expected_version=int(typed["version"] or 0),
        **{name: parse_decimal(typed[name]) for name in FIELDS},
    )


def _line_changed(item: entry_services.ValueInput, stored: Value | None, suggested: int | None) -> bool:
    """Whether a typed line differs from what is stored (only the changed lines are saved by the grid)."""
    numbers = (item.value, item.numerator, item.denominator)
    if stored is None:
        # an untouched line: empty, or only the denominator suggested from the school's attributes
        return not (
            all(n is None for n in numbers) or numbers == (None, None, suggested) and suggested is not None
        ) or bool(item.note.strip())
    return not entry_services.same_numbers(stored, item.row, *numbers) or stored.note != item.note.strip()


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
    submission = entry_services.submission_get_or_create(period=period, entity=entity)
    typed = _posted_line(request.POST, row, plain=True)
    try:
        item = _line_input(typed, entity, row)
    except (NumberFormatError, ValueError):
        result = entry_services.SaveResult(None, [_("Enter a number, e.g. 52,75.")])
    else:
        try:
            result = entry_services.value_input_save(by=request.user, submission=submission, item=item)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            result = entry_services.SaveResult(None, _errors(error))
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
