"""Reports: who may read, publish and record them, and the report jobs each person reads.

Reports are read by those who read monitoring data at the report's node; a top manager at the node
(or above) publishes an approved report — one whose period is closed — and may revoke it; published
reports are read by anyone holding a role at, above or below their node (stakeholders included),
and by anyone with the link.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from izlem.harezmi.access import HAREZMI_MINISTRY_REPORT_ROLES, harezmi_ministry_report_nodes
from izlem.monitoring.access import (
    can_edit_meeting,  # noqa: F401  (monitoring's rule: it writes the meeting)
    monitoring_nodes,
    periods_visible,
)
from izlem.org.models import OrgNode, Role
from izlem.org.scope import active_assignments, is_sysadmin, nodes_where


def report_node_for(user, pk: int) -> OrgNode:
    """A node whose reports the user may read, else Http404."""
    return get_object_or_404(monitoring_nodes(user), pk=pk)


def report_job_for(user, pk: int):
    """A report job the user may read, else Http404."""
    from izlem.reports.models import ReportJob

    return get_object_or_404(
        ReportJob.objects.filter(
            node__in=monitoring_nodes(user), period__in=periods_visible(user)
        ).select_related("period__plan", "node"),
        pk=pk,
    )


def can_publish(user, node: OrgNode) -> bool:
    """True for a top manager at the node or above (and system administrators)."""
    if is_sysadmin(user):
        return True
    return any(a.role == Role.TOP_MANAGER and node.is_within(a.node) for a in active_assignments(user))


def publications_visible(user):
    """Active publications at, above or below the nodes where the user holds any role."""
    from izlem.reports.models import Publication

    active = Publication.objects.filter(revoked_at__isnull=True).select_related("node")
    if is_sysadmin(user):
        return active
    condition = Q(pk__in=[])
    for assignment in active_assignments(user):
        condition |= Q(node__path__startswith=assignment.node.path)
        condition |= Q(node_id__in=[int(part) for part in assignment.node.path.strip("/").split("/")])
    return active.filter(condition)


def report_jobs_visible(user):
    """Report generation jobs of the nodes and periods whose monitoring data the user reads."""
    from izlem.reports.models import ReportJob

    return ReportJob.objects.filter(node__in=monitoring_nodes(user), period__in=periods_visible(user))


# --- Harezmi's Ministry report jobs (the nodes: `harezmi_ministry_report_nodes`) ---
def harezmi_ministry_job_for(user, pk: int):
    """A Ministry report job the user may read, else Http404."""
    from izlem.reports.models import ReportJob

    job = get_object_or_404(
        ReportJob.objects.filter(kind=ReportJob.Kind.MINISTRY).select_related(
            "program_year__province", "node"
        ),
        pk=pk,
    )
    if not harezmi_ministry_report_nodes(user, job.program_year).filter(pk=job.node_id).exists():
        raise Http404
    return job


def harezmi_ministry_jobs_visible(user):
    """Ministry report jobs the user may read: those whose node is among `harezmi_ministry_report_nodes`
    for the job's program year (the same rule as `harezmi_ministry_job_for`, as one query for lists)."""
    from izlem.reports.models import ReportJob

    levels = OrgNode.objects.filter(kind__in=[OrgNode.Kind.PROVINCE, OrgNode.Kind.DISTRICT])
    if not is_sysadmin(user):
        levels = levels.filter(
            pk__in=OrgNode.objects.subtree_of(*nodes_where(user, HAREZMI_MINISTRY_REPORT_ROLES))
        )
    return ReportJob.objects.filter(
        kind=ReportJob.Kind.MINISTRY,
        node__in=levels,
        node__path__startswith=F("program_year__province__path"),
    )
