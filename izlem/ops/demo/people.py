"""One demo user per role (SPEC §1), placed where each role works in Erzincan."""

from __future__ import annotations

from django.db import transaction

from izlem.org.models import OrgNode, Role, RoleAssignment, Unit, User
from izlem.org.services import role_assign

DEMO_PASSWORD = "izlem-demo-2026"  # demo mode only; printed by `izlem demo`

# (username, first name, last name, title, role, node lookup, unit code)
DEMO_USERS = [
    ("admin", "Sistem", "Yöneticisi", "Sistem Yöneticisi", Role.SYSADMIN, ("ministry", None), None),
    ("il.muduru", "Ayşe", "Kaya", "İl Millî Eğitim Müdürü", Role.TOP_MANAGER, ("province", "24"), None),
    (
        "ilce.muduru",
        "Mehmet",
        "Demir",
        "İlçe Millî Eğitim Müdürü",
        Role.TOP_MANAGER,
        ("district", "2401"),
        None,
    ),
    (
        "arge",
        "Zeynep",
        "Arslan",
        "Strateji Geliştirme (AR-GE) Şube Müdürü",
        Role.PLANNING_OFFICER,
        ("province", "24"),
        None,
    ),
    (
        "sube.muduru",
        "Ali",
        "Yıldız",
        "Temel Eğitim Şube Müdürü",
        Role.UNIT_MANAGER,
        ("province", "24"),
        "temel-egitim",
    ),
    (
        "il.koordinator",
        "Elif",
        "Şahin",
        "Harezmi İl Koordinatörü",
        Role.PROVINCE_COORDINATOR,
        ("province", "24"),
        None,
    ),
    (
        "il.koordinator.yrd",
        "Burak",
        "Polat",
        "Harezmi İl Koordinatör Yardımcısı",
        Role.PROVINCE_COORDINATOR_ASSISTANT,
        ("province", "24"),
        None,
    ),
    (
        "ilce.koordinator",
        "Murat",
        "Çelik",
        "Harezmi İlçe Koordinatörü",
        Role.DISTRICT_COORDINATOR,
        ("district", "2401"),
        None,
    ),
    (
        "harezmi.sorumlusu",
        "Serkan",
        "Aksoy",
        "İl Millî Eğitim Müdür Yardımcısı (Harezmi'den sorumlu)",
        Role.HAREZMI_SUPERVISOR,
        ("province", "24"),
        None,
    ),
    (
        "ilce.harezmi.sorumlusu",
        "Derya",
        "Kurt",
        "İlçe Millî Eğitim Şube Müdürü (Harezmi'den sorumlu)",
        Role.HAREZMI_SUPERVISOR,
        ("district", "2401"),
        None,
    ),
    (
        "strateji",
        "Kemal",
        "Uçar",
        "Strateji Geliştirme Şube Müdürü",
        Role.STRATEGY_OFFICE,
        ("province", "24"),
        None,
    ),
    ("okul.muduru", "Hatice", "Öztürk", "Okul Müdürü", Role.PRINCIPAL, ("school", "first-in-merkez"), None),
    (
        "ogretmen",
        "Emre",
        "Aydın",
        "Bilişim Teknolojileri Öğretmeni",
        Role.TEACHER,
        ("school", "first-in-merkez"),
        None,
    ),
    ("paydas", "Fatma", "Koç", "Okul Aile Birliği Başkanı", Role.STAKEHOLDER, ("province", "24"), None),
]


def _node(kind: str, code: str | None) -> OrgNode:
    """Find where a demo user works."""
    if kind == "ministry":
        return OrgNode.objects.get(kind="ministry")
    if code == "first-in-merkez":
        merkez = OrgNode.objects.get(kind="district", code="2401")
        return OrgNode.objects.filter(parent=merkez, school_type="ortaokul").order_by("code").first()
    return OrgNode.objects.get(kind=kind, code=code)


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str, OrgNode]]:
    """Create the demo users and their roles once; return (username, role label, node) for printing."""
    printed = []
    for username, first, last, title, role, (kind, code), unit_code in DEMO_USERS:
        node = _node(kind, code)
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "title": title}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        if not RoleAssignment.objects.filter(user=user, role=role, node=node).exists():
            role_assign(by=None, user=user, role=role, node=node, unit=unit)
        printed.append((username, Role(role).label, node))
    return printed
