"""Official documents: petitions, approvals (olur, makam onayı), Ministry opinions and EBYS letters."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from izlem.core.formats import format_date
from izlem.core.models import TimeStampedModel
from izlem.harezmi.models.fields import actor_field


class OfficialDocumentQuerySet(models.QuerySet):
    """Queries over official documents."""

    def letters_to_province(self, program_year=None):
        """The districts' correspondence on staff the İl MEM evaluates (seed §1.4, §2.1, §2.3, §2.4): district
        coordinators' start letters, the Kaymakamlık Oluru of each teacher added to a team during the year,
        and teacher-departure letters (of `program_year`, if given)."""
        from izlem.harezmi.models.coordinators import CoordinatorAppointment
        from izlem.harezmi.models.teams import TeacherAssignment

        appointments = CoordinatorAppointment.objects.filter(
            kind=CoordinatorAppointment.Kind.DISTRICT_COORDINATOR, start_letter__isnull=False
        )
        departures = TeacherAssignment.objects.filter(departure_letter__isnull=False)
        additions = TeacherAssignment.objects.filter(is_initial=False, approval__isnull=False)
        if program_year is not None:
            appointments = appointments.filter(program_year=program_year)
            departures = departures.filter(team__program_year=program_year)
            additions = additions.filter(team__program_year=program_year)
        return self.filter(
            models.Q(pk__in=appointments.values("start_letter"))
            | models.Q(pk__in=departures.values("departure_letter"))
            | models.Q(pk__in=additions.values("approval"))
        )


class OfficialDocument(TimeStampedModel):
    """A petition, approval or letter: its type, number, date and scanned file; an olur may cite another.

    A Kaymakamlık Oluru cites the Valilik Oluru it rests on (`cites`); one Valilik Oluru is usually
    cited by many district approvals. The file is served only after an access check.
    """

    class Kind(models.TextChoices):
        PETITION = "petition", _("Petition (dilekçe)")
        OFFICE_APPROVAL = "office_approval", _("Office approval (makam onayı)")
        MINISTRY_OPINION = "ministry_opinion", _("Opinion of the Ministry (Ortaöğretim Genel Müdürlüğü)")
        GOVERNOR_APPROVAL = "governor_approval", _("Governor's approval (Valilik Oluru)")
        DISTRICT_GOVERNOR_APPROVAL = (
            "district_governor_approval",
            _("District governor's approval (Kaymakamlık Oluru)"),
        )
        EBYS_LETTER = "ebys_letter", _("Official letter (EBYS)")
        PROTOCOL = "protocol", _("Cooperation protocol (iş birliği protokolü)")

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    date = models.DateField(_("date"))
    file = models.FileField(_("file"), upload_to="harezmi/documents/%Y/%m/", blank=True)
    cites = models.ForeignKey(
        "self",
        verbose_name=_("cites"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cited_by",
    )
    node = models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("organisation unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the document belongs: the school, district or province."),
    )
    person = models.ForeignKey(
        "org.User",
        verbose_name=_("person concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="harezmi_documents",
    )
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()
    objects = OfficialDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        number = f" {self.number}" if self.number else ""
        return f"{self.get_kind_display()}{number} ({format_date(self.date)})"


class LetterEvaluation(TimeStampedModel):
    """The province's record that it evaluated a district's letter (start letter or departure letter).

    Seed §1: the İl MEM evaluates the districts' EBYS correspondence on staff; the İl Strateji Geliştirme
    Şube Müdürlüğü, the letters' addressee, records it once per letter: who, when, an optional note.
    """

    document = models.OneToOneField(
        OfficialDocument,
        verbose_name=_("letter"),
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    evaluated_by = actor_field(_("evaluated by"))
    evaluated_at = models.DateTimeField(_("evaluated at"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter evaluation")
        verbose_name_plural = _("letter evaluations")
        ordering = ["-evaluated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document} · {format_date(timezone.localdate(self.evaluated_at))}"
