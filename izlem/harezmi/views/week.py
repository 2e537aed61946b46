"""The district week: load per weekday, coordinators' days, warnings, and the balancing proposal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from izlem.core.collation import turkish
from izlem.harezmi import access, balancing, selectors, services
from izlem.harezmi.models import Weekday
from izlem.harezmi.views.common import year_from
from izlem.org.models import OrgNode


@login_required
def week_index(request):
    """Choose a district (or go straight to the only one)."""
    year = year_from(request)
    districts = OrgNode.objects.districts().filter(
        pk__in=access.harezmi_view_nodes(request.user), parent=year.province
    )
    districts = districts.order_by(turkish("name"))
    if not districts.exists():
        raise Http404
    if districts.count() == 1:
        return redirect(f"{reverse('harezmi:district-week', args=[districts.first().pk])}?year={year.pk}")
    return render(request, "harezmi/week_index.html", {"year": year, "districts": districts})


def _week_context(request, district: OrgNode) -> dict:
    year = year_from(request)
    if district.parent_id != year.province_id:
        raise Http404
    week = selectors.district_week(year, district)
    return {"year": year, "district": district, "week": week}


@login_required
def district_week(request, pk: int):
    """The district's application sessions per weekday, per coordinator, with the problems found."""
    district = access.harezmi_week_district_for(request.user, pk)
    context = _week_context(request, district)
    week = context["week"]
    context |= {
        "days": week.by_day(),
        "coordinator_rows": week.coordinator_rows(),
        "day_labels": [Weekday(day).label for day in balancing.DAYS],
        "problems": week.problems(),
        "double_bookings": [
            b
            for b in selectors.double_bookings(week.program_year)
            if district.pk in (b.first.school.parent_id, b.second.school.parent_id)
        ],
        "can_balance": access.harezmi_district_nodes(request.user).filter(pk=district.pk).exists(),
    }
    return render(request, "harezmi/district_week.html", context)


@login_required
def week_proposal(request, pk: int):
    """The balanced week proposed for the district (an htmx fragment, or a whole page without htmx)."""
    district = access.harezmi_week_district_for(request.user, pk, action="balance")
    context = _week_context(request, district)
    week = context["week"]
    proposal = selectors.district_proposal(week)
    schedule = {}
    for move in proposal.moves:
        for team in week.teams_of[move.key]:
            schedule[team.pk] = (move.to_day, team.first_lesson)
    before = {b for b in selectors.double_bookings(week.program_year)}
    after = [b for b in selectors.double_bookings(week.program_year, schedule=schedule) if b not in before]
    context |= {
        "proposal": proposal,
        "day_rows": [
            {
                "label": Weekday(day).label,
                "before": proposal.loads_before[day],
                "after": proposal.loads_after.get(day, 0),
            }
            for day in balancing.DAYS
        ],
        "moves": [
            {
                "move": move,
                "from": Weekday(move.from_day).label if move.from_day else "—",
                "to": Weekday(move.to_day).label,
                "teams": week.teams_of[move.key],
            }
            for move in proposal.moves
        ],
        "new_double_bookings": after,
    }
    template = "harezmi/_week_proposal.html" if request.htmx else "harezmi/week_proposal.html"
    return render(request, template, context)


@login_required
@require_POST
def week_apply(request, pk: int):
    """Apply the proposal: the chosen moves, or all of them."""
    district = access.harezmi_week_district_for(request.user, pk, action="balance")
    year = year_from(request)
    keys = None if request.POST.get("all") == "1" else request.POST.getlist("move")
    try:
        changes = services.balancing_apply(by=request.user, program_year=year, district=district, keys=keys)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)d team(s) got a new application day; the schools and parents were told.")
            % {"count": len(changes)},
        )
    return redirect(f"{reverse('harezmi:district-week', args=[district.pk])}?year={year.pk}")
