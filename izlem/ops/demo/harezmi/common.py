"""What the demo's Harezmi modules share: the clock that moves 2025-2026 dates to the year shown, the
names people get, and the stand-ins for documents, ID numbers and people who do not sign in."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile

from izlem.harezmi.models import ProgramYear
from izlem.harezmi.services.common import DocumentInput
from izlem.org.models import OrgNode, RoleAssignment, User
from izlem.org.services import role_assign

D = dt.date
# The first school day of 2025-2026, the year the demo's dates are written for.
BASE_START = D(2025, 9, 8)
FIRST_NAMES = [
    "Ahmet",
    "Ayşe",
    "Mehmet",
    "Fatma",
    "Mustafa",
    "Emine",
    "Ali",
    "Hatice",
    "Hüseyin",
    "Zeynep",
    "Hasan",
    "Elif",
    "İbrahim",
    "Meryem",
    "Yusuf",
    "Şerife",
    "Murat",
    "Sultan",
    "Ömer",
    "Esra",
    "Burak",
    "Merve",
    "Kadir",
    "Büşra",
    "Serkan",
    "Gamze",
    "Okan",
    "Derya",
    "Cem",
    "Tuğba",
]
LAST_NAMES = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Korkmaz",
    "Karaca",
    "Erdem",
    "Güneş",
    "Aksoy",
    "Tekin",
    "Bulut",
    "Taş",
    "Ateş",
]
BRANCHES = [
    "Bilişim Teknolojileri",
    "Fen Bilimleri",
    "Matematik",
    "Teknoloji ve Tasarım",
    "Görsel Sanatlar",
    "Türkçe",
]


@dataclass(frozen=True)
class DemoClock:
    """The demo's dates: 2025-2026 dates moved by whole weeks to the year shown, and the demo's today."""

    offset: dt.timedelta
    today: dt.date

    def d(self, year: int, month: int, day: int) -> dt.date:
        """The 2025-2026 date `year-month-day`, moved to the year shown."""
        return D(year, month, day) + self.offset

    def past(self, day: dt.date) -> bool:
        """Whether `day` has come (the services refuse records dated later)."""
        return day <= self.today


def demo_clock(year: ProgramYear, today: dt.date) -> DemoClock:
    """The clock of a demo year: both first school days are Mondays, so the offset is whole weeks."""
    return DemoClock(offset=year.semester1_start - BASE_START, today=today)


def _pdf(name: str) -> ContentFile:
    """A tiny stand-in for a scanned document."""
    return ContentFile(b"%PDF-1.4\n% izlem demo document\n", name=name)


def _doc(day: dt.date, number: str = "", name: str = "belge.pdf") -> DocumentInput:
    return DocumentInput(date=day, number=number, file=_pdf(name))


def _national_id(rng: random.Random) -> str:
    """A valid (made-up) Turkish ID number."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    d10 = (sum(digits[0:9:2]) * 7 - sum(digits[1:8:2])) % 10
    d11 = (sum(digits) + d10) % 10
    return "".join(map(str, [*digits, d10, d11]))


def _person(username: str, first: str, last: str, title: str = "") -> User:
    """A demo person who does not sign in (no usable password)."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "title": title}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _role(user: User, role: str, node: OrgNode, start: dt.date) -> None:
    if not RoleAssignment.objects.filter(user=user, role=role, node=node).exists():
        role_assign(by=None, user=user, role=role, node=node, start_date=start)
