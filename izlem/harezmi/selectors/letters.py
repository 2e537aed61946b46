"""Reads of the province's letter inbox: the districts' start letters, teacher additions (Kaymakamlık Oluru)
and departure letters, evaluated or not."""

from __future__ import annotations

from dataclasses import dataclass

from izlem.harezmi.models import CoordinatorAppointment, OfficialDocument, TeacherAssignment

START = "start"
ADDITION = "addition"
DEPARTURE = "departure"


@dataclass(frozen=True)
class LetterRow:
    """One letter of the inbox: the document, what it is about, and its evaluation (None: waiting)."""

    document: OfficialDocument
    kind: str
    appointment: CoordinatorAppointment | None
    assignment: TeacherAssignment | None

    @property
    def evaluation(self):
        """The province's evaluation record of the letter, or None while it waits."""
        return getattr(self.document, "evaluation", None)


def letter_rows(letters, program_year, *, state: str = "") -> list[LetterRow]:
    """The letters (an access-checked queryset) of `program_year`, newest first; `state` "waiting" or
    "evaluated" keeps only those."""
    letters = letters.filter(pk__in=OfficialDocument.objects.letters_to_province(program_year).values("pk"))
    if state == "waiting":
        letters = letters.filter(evaluation__isnull=True)
    elif state == "evaluated":
        letters = letters.filter(evaluation__isnull=False)
    documents = list(
        letters.select_related("node", "person", "recorded_by", "evaluation__evaluated_by").order_by(
            "-date", "-pk"
        )
    )
    ids = [document.pk for document in documents]
    appointments = {
        appointment.start_letter_id: appointment
        for appointment in CoordinatorAppointment.objects.filter(start_letter_id__in=ids).select_related(
            "person", "node"
        )
    }
    assignments = {
        assignment.departure_letter_id: assignment
        for assignment in TeacherAssignment.objects.filter(departure_letter_id__in=ids).select_related(
            "teacher", "team__school"
        )
    }
    additions = {
        assignment.approval_id: assignment
        for assignment in TeacherAssignment.objects.filter(
            approval_id__in=ids, is_initial=False
        ).select_related("teacher", "team__school")
    }
    return [
        LetterRow(
            document=document,
            kind=_kind(document.pk, appointments, additions),
            appointment=appointments.get(document.pk),
            assignment=assignments.get(document.pk) or additions.get(document.pk),
        )
        for document in documents
    ]


def _kind(pk: int, appointments: dict, additions: dict) -> str:
    """What a letter of the inbox is about: a coordinator's start, a teacher added, or a teacher leaving."""
    if pk in appointments:
        return START
    return ADDITION if pk in additions else DEPARTURE


def letters_waiting_count(letters) -> int:
    """How many of the (access-checked) letters still wait for the province's evaluation."""
    return letters.filter(evaluation__isnull=True).count()
