"""A scope world for the security tests: the test world (tests.support.world) with one object of every
protected type at several places of the tree, and the position of each place relative to a user.

Objects are anchored at a node (a plan at its owner, a submission at its entity, a team at its school …);
`position(user, node)` says whether that node is the user's own, a child, a parent, a sibling (same
province, not above or below) or in another province. The matrix picks one object per position.
The objects of each domain are made by world_monitoring.py, world_harezmi.py and world_harezmi_records.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from izlem.org.models import OrgNode, Role
from tests.support.world import World, build_world, make_user

DAY = dt.timedelta(days=1)
POSITIONS = ("own", "child", "sibling", "parent", "other")


def pdf_upload(name: str = "belge.pdf") -> SimpleUploadedFile:
    """A small valid PDF upload."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def home_node(user) -> OrgNode | None:
    """The node where the user holds their (first) role."""
    assignment = user.assignments.order_by("pk").select_related("node").first()
    return assignment.node if assignment else None


def province_of(node: OrgNode) -> int | None:
    """Id of the province at or above `node` (None for the ministry)."""
    parts = [int(p) for p in node.path.strip("/").split("/") if p]
    return parts[1] if len(parts) > 1 else None


def position(user_node: OrgNode | None, node: OrgNode) -> str | None:
    """Where `node` lies seen from `user_node`: own, child, parent, sibling (same province) or other."""
    if user_node is None:
        return "other"
    if node.pk == user_node.pk:
        return "own"
    if node.path.startswith(user_node.path):
        return "child"
    if user_node.path.startswith(node.path):
        return "parent"
    if province_of(node) is not None and province_of(node) == province_of(user_node):
        return "sibling"
    return "other"


@dataclass
class ScopeWorld:
    """The world plus, per object type, a list of (anchor node, object)."""

    world: World
    objects: dict[str, list[tuple[OrgNode, object]]] = field(default_factory=dict)
    periods: dict[int, object] = field(default_factory=dict)  # province id → open period of its plan
    rows: dict[int, object] = field(default_factory=dict)  # plan id → a school-level row (count)
    secrets: dict[str, str] = field(default_factory=dict)  # username → API token secret

    def add(self, kind: str, anchor: OrgNode, obj) -> None:
        self.objects.setdefault(kind, []).append((anchor, obj))

    def pick(self, kind: str, user) -> list[tuple[str, object]]:
        """One object of `kind` per position relative to the user (own, child, sibling, parent, other)."""
        user_node = home_node(user)
        chosen: dict[str, object] = {}
        for anchor, obj in self.objects.get(kind, []):
            where = position(user_node, anchor)
            if where is not None and where not in chosen:
                chosen[where] = obj
        return [(where, chosen[where]) for where in POSITIONS if where in chosen]


def build_scope_world() -> ScopeWorld:
    """Create the scope world in the database (call inside a transaction that is rolled back)."""
    from tests.security.world_harezmi import add_harezmi
    from tests.security.world_harezmi_records import add_harezmi_duties
    from tests.security.world_monitoring import add_monitoring

    sw = ScopeWorld(build_world())
    w = sw.world
    # the one role the shared world has no user for (added here only, so other tests are unchanged)
    w.users["assistant"] = make_user("assistant", Role.PROVINCE_COORDINATOR_ASSISTANT, w.province)
    # issue 19's roles: a district's Harezmi supervisor and the province's strategy office
    w.users["supervisor"] = make_user("supervisor", Role.HAREZMI_SUPERVISOR, w.district_a)
    w.users["strategy_office"] = make_user("strategy_office", Role.STRATEGY_OFFICE, w.province)
    for node in (
        w.ministry,
        w.province,
        w.district_a,
        w.district_b,
        w.school_a1,
        w.school_a2,
        w.school_b1,
        w.other_province,
        w.other_district,
        w.other_school,
    ):
        sw.add("node", node, node)
    add_monitoring(sw)
    add_harezmi(sw)
    add_harezmi_duties(sw)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from izlem.api import services as api_services

    for username, user in w.users.items():
        token, secret = api_services.token_create(user=user, name="matrix")
        sw.secrets[username] = secret
        node = home_node(user)
        if node is None:
            continue
        sw.add("user", node, user)
        sw.add("assignment", node, user.assignments.order_by("pk").first())
        sw.add("token", node, token)
        sw.add("totp-device", node, TOTPDevice.objects.create(user=user, name="matrix", confirmed=True))
    return sw


def module_scope_world(django_db_blocker):
    """Generator for a module-scoped fixture: build the scope world once, roll it back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_scope_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
