"""The province's letter inbox: recording that the İl MEM evaluated a district's letter (seed §1)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access
from izlem.harezmi.models import CoordinatorAppointment, LetterEvaluation, OfficialDocument
from izlem.harezmi.services.common import lock_row, people_with, require
from izlem.org.models import OrgNode, Role, User

NOTE_MAX = 2000


@transaction.atomic
def letter_evaluate(*, by: User | None, document: OfficialDocument, note: str = "") -> LetterEvaluation:
    """Record once that the province evaluated a district's start or departure letter (who, when, note)."""
    if by is not None:
        require(access.harezmi_letters_visible(by, action="evaluate").filter(pk=document.pk).exists())
    elif not OfficialDocument.objects.letters_to_province().filter(pk=document.pk).exists():
        raise ValidationError(
            _("Only a district's start letter or departure letter to the province is evaluated.")
        )
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": _("The note is %(length)d characters long; write at most %(max)d.")
                % {
                    "length": len(note),
                    "max": NOTE_MAX,
                }
            }
        )
    # Two evaluators of the same letter at once: the second waits for the first's lock, then finds its
    # record and is refused, so a letter is evaluated exactly once (the one-to-one also guards it).
    lock_row(document)
    existing = LetterEvaluation.objects.filter(document=document).select_related("evaluated_by").first()
    if existing is not None:
        raise ValidationError(
            _("This letter was already evaluated by %(person)s on %(date)s; nothing was changed.")
            % {
                "person": existing.evaluated_by or _("the system"),
                "date": format_date(timezone.localdate(existing.evaluated_at)),
            }
        )
    evaluation = LetterEvaluation(document=document, evaluated_by=by, evaluated_at=timezone.now(), note=note)
    evaluation.save(force_insert=True)
    if document.recorded_by_id and document.recorded_by_id != getattr(by, "pk", None):
        # the district that sent the letter learns the province has dealt with it
        start_letter = CoordinatorAppointment.objects.filter(start_letter=document).first()
        notify(
            recipients=[document.recorded_by],
            message=_("The province evaluated your letter %(letter)s.") % {"letter": document},
            url=reverse("harezmi:appointment-detail", args=[start_letter.pk])
            if start_letter
            else reverse("harezmi:staff-ledger"),
        )
    return evaluation


def letter_recipients(province: OrgNode) -> list[User]:
    """Who is told of a letter to the province: its strategy office (the addressee) and its Harezmi supervisor."""
    return people_with({Role.STRATEGY_OFFICE, Role.HAREZMI_SUPERVISOR}, province)


def notify_letter_recorded(*, document: OfficialDocument, program_year, about: str) -> None:
    """Tell the province's strategy office and Harezmi supervisor that a district's letter waits for them."""
    notify(
        recipients=letter_recipients(program_year.province),
        message=_(
            "%(district)s sent a letter to the province (%(letter)s): %(about)s. It waits for evaluation."
        )
        % {"district": document.node, "letter": document, "about": about},
        url=reverse("harezmi:letter-inbox") + f"?year={program_year.pk}",
    )


def notify_supervisors(*, node: OrgNode, message: str, url: str = "") -> None:
    """Tell the Harezmi supervisors of `node` (the province or district of a coordinator post)."""
    notify(recipients=people_with({Role.HAREZMI_SUPERVISOR}, node), message=message, url=url)
