"""The test world (a pytest plugin): two provinces, districts, schools and a user per role.

Erzincan (province) ── Merkez (district A) ── school A1 (ortaokul), school A2 (ilkokul)
                    └─ Tercan (district B) ── school B1
Kars (other province) ── Kars Merkez ── school K1
Each role has a user at the natural place; `outsider` is a top manager in district B.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from izlem.org.models import OrgNode, Role, Unit, User
from izlem.org.services import role_assign
from izlem.org.standard_units import STANDARD_UNITS

STANDARD_UNIT_CODES = [code for code, _name, _aliases in STANDARD_UNITS]

PASSWORD = "test-password-izlem-1"


@dataclass
class World:
    """Nodes and users of the test world, by name."""

    ministry: OrgNode
    province: OrgNode
    district_a: OrgNode
    district_b: OrgNode
    school_a1: OrgNode
    school_a2: OrgNode
    school_b1: OrgNode
    other_province: OrgNode
    other_district: OrgNode
    other_school: OrgNode
    users: dict[str, User]

    def __getattr__(self, name: str) -> User:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def make_user(
    username: str, role: str | None = None, node: OrgNode | None = None, unit: Unit | None = None, **extra
) -> User:
    """Create a user (with a known password) and, if given, one role."""
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        role_assign(by=None, user=user, role=role, node=node, unit=unit)
    return user


def ensure_standard_units() -> None:
    """The units the migrations create; a live-server (browser) test flushes them, so put them back."""
    for code, name, aliases in STANDARD_UNITS:
        # On the primary: a test of the read-replica router may still route plain reads elsewhere.
        Unit.objects.db_manager("default").get_or_create(
            code=code, defaults={"name": name, "aliases": "\n".join(aliases)}
        )


def build_world() -> World:
    """Create the world in the database."""
    ministry = OrgNode.objects.create(kind="ministry", code="MEB", name="Millî Eğitim Bakanlığı")
    province = OrgNode.objects.create(kind="province", code="24", name="Erzincan", parent=ministry)
    district_a = OrgNode.objects.create(kind="district", code="2401", name="Merkez", parent=province)
    district_b = OrgNode.objects.create(kind="district", code="2408", name="Tercan", parent=province)
    school_a1 = OrgNode.objects.create(
        kind="school",
        code="700001",
        name="Atatürk Ortaokulu",
        parent=district_a,
        school_type="ortaokul",
        level_middle=True,
        setting="urban",
        student_count=400,
    )
    school_a2 = OrgNode.objects.create(
        kind="school",
        code="700002",
        name="Gazi İlkokulu",
        parent=district_a,
        school_type="ilkokul",
        level_primary=True,
        setting="urban",
        student_count=300,
    )
    school_b1 = OrgNode.objects.create(
        kind="school",
        code="700003",
        name="Tercan Anadolu Lisesi",
        parent=district_b,
        school_type="genel_lise",
        level_secondary=True,
        setting="rural",
        student_count=250,
    )
    other_province = OrgNode.objects.create(kind="province", code="36", name="Kars", parent=ministry)
    other_district = OrgNode.objects.create(
        kind="district", code="3601", name="Kars Merkez", parent=other_province
    )
    other_school = OrgNode.objects.create(
        kind="school",
        code="800001",
        name="Kars Fen Lisesi",
        parent=other_district,
        school_type="genel_lise",
        level_secondary=True,
    )
    ensure_standard_units()
    temel = Unit.objects.get(code="temel-egitim")
    users = {
        "sysadmin": make_user("sysadmin", Role.SYSADMIN, ministry),
        "province_manager": make_user("province_manager", Role.TOP_MANAGER, province),
        "district_manager": make_user("district_manager", Role.TOP_MANAGER, district_a),
        "planning_officer": make_user("planning_officer", Role.PLANNING_OFFICER, province),
        "district_planner": make_user("district_planner", Role.PLANNING_OFFICER, district_a),
        "unit_manager": make_user("unit_manager", Role.UNIT_MANAGER, province, unit=temel),
        "province_coordinator": make_user("province_coordinator", Role.PROVINCE_COORDINATOR, province),
        "district_coordinator": make_user("district_coordinator", Role.DISTRICT_COORDINATOR, district_a),
        "principal": make_user("principal", Role.PRINCIPAL, school_a1),
        "teacher": make_user("teacher", Role.TEACHER, school_a1),
        "stakeholder": make_user("stakeholder", Role.STAKEHOLDER, province),
        "outsider": make_user("outsider", Role.TOP_MANAGER, district_b),
        "other_manager": make_user("other_manager", Role.TOP_MANAGER, other_province),
        "nobody": make_user("nobody"),
    }
    return World(
        ministry,
        province,
        district_a,
        district_b,
        school_a1,
        school_a2,
        school_b1,
        other_province,
        other_district,
        other_school,
        users,
    )


@pytest.fixture
def world(db) -> World:
    """A fresh test world for one test (inside the test's transaction)."""
    return build_world()


@pytest.fixture
def verified_client(client):
    """A test client whose `login_as(user)` also passes two-factor verification (for administrators)."""

    def login_as(user):
        from django_otp.plugins.otp_static.models import StaticDevice

        client.force_login(user)
        device, _created = StaticDevice.objects.get_or_create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    client.login_as = login_as
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: throttle and rate-limit counters of earlier tests in the same
    process (tests are spread over processes in any order) must not decide a later test's answer."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    default = caches[
        "default"
    ]  # the backend itself (`cache` is a proxy, which isinstance cannot see through)
    if isinstance(default, LocMemCache):  # never flush a shared cache (REDIS_URL set while testing)
        default.clear()
    yield


@pytest.fixture(autouse=True)
def standard_units_present(request):
    """A test that uses the database finds the standard units the migrations create. A transactional or
    live-server test empties every table when it ends, the units too, and pytest-django's flush runs after
    every fixture of ours, so they are put back before the next test that uses the database (one query
    when they are there)."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if uses_db:
        request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
        if Unit.objects.db_manager("default").filter(code__in=STANDARD_UNIT_CODES).count() < len(
            STANDARD_UNIT_CODES
        ):
            ensure_standard_units()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the migrations leave it. The suite creates its tables from the models
    (`--no-migrations`: replaying the migrations' model states took ~40 s of CPU per test process);
    izlem/core/tests/test_migrations.py applies the real migrations to a fresh database instead, and
    the one data migration's rows (the standard units) are added here."""
    with django_db_blocker.unblock():
        ensure_standard_units()
