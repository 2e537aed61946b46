"""Harezmi access: the supervisors and the strategy office, and the districts' letters to the province
(the table: `izlem.harezmi.access`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.harezmi.access.program import _harezmi_nodes_of_kind
from izlem.org.models import OrgNode, Role
from izlem.org.scope import is_sysadmin

# The Harezmi supervisor (İl/İlçe MEM müdür yardımcısı or şube müdürü responsible for Harezmi) and the İl
# Strateji Geliştirme Şube Müdürlüğü read their subtree's Harezmi records (HAREZMI_READ_ROLES). The
# districts' letters to the province — district coordinators' start letters and teacher-departure letters
# (seed §2) — wait in the province's letter inbox: the strategy office (their addressee) reads them and
# records that the İl MEM evaluated each one (seed §1); the province's supervisor reads the inbox too.
HAREZMI_LETTER_EVALUATING_ROLES = frozenset({Role.STRATEGY_OFFICE})
HAREZMI_LETTER_READING_ROLES = frozenset({Role.STRATEGY_OFFICE, Role.HAREZMI_SUPERVISOR})


def harezmi_letter_provinces(user, *, action: str = "view") -> QuerySet[OrgNode]:
    """Provinces whose letter inbox the user reads ("view") or whose letters they evaluate ("evaluate")."""
    if action not in ("view", "evaluate"):
        raise Http404
    if is_sysadmin(user):
        return OrgNode.objects.provinces()
    roles = HAREZMI_LETTER_EVALUATING_ROLES if action == "evaluate" else HAREZMI_LETTER_READING_ROLES
    nodes = _harezmi_nodes_of_kind(user, roles, OrgNode.Kind.PROVINCE)
    return OrgNode.objects.filter(pk__in=[node.pk for node in nodes])


def harezmi_has_letter_inbox(user) -> bool:
    """True if the user reads a province's letter inbox (no query: cached roles)."""
    return is_sysadmin(user) or bool(
        _harezmi_nodes_of_kind(user, HAREZMI_LETTER_READING_ROLES, OrgNode.Kind.PROVINCE)
    )


def harezmi_keeps_letter_inbox(user) -> bool:
    """True if the user is a province's strategy office, the letters' addressee (no query: cached roles)."""
    return bool(_harezmi_nodes_of_kind(user, HAREZMI_LETTER_EVALUATING_ROLES, OrgNode.Kind.PROVINCE))


def harezmi_letters_visible(user, *, action: str = "view"):
    """Letters to the province in the provinces whose inbox the user reads (or, "evaluate", evaluates)."""
    from izlem.harezmi.models import OfficialDocument

    if action not in ("view", "evaluate"):
        raise Http404
    letters = OfficialDocument.objects.letters_to_province()
    if is_sysadmin(user):
        return letters
    provinces = list(harezmi_letter_provinces(user, action=action))
    if not provinces:
        return letters.none()
    condition = Q()
    for province in provinces:
        condition |= Q(node__path__startswith=province.path)
    return letters.filter(condition)


def harezmi_letter_for(user, pk: int, *, action: str = "view"):
    """Return a letter to the province the user may `action` ("view" or "evaluate"), else Http404."""
    return get_object_or_404(harezmi_letters_visible(user, action=action).select_related("node"), pk=pk)
