"""Rules of the authorization matrix beyond "who may open which URL": separation of duties and the fields of
an organisation unit (issue 16), the roles of the scope world, and how a denial is logged. The expected
answers come from the expected table (tests/security/expected/), not from izlem.org.access."""

from __future__ import annotations

from django.db import transaction

from izlem.org.models import Role
from tests.security import expected
from tests.security.matrix.runner import TALLY, fresh, request
from tests.support.security import USERNAMES

# Switching a unit on or off: the rule "org unit: switch off" of the expected table — a system administrator
# anywhere, a top manager or planning officer at the unit or above it. Everyone else who sees the unit gets
# 403 (the principal of the school included).


def test_node_switch_off_matrix(sw, clients, db):
    # given every user × a node at every position, asking the API to switch it off
    mismatches = []
    for username in USERNAMES:
        user = fresh(sw.world.users[username])
        for where, node in sw.pick("node", user):
            with transaction.atomic():
                r = clients[username][1].patch(
                    f"/api/v1/nodes/{node.pk}/", {"is_active": False}, format="json"
                )
                changed = type(node).objects.get(pk=node.pk).is_active is False
                transaction.set_rollback(True)
            # then: 404 if the node is not theirs to see, 200 (and switched off) if theirs to switch, else 403
            if not expected.reaches("org unit: view", username, where):
                code = 404
            else:
                code = 200 if expected.reaches("org unit: switch off", username, where) else 403
            if r.status_code != code or changed != (code == 200):
                mismatches.append(f"{username} {where} node {node.pk}: expected {code}, got {r.status_code}")
            TALLY["checks"] += 1
    assert not mismatches, "\n".join(mismatches)


def test_nobody_grants_a_role_to_themselves(sw, clients, db):
    # given every user, giving themselves each role at their own node and at the ministry
    from izlem.org.models import RoleAssignment

    granted = []
    for username in USERNAMES:
        user = fresh(sw.world.users[username])
        nodes = [n for n in (sw.world.ministry, *[a.node for a in user.assignments.all()]) if n is not None]
        for node in nodes:
            for role in Role:
                with transaction.atomic():
                    before = RoleAssignment.objects.count()
                    r = clients[username][1].post(
                        "/api/v1/role-assignments/",
                        {"user": user.pk, "role": role, "node": node.pk},
                        format="json",
                    )
                    created = RoleAssignment.objects.count() - before
                    transaction.set_rollback(True)
                # then never: a 201 or a new row
                if r.status_code == 201 or created:
                    granted.append(f"{username} gave themselves {role} at {node}: {r.status_code}")
                TALLY["checks"] += 1
    assert not granted, "\n".join(granted)


def test_roles_all_present(sw):
    # every role of the product has a user in the matrix
    roles = {a.role for name in USERNAMES for a in sw.world.users[name].assignments.all()}
    assert roles == set(Role), set(Role) - roles


def test_denials_are_logged_without_personal_data(sw, clients, db, caplog):
    # given a student of school A1 and the top manager of district B, who may not see it
    student = next(obj for anchor, obj in sw.objects["student"] if anchor == sw.world.school_a1)
    outsider = sw.world.outsider
    page, api = clients["outsider"]
    # when they ask for it through a page and through the API
    with caplog.at_level("WARNING", logger="izlem.access"):
        assert request(page, "GET", f"/harezmi/students/{student.pk}/?q=Ayşe", api=False).status_code == 404
        assert request(api, "GET", f"/api/v1/nodes/{sw.world.school_a1.pk}/", api=True).status_code == 404
        assert request(page, "GET", f"/org/nodes/{sw.world.school_a2.pk}/", api=False).status_code == 404
    # then each denial is one warning of izlem.access with the user id and path, no names or query
    records = [r for r in caplog.records if r.name == "izlem.access"]
    assert len(records) == 3
    text = " ".join(r.getMessage() for r in records)
    assert f"user={outsider.pk}" in text and f"/harezmi/students/{student.pk}/" in text
    assert "Ayşe" not in text and student.last_name not in text and "outsider" not in text
    # and an allowed page logs nothing
    caplog.clear()
    with caplog.at_level("WARNING", logger="izlem.access"):
        assert request(page, "GET", f"/org/nodes/{sw.world.school_b1.pk}/", api=False).status_code == 200
    assert not [r for r in caplog.records if r.name == "izlem.access"]
