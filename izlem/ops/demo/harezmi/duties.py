"""Demo duties of the Harezmi year: tasks given downward (one overdue, one done), two announcements to
schools, two cooperations and a district report, all through the services; every date from the year."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from izlem.harezmi import access, services
from izlem.harezmi.models import AssignedTask, ProgramYear
from izlem.org.models import OrgNode, Role, RoleAssignment, User

DAY = dt.timedelta(days=1)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _tasks(year: ProgramYear, province_coordinator: User, district_coordinator: User, assistant) -> None:
    """An overdue open task, a done one and an open one of the province coordinator; one of the İl MEM."""
    today = timezone.localdate()
    # A task's due date may not be before today when given: give each with a legal date, then place the
    # overdue one in the year as if given then (a demo back-dating of the stored date only).
    overdue = services.task_give(
        by=province_coordinator,
        program_year=year,
        assignee=district_coordinator,
        title="Okul ziyaret planının gönderilmesi",
        description="Merkez ilçesindeki uygulama okullarının dönem ziyaret planı.",
        due_on=today,
    )
    AssignedTask.objects.filter(pk=overdue.pk).update(due_on=min(year.start_date + 30 * DAY, today - DAY))
    done = services.task_give(
        by=province_coordinator,
        program_year=year,
        assignee=district_coordinator,
        title="Dönem sonu ekip sayılarının bildirilmesi",
        due_on=max(year.semester1_end, today),
    )
    services.task_complete(
        by=district_coordinator, task=done, completion_note="Ekip ve öğrenci sayıları tabloyla gönderildi."
    )
    if assistant is not None:
        services.task_give(
            by=province_coordinator,
            program_year=year,
            assignee=assistant,
            title="Eğitici eğitimi katılım listesinin hazırlanması",
            due_on=max(year.end_date - 14 * DAY, today + 14 * DAY),
        )
    top = (
        RoleAssignment.objects.active()
        .filter(role=Role.TOP_MANAGER, node=year.province)
        .select_related("user")
        .first()
    )
    if top is not None:
        services.task_give(
            by=top.user,
            program_year=year,
            assignee=province_coordinator,
            title="İl Harezmi yıl sonu değerlendirme raporu",
            due_on=max(year.end_date, today + 21 * DAY),
        )


def load_demo_duties(year: ProgramYear, *, today: dt.date | None = None) -> None:
    """Tasks, announcements, cooperations and a district report of the demo year (once), from its fifth
    week on: nothing of them is dated after the demo's `today` (in July and August the coming year has
    none yet)."""
    today = today or timezone.localdate()
    if today < year.start_date + 28 * DAY:
        return
    province_coordinator, district_coordinator = _user("il.koordinator"), _user("ilce.koordinator")
    if province_coordinator is None or district_coordinator is None:
        return
    if AssignedTask.objects.filter(program_year=year).exists():
        return
    merkez = OrgNode.objects.get(kind=OrgNode.Kind.DISTRICT, code="2401")
    _tasks(year, province_coordinator, district_coordinator, _user("il.koordinator.yrd"))
    services.announcement_send(
        by=district_coordinator,
        program_year=year,
        node=merkez,
        title="Harezmi ekip öğretmenleri toplantısı",
        body="Merkez ilçesi ekip öğretmenleri ayın son cuma günü İlçe MEM toplantı salonunda buluşacaktır.",
    )
    chosen = list(access.harezmi_announcement_schools(year.province, year).distinct().order_by("code")[:3])
    services.announcement_send(
        by=province_coordinator,
        program_year=year,
        node=year.province,
        title="Bilim şenliği başvuruları",
        body="Okulunuzun Harezmi ekipleri il bilim şenliğine proje ile katılabilir.",
        schools=chosen,
    )
    services.cooperation_record(
        by=province_coordinator,
        program_year=year,
        node=year.province,
        institution="Erzincan Binali Yıldırım Üniversitesi",
        kind="university",
        subject="Öğretmenlere robotik kodlama ve yapay zekâ atölyeleri",
        starts_on=year.start_date + 21 * DAY,
        ends_on=year.end_date,
        schools=chosen,
        protocol=services.DocumentInput(
            date=year.start_date + 14 * DAY,
            number="2024-HRZ-01",
            file=ContentFile(b"%PDF-1.4\n% izlem demo protocol\n", name="protokol.pdf"),
        ),
    )
    services.cooperation_record(
        by=district_coordinator,
        program_year=year,
        node=merkez,
        institution="Erzincan Bilim ve Sanat Merkezi",
        kind="public",
        subject="Ekip öğrencilerine atölye ziyaretleri",
        starts_on=year.semester2_start if today >= year.semester2_start else year.start_date + 28 * DAY,
    )
    services.report_share(
        by=district_coordinator,
        program_year=year,
        node=merkez,
        kind="report",
        title="Merkez ilçesi Harezmi ara raporu",
        summary="Ekipler düzenli çalıştı; iki okulda ders saati değişikliği velilere duyuruldu.",
        file=ContentFile(b"%PDF-1.4\n% izlem demo report\n", name="donem-raporu.pdf"),
    )
