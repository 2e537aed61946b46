"""Pages, PDFs and workbooks of the indicator card, the scorecards and the role dashboard.

Views parse the request, fetch every object through `izlem.reports.access` (a node or period outside the
user's scope is answered like a missing one, 404), call a builder and render.
"""

from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from izlem.core.downloads import DownloadName, attach
from izlem.core.formats import format_date
from izlem.core.pdf import render_pdf
from izlem.monitoring import access as monitoring_access
from izlem.monitoring.models import Period
from izlem.org.models import OrgNode
from izlem.plans import access as plans_access
from izlem.plans.models import Indicator
from izlem.reports import access, cards, charts, dashboard_exports, dashboards, scorecards

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, content_type: str, name: DownloadName) -> HttpResponse:
    return attach(HttpResponse(content, content_type=content_type), name)


def _int(request, name: str) -> int | None:
    """A query parameter as a positive integer; a malformed one is a missing page (404)."""
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise Http404
    return int(text)


def _node_in_plan(user, pk: int | None, plan) -> OrgNode:
    """The node `pk` inside the user's monitoring scope and the plan's organisation, or the user's top node."""
    if pk is None:
        node = dashboards.monitoring_top(user, plan)
        if node is None:
            raise Http404
        return node
    node = access.report_node_for(user, pk)
    if plan.owner is None or not node.is_within(plan.owner):
        raise Http404
    return node


def _period_of_plan(user, pk: int | None, plan) -> Period | None:
    """A period of `plan` the user may read (None if not asked for)."""
    if pk is None:
        return None
    period = monitoring_access.period_for(user, pk)
    if period.plan_id != plan.pk:
        raise Http404
    return period


# --- indicator card ----------------------------------------------------------------------------------
def _card(request, pk: int) -> cards.IndicatorCard:
    if not monitoring_access.can_use_monitoring(request.user):
        raise Http404
    allowed = plans_access.plan_part_for(request.user, Indicator, pk)
    indicator = Indicator.objects.select_related("plan__owner", "target__goal", "responsible_unit").get(
        pk=allowed.pk
    )
    node = _node_in_plan(request.user, _int(request, "node"), indicator.plan)
    period = _period_of_plan(request.user, _int(request, "period"), indicator.plan)
    return cards.indicator_card(indicator=indicator, node=node, period=period)


def _card_context(request, card: cards.IndicatorCard) -> dict:
    scope = monitoring_access.monitoring_nodes(request.user).filter(
        path__startswith=card.indicator.plan.owner.path,
        kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT],
    )
    return {
        "card": card,
        "indicator": card.indicator,
        "node_choices": list(scope.order_by("path")),
        "query": request.GET.urlencode(),
        "generated_on": format_date(timezone.localdate()),
    }


@login_required
@require_GET
def indicator_card(request, pk: int):
    """The indicator card: definition, full history and chart at a node, breakdown of one period."""
    card = _card(request, pk)
    context = _card_context(request, card)
    cards.attach_trends(card)
    return render(request, "reports/cards/indicator_card.html", context)


@login_required
@require_GET
def indicator_card_pdf(request, pk: int):
    """The indicator card as a print-ready A4 PDF."""
    started = time.monotonic()
    card = _card(request, pk)
    context = _card_context(request, card)
    cards.attach_trends(card)
    context["title"] = _("Indicator card %(code)s") % {"code": card.indicator.code}
    pdf = render_pdf("reports/pdf/card.html", context)
    response = _file(pdf, "application/pdf", cards.card_filename(card, "pdf"))
    response["Server-Timing"] = f"render;dur={(time.monotonic() - started) * 1000:.0f}"
    return response


@login_required
@require_GET
def indicator_card_xlsx(request, pk: int):
    """The indicator card as an XLSX workbook with real numbers."""
    card = _card(request, pk)
    return _file(cards.card_xlsx(card), XLSX_TYPE, cards.card_filename(card, "xlsx"))


# --- scorecard -----------------------------------------------------------------------------------------
def _scorecard(request, period_pk: int, node_pk: int) -> scorecards.Scorecard:
    period = monitoring_access.period_for(request.user, period_pk)
    node = _node_in_plan(request.user, node_pk, period.plan)
    if node.kind not in (OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT):
        raise Http404
    district = None
    district_pk = _int(request, "district")
    if district_pk is not None:
        district = OrgNode.objects.filter(pk=district_pk, parent=node, kind=OrgNode.Kind.DISTRICT).first()
        if district is None:
            raise Http404
    school_type = request.GET.get("type", "")
    if school_type and school_type not in OrgNode.SchoolType.values:
        school_type = ""
    setting = request.GET.get("setting", "")
    if setting and setting not in OrgNode.Setting.values:
        setting = ""
    return scorecards.scorecard(
        period=period,
        node=node,
        sort=request.GET.get("sort", ""),
        district=district,
        school_type=school_type,
        setting=setting,
    )


