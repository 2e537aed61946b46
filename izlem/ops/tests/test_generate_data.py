"""`izlem generate_data` at a tiny size: everything it promises is there, and the same seed gives the same data."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F

from izlem.harezmi.models import Application, ProgramYear, Student, TeacherAssignment, Team
from izlem.monitoring.models import Period, Submission, Value
from izlem.ops.datagen.sizes import _allocate
from izlem.org.models import OrgNode, RoleAssignment


def _digest() -> str:
    """The generated data, independent of database ids."""
    rows = Value.objects.order_by(
        "entity__code", "row__indicator__code", "row__breakdown", "period__year", "period__half"
    )
    text = "\n".join(
        f"{e}|{i}|{b}|{y}{h}|{v}|{n}|{d}|{s}"
        for e, i, b, y, h, v, n, d, s in rows.values_list(
            "entity__code",
            "row__indicator__code",
            "row__breakdown",
            "period__year",
            "period__half",
            "value",
            "numerator",
            "denominator",
            "submission__state",
        )
    )
    nodes = "\n".join(
        f"{c}|{n}|{p}"
        for c, n, p in OrgNode.objects.order_by("code").values_list("code", "name", "student_count")
    )
    return hashlib.sha256((text + nodes).encode()).hexdigest()


@pytest.mark.django_db
def test_generate_tiny_tier_twice_gives_the_same_complete_data():
    digests = []
    for _run in range(2):
        with transaction.atomic():
            out = io.StringIO()
            call_command("generate_data", tier="tiny", seed=7, stdout=out)
            assert "done in" in out.getvalue()
            schools = OrgNode.objects.filter(kind="school")
            assert schools.count() == 12 and OrgNode.objects.filter(kind="district").count() == 2
            # materialised paths were known before the insert: each is the parent's path plus the id
            for school in schools.select_related("parent"):
                assert school.path == f"{school.parent.path}{school.pk}/"
            assert Period.objects.count() == 2
            assert Period.objects.filter(state="open").count() == 1
            assert Value.objects.exists()
            assert not Value.objects.exclude(entity__kind__in=["school", "province"]).exists()
            # a value belongs to its entity's submission of its period
            assert not Value.objects.exclude(submission__entity=F("entity")).exists()
            assert RoleAssignment.objects.filter(role="principal").count() == 12
            assert ProgramYear.objects.count() == 1
            assert Application.objects.exists() and Team.objects.exists()
            assert TeacherAssignment.objects.count() == 3 * Team.objects.count()
            assert Student.objects.count() >= 10 * Team.objects.count()
            assert Submission.objects.filter(period__state="closed", state="approved").exists()
            digests.append(_digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1]


@pytest.mark.django_db
def test_generate_refuses_a_database_with_schools(world):
    with pytest.raises(CommandError):
        call_command("generate_data", tier="tiny", stdout=io.StringIO())


def test_allocate_splits_exactly_with_a_minimum():
    parts = _allocate(922, [1.0, 5.0, 2.5] * 27, minimum=3)
    assert sum(parts) == 922 and min(parts) >= 3
