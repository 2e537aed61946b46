"""Completed trainings and coordinator appointments (with their role assignments) and departures."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access
from izlem.harezmi.models import (
    CoordinatorAppointment,
    OfficialDocument,
    ProgramYear,
    Team,
    TrainingCompletion,
)
from izlem.harezmi.models.coordinators import unit_refused_message
from izlem.harezmi.services.common import (
    DocumentInput,
    date_errors,
    document_record,
    lock_for_step,
    people_with,
    require,
)
from izlem.harezmi.services.letters import notify_letter_recorded, notify_supervisors
from izlem.org import access as org_access
from izlem.org.models import OrgNode, Role, RoleAssignment, User
from izlem.org.services import role_assign, role_end

Kind = CoordinatorAppointment.Kind


@transaction.atomic
def training_record(
    *,
    by: User | None,
    person: User,
    completed_on: dt.date,
    kind: str = TrainingCompletion.Kind.HAREZMI,
    certificate_number: str = "",
) -> TrainingCompletion:
    """Record that a person completed an in-service training (the Harezmi one qualifies for appointments)."""
    if by is not None:
        require(access.harezmi_training_people(by).filter(pk=person.pk).exists())
    if TrainingCompletion.objects.filter(person=person, kind=kind, completed_on=completed_on).exists():
        raise ValidationError(_("This training completion is already recorded."))
    record = TrainingCompletion(
        person=person,
        kind=kind,
        completed_on=completed_on,
        certificate_number=certificate_number,
        recorded_by=by,
    )
    record.full_clean()
    record.save()
    return record


def has_completed_training(person: User, on: dt.date) -> bool:
    """True if `person` completed the Harezmi in-service training on or before `on`."""
    return TrainingCompletion.objects.harezmi().completed_by(person, on=on).exists()


def province_is_large(program_year: ProgramYear) -> bool:
    """A metropolitan province, or one with at least the configured number of approved teams."""
    if program_year.is_metropolitan:
        return True
    teams = Team.objects.filter(program_year=program_year).count()
    return teams >= program_year.large_province_team_threshold


@transaction.atomic
def coordinator_appoint(
    *,
    by: User | None,
    program_year: ProgramYear,
    kind: str,
    person: User,
    node: OrgNode,
    semester: str = CoordinatorAppointment.Semester.BOTH,
    start_date: dt.date | None = None,
    employment: str = "",
    unit: str = "",
    approval: DocumentInput | None = None,
    ministry_opinion: DocumentInput | None = None,
    petition: DocumentInput | None = None,
    start_letter: DocumentInput | None = None,
    schools=(),
    today: dt.date | None = None,
) -> CoordinatorAppointment:
    """Appoint a province coordinator, an assistant or a district coordinator, and give them the role.

    `today` (default: the real day) is the day no document may be dated after (a fixed scene's day).

    Refused for anyone without the completed Harezmi training, and without a unit allowed for the post
    (province posts: the province's Strategy Development Section, R&D or private office; district
    coordinators: the district's private office or R&D). Province posts need the office
    approval (makam onayı); an assistant of a large province also the Ministry's opinion. A
    district coordinator needs the volunteer's petition, the working time and the start letter.
    """
    if by is not None:
        require(access.harezmi_can_appoint(by, kind, node))
    if org_access.is_self_grant(by, person):  # separation of duties: nobody appoints themselves
        raise ValidationError({"person": org_access.SELF_GRANT_REFUSED})
    semester_start, semester_end = program_year.semester_dates(semester)
    start = start_date or semester_start
    errors: dict[str, str] = {}
    if kind in CoordinatorAppointment.PROVINCE_KINDS:
        if node.pk != program_year.province_id:
            errors["node"] = _("A province coordinator is appointed at the program year's province.")
        if approval is None:
            errors["approval_number"] = _("Record the office approval (makam onayı): number and date.")
    elif kind == Kind.DISTRICT_COORDINATOR:
        if node.kind != OrgNode.Kind.DISTRICT or node.parent_id != program_year.province_id:
            errors["node"] = _(
                "A district coordinator is appointed at a district of the program year's province."
            )
        if petition is None:
            errors["petition_date"] = _("Record the volunteer's petition (dilekçe).")
        if employment not in CoordinatorAppointment.Employment.values:
            errors["employment"] = _("Choose part-time or full-time.")
        if start_letter is None:
            errors["start_letter_number"] = _(
                "Record the start letter sent to the province (EBYS number and date)."
            )
    else:
        errors["kind"] = _("Choose a coordinator post.")
    if kind in CoordinatorAppointment.Kind.values:
        if not unit:
            errors["unit"] = _(
                "Choose the unit the coordinator comes from or is assigned to (for example %(unit)s)."
            ) % {"unit": CoordinatorAppointment.Unit(CoordinatorAppointment.units_for(kind)[0]).label}
        elif unit not in CoordinatorAppointment.units_for(kind):
            errors["unit"] = unit_refused_message(kind, unit)
    if not errors.get("node") and not (semester_start <= start <= semester_end):
        errors["start_date"] = _("The start date must fall in the chosen semester.")
    # petition ≤ Ministry's opinion ≤ office approval ≤ start letter ≤ start, none after today, all in the
    # program year (from its applications opening: a coordinator is appointed before the year starts)
    chain = [
        ("petition_date", _("The petition"), petition.date if petition else None),
        (
            "ministry_opinion_date",
            _("The Ministry's opinion"),
            ministry_opinion.date if ministry_opinion else None,
        ),
        ("approval_date", _("The office approval"), approval.date if approval else None),
        ("start_letter_date", _("The start letter"), start_letter.date if start_letter else None),
    ]
    for field, message in date_errors(
        chain,
        window=(program_year.application_opens, program_year.end_date),
        today=today or timezone.localdate(),
        year_name=program_year.name,
    ).items():
        errors.setdefault(field, message)
    latest = max((item for item in chain if item[2] is not None), key=lambda item: item[2], default=None)
    if latest is not None and start < latest[2]:
        errors.setdefault(
            "start_date",
            _("The coordinator cannot start (%(start)s) before %(what)s (%(date)s).")
            % {
                "start": format_date(start),
                "what": latest[1],
                "date": format_date(latest[2]),
            },
        )
    needs_opinion = kind == Kind.PROVINCE_ASSISTANT and province_is_large(program_year)
    if needs_opinion and ministry_opinion is None:
        errors["ministry_opinion_number"] = _(
            "This province is large: an assistant province coordinator is appointed after the Ministry's "
            "opinion. Record its number and date."
        )
    if not has_completed_training(person, start):
        errors["person"] = _(
            "%(person)s has not completed the Harezmi in-service training: only trained staff can be appointed."
        ) % {"person": person}
    duplicate = CoordinatorAppointment.objects.overlapping(start, semester_end).filter(
        program_year=program_year, kind=kind, person=person, node=node
    )
    if duplicate.exists():
        errors["person"] = _("%(person)s already holds this post for these dates.") % {"person": person}
    if kind == Kind.PROVINCE_COORDINATOR:  # one province coordinator in office at a time (assistants apart)
        # a departure approved ahead of its date still holds the post until that date
        holder = (
            CoordinatorAppointment.objects.overlapping(start, semester_end)
            .filter(program_year=program_year, kind=kind)
            .exclude(person=person)
            .select_related("person")
            .first()
        )
        if holder is not None:
            errors.setdefault(
                "person",
                _(
                    "%(holder)s is the province coordinator for these dates: one province coordinator is in "
                    "office at a time (assistants apart). Record their departure first."
                )
                % {"holder": holder.person},
            )
    school_list = list(schools)
    if any(school.parent_id != node.pk for school in school_list):
        errors["schools"] = _("Only schools of the coordinator's district can be followed.")
    if errors:
        raise ValidationError(errors)

    appointment = CoordinatorAppointment(
        program_year=program_year,
        kind=kind,
        person=person,
        node=node,
        start_date=start,
        end_date=semester_end,
        semester=semester,
        employment=employment if kind == Kind.DISTRICT_COORDINATOR else "",
        unit=unit,
        needs_ministry_opinion=needs_opinion,
        appointed_by=by,
    )
    Doc = OfficialDocument.Kind
    if approval is not None:
        appointment.approval = document_record(
            kind=Doc.OFFICE_APPROVAL, data=approval, node=node, by=by, person=person
        )
    if ministry_opinion is not None:
        appointment.ministry_opinion = document_record(
            kind=Doc.MINISTRY_OPINION, data=ministry_opinion, node=node, by=by, person=person
        )
    if petition is not None:
        appointment.petition = document_record(
            kind=Doc.PETITION, data=petition, node=node, by=by, person=person
        )
    if start_letter is not None:
        appointment.start_letter = document_record(
            kind=Doc.EBYS_LETTER, data=start_letter, node=node, by=by, person=person
        )
    reference = appointment.approval or appointment.start_letter
    appointment.role_assignment = role_assign(
        by=by,
        user=person,
        role=kind,
        node=node,
        start_date=start,
        end_date=semester_end,
        approval_reference=str(reference) if reference else "",
        appointment=True,
    )
    appointment.full_clean(exclude=["schools"])
    appointment.save()
    if school_list:
        appointment.schools.set(school_list)
    if kind == Kind.DISTRICT_COORDINATOR:
        recipients = people_with(
            {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT}, node.parent
        )
        notify(
            recipients=recipients,
            message=_("%(district)s appointed %(person)s as district coordinator from %(date)s.")
            % {"district": node, "person": person, "date": format_date(start)},
        )
        if appointment.start_letter is not None:
            notify_letter_recorded(
                document=appointment.start_letter,
                program_year=program_year,
                about=_("start letter of %(person)s, district coordinator") % {"person": person},
            )
    # the coordinator works under the Harezmi supervisor of the post's province or district (seed §3, §4)
    notify_supervisors(
        node=node,
        message=_("%(person)s was appointed %(post)s at %(node)s from %(date)s.")
        % {
            "person": person,
            "post": appointment.get_kind_display(),
            "node": node,
            "date": format_date(start),
        },
        url=reverse("harezmi:appointment-detail", args=[appointment.pk]),
    )
    return appointment


@transaction.atomic
def coordinator_departure_request(
    *,
    by: User | None,
    appointment: CoordinatorAppointment,
    petition: DocumentInput,
    reason: str,
    departure_date: dt.date,
) -> CoordinatorAppointment:
    """Record a coordinator's petition to leave; the post ends when the departure is approved."""
    if by is not None:
        require(
            appointment.person_id == by.pk
            or access.harezmi_can_appoint(by, appointment.kind, appointment.node)
        )
    lock_for_step(
        appointment,
        {CoordinatorAppointment.State.ACTIVE},
        _("Only a coordinator in office can petition to leave."),
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the coordinator is leaving.")})
    if departure_date < appointment.start_date:
        raise ValidationError(
            {"departure_date": _("The departure cannot be before the appointment started.")}
        )
    if departure_date > appointment.end_date:
        raise ValidationError(
            {
                "departure_date": _(
                    "The appointment ends on %(end)s anyway: a departure date must not be later."
                )
                % {"end": format_date(appointment.end_date)}
            }
        )
    appointment.departure_petition = document_record(
        kind=OfficialDocument.Kind.PETITION,
        data=petition,
        node=appointment.node,
        by=by,
        person=appointment.person,
    )
    appointment.departure_reason = reason.strip()
    appointment.departed_on = departure_date
    appointment.departure_requested_by = by
    appointment.departure_requested_at = timezone.now()
    appointment.state = CoordinatorAppointment.State.DEPARTURE_REQUESTED
    appointment.save(
        update_fields=[
            "state",
            "departure_petition",
            "departure_reason",
            "departed_on",
            "departure_requested_by",
            "departure_requested_at",
            "updated_at",
        ]
    )
    return appointment


def _role_end_on(by: User | None, role_id: int, departed_on: dt.date) -> None:
    """End the appointment's role on the departure date, whenever the approval is recorded.

    Recorded before the date, the role stays in force until it (a scheduled end); recorded after, the
    role's last day is still the departure date, also when its planned end has passed meanwhile.
    """
    role = RoleAssignment.objects.select_for_update().get(pk=role_id)
    day = max(departed_on, role.start_date)
    if role.end_date is not None and role.end_date <= day and role.is_over:
        return  # ended already, on or before the departure date: nothing to shorten
    if by is not None and not role.is_over:
        role_end(by=by, assignment=role, end_date=day)
        return
    # the import/demo path, or a role whose planned end has passed: `role_end` refuses an ended role,
    # but its last day must still become the departure date
    role.end_date = day
    fields = ["end_date", "updated_at"]
    if day <= timezone.localdate() and role.ended_at is None:
        role.ended_at = timezone.now()
        fields.append("ended_at")
    role.save(update_fields=fields)


@transaction.atomic
def coordinator_departure_approve(
    *, by: User | None, appointment: CoordinatorAppointment
) -> CoordinatorAppointment:
    """Approve a departure petition: the appointment and its role assignment end on the departure date
    (approved ahead of it, the coordinator stays in office until that date)."""
    if by is not None:
        require(access.harezmi_can_appoint(by, appointment.kind, appointment.node))
    lock_for_step(
        appointment,
        {CoordinatorAppointment.State.DEPARTURE_REQUESTED},
        _("There is no departure petition to approve."),
    )
    if appointment.role_assignment_id is not None:
        _role_end_on(by, appointment.role_assignment_id, appointment.departed_on)
    appointment.state = CoordinatorAppointment.State.ENDED
    appointment.departure_approved_by = by
    appointment.departure_approved_at = timezone.now()
    appointment.save(update_fields=["state", "departure_approved_by", "departure_approved_at", "updated_at"])
    notify(
        recipients=[appointment.person],
        message=_("Your departure from the post of %(post)s was approved; it ends on %(date)s.")
        % {"post": appointment.get_kind_display(), "date": format_date(appointment.departed_on)},
    )
    notify_supervisors(
        node=appointment.node,
        message=_("%(person)s leaves the post of %(post)s at %(node)s on %(date)s. Reason: %(why)s")
        % {
            "person": appointment.person,
            "post": appointment.get_kind_display(),
            "node": appointment.node,
            "date": format_date(appointment.departed_on),
            "why": appointment.departure_reason,
        },
        url=reverse("harezmi:appointment-detail", args=[appointment.pk]),
    )
    return appointment