DESCENDING_FIRST = {"share", "on_track", "applicable", "reported", "days_late"}


def _sort_links(request, current: str) -> dict[str, dict]:
    """For every sortable column: the link that sorts by it (again: the other way) and its aria-sort."""
    links = {}
    name, descending = current.lstrip("-"), current.startswith("-")
    for key in scorecards.SCHOOL_SORTS:
        if key == name:
            wanted, aria = (key if descending else f"-{key}"), ("descending" if descending else "ascending")
        else:
            wanted, aria = (f"-{key}" if key in DESCENDING_FIRST else key), ""
        params = request.GET.copy()
        params["sort"] = wanted
        links[key] = {"url": "?" + params.urlencode(), "aria": aria}
    return links


def _scorecard_context(request, card: scorecards.Scorecard) -> dict:
    params = request.GET.copy()
    params.pop("sort", None)
    return {
        "sc": card,
        "sorts": _sort_links(request, card.sort),
        "timeliness_labels": scorecards.timeliness_labels(),
        "period": card.period,
        "node": card.node,
        "filter_query": params.urlencode(),
        "query": request.GET.urlencode(),
        "settings": OrgNode.Setting.choices,
        "periods": list(
            monitoring_access.periods_visible(request.user)
            .filter(plan=card.period.plan)
            .exclude(state=Period.State.PLANNED)
            .order_by("year", "half")
        ),
        "generated_on": format_date(timezone.localdate()),
    }


@login_required
@require_GET
def scorecard(request, period_pk: int, node_pk: int):
    """Schools (and districts) ranked by their share of targets on track, with submission timeliness."""
    card = _scorecard(request, period_pk, node_pk)
    return render(request, "reports/cards/scorecard.html", _scorecard_context(request, card))


@login_required
@require_GET
def scorecard_pdf(request, period_pk: int, node_pk: int):
    """The scorecard (as filtered and sorted) as a print-ready A4 PDF."""
    card = _scorecard(request, period_pk, node_pk)
    context = _scorecard_context(request, card)
    context["title"] = _("Scorecard")
    return _file(
        render_pdf("reports/pdf/scorecard.html", context),
        "application/pdf",
        scorecards.scorecard_filename(card, "pdf"),
    )


@login_required
@require_GET
def scorecard_xlsx(request, period_pk: int, node_pk: int):
    """The scorecard (as filtered and sorted) as an XLSX workbook."""
    card = _scorecard(request, period_pk, node_pk)
    return _file(scorecards.scorecard_xlsx(card), XLSX_TYPE, scorecards.scorecard_filename(card, "xlsx"))


# --- dashboard -----------------------------------------------------------------------------------------
def _dashboard(request) -> dashboards.Dashboard:
    dashboard = dashboards.dashboard_for(request.user).get("dashboard")
    if dashboard is None:
        raise Http404
    return dashboard


@login_required
@require_GET
def dashboard_pdf(request):
    """The user's dashboard (the home page's) as a print-ready A4 PDF."""
    dashboard = _dashboard(request)
    context = {
        "dashboard": dashboard,
        "title": _("Dashboard"),
        "status_labels": charts.status_labels(),
        "chart_images": dashboard_exports.dashboard_chart_images(dashboard),
        "generated_on": format_date(timezone.localdate()),
    }
    return _file(
        render_pdf("reports/dashboard_pdf.html", context),
        "application/pdf",
        dashboard_exports.dashboard_filename(dashboard, "pdf"),
    )


@login_required
@require_GET
def dashboard_xlsx(request):
    """The user's dashboard as an XLSX workbook."""
    dashboard = _dashboard(request)
    return _file(
        dashboard_exports.dashboard_xlsx(dashboard),
        XLSX_TYPE,
        dashboard_exports.dashboard_filename(dashboard, "xlsx"),
    )


@require_GET
def chart_css(request):
    """The stylesheet of the status charts (the CSP forbids the inline <style> pygal would embed)."""
    response = HttpResponse(charts.chart_css(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
