"""Template helpers of the Harezmi pages: the section menu and small display filters."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from izlem.harezmi import access
from izlem.harezmi.models import Weekday

register = template.Library()


@register.inclusion_tag("harezmi/_menu.html", takes_context=True)
def harezmi_menu(context, year=None):
    """The Harezmi section menu for the signed-in user (only the pages their roles use)."""
    request = context["request"]
    user = request.user
    manager = access.harezmi_reads_as_manager(user)
    query = f"?year={year.pk}" if year else ""
    items = [(_("Overview"), reverse("harezmi:home") + query)]
    if manager:
        items.append((_("Applications"), reverse("harezmi:application-list") + query))
        items.append((_("Coordinators"), reverse("harezmi:appointment-list") + query))
    items.append((_("Teams") if manager else _("My teams"), reverse("harezmi:team-list") + query))
    items.append((pgettext("harezmi", "Students"), reverse("harezmi:student-list") + query))
    items.append((_("Meetings"), reverse("harezmi:program-meeting-list") + query))
    items.append((_("Parent meetings"), reverse("harezmi:meeting-list") + query))
    if manager:
        items.append((_("Staff changes"), reverse("harezmi:staff-ledger") + query))
    if access.harezmi_has_letter_inbox(user):
        items.append((_("Letters to the province"), reverse("harezmi:letter-inbox") + query))
    if year and access.harezmi_view_nodes(user).filter(kind="district", parent=year.province_id).exists():
        items.append((_("Weekly schedule"), reverse("harezmi:week") + query))
    items.append((_("Sessions"), reverse("harezmi:session-index") + query))
    items.append((_("Absences"), reverse("harezmi:absence-list") + query))
    if access.harezmi_has_visit_list(user):
        items.append((_("Field visits"), reverse("harezmi:visit-list") + query))
    items.append((_("Trainings"), reverse("harezmi:training-list") + query))
    if manager:
        items.append((_("Material support"), reverse("harezmi:material-list") + query))
        items.append((_("Projects and awards"), reverse("harezmi:project-list") + query))
        items.append((_("Cooperations"), reverse("harezmi:cooperation-list") + query))
        items.append((_("Research and reports"), reverse("harezmi:report-list") + query))
    else:
        items.append((_("Awards"), reverse("harezmi:award-list") + query))
    items.append((_("Announcements"), reverse("harezmi:announcement-list") + query))
    if access.harezmi_has_task_list(user):
        items.append((_("Tasks"), reverse("harezmi:task-list") + query))
    if manager:
        items.append((_("Statistics"), reverse("harezmi:statistics") + query))
    if year:
        items.append((_("Calendar"), reverse("harezmi:year-calendar", args=[year.pk])))
    entries = [
        {"label": label, "url": url, "active": url.split("?")[0] == request.path} for label, url in items
    ]
    return {"items": entries, "year": year}


@register.filter
def weekday_name(value):
    """The weekday's name (1 = Monday)."""
    try:
        return Weekday(int(value)).label
    except (TypeError, ValueError):
        return ""


@register.filter
def lessons(first):
    """ "lessons 5–8" for a block starting at `first`."""
    if not first:
        return ""
    return _("lessons %(first)d–%(last)d") % {"first": first, "last": int(first) + 3}


@register.filter
def figure_unit(name):
    """The unit of a statistics figure by its key (`izlem.harezmi.figures.figure_unit`)."""
    from izlem.harezmi.figures import figure_unit as unit_of

    return unit_of(str(name))
