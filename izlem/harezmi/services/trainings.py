"""Trainings held (Harezmi teacher training, other in-service courses), their participants and
completions, and the training needs coordinators collect from teachers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from izlem.core.formats import format_date
from izlem.harezmi import access
from izlem.harezmi.models import (
    CalendarEvent,
    ProgramYear,
    Training,
    TrainingCompletion,
    TrainingNeed,
    TrainingParticipant,
)
from izlem.harezmi.services.common import lock_row, require
from izlem.harezmi.services.coordinators import training_record
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User

TRAINING_FIELDS = (
    "kind",
    "topic",
    "title",
    "mode",
    "venue",
    "starts_on",
    "ends_on",
    "hours",
    "external_trainers",
    "calendar_event",
    "notes",
)
State = TrainingParticipant.State


def _check_training(training: Training, trainers: list[User] | None) -> None:
    """Venue for in-person courses, dates in order, trainers from the province's coordinators of the
    training's time (not today's)."""
    errors: dict[str, str] = {}
    if training.mode == Training.Mode.IN_PERSON and not training.venue.strip():
        errors["venue"] = _("Write where the in-person training is held.")
    if training.starts_on and training.ends_on and training.ends_on < training.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    year = training.program_year
    if year is not None and not training.node.is_within(year.province):
        errors["node"] = _("Choose an organiser inside the program year's province.")
    if training.calendar_event_id and training.calendar_event.program_year_id != training.program_year_id:
        errors["calendar_event"] = _("Choose a calendar entry of the same program year.")
    if trainers:
        allowed = set(
            access.harezmi_trainer_people(
                training.node,
                program_year=training.program_year,
                starts_on=training.starts_on,
                ends_on=training.ends_on,
            )
            .filter(pk__in=[p.pk for p in trainers])
            .values_list("pk", flat=True)
        )
        outside = [str(p) for p in trainers if p.pk not in allowed]
        if outside:
            errors["trainers"] = _(
                "%(people)s did not hold a Harezmi coordinator role of this province at the time of the "
                "training (%(date)s): write outside trainers by name."
            ) % {"people": ", ".join(outside), "date": format_date(training.starts_on)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_create(
    *,
    by: User | None,
    node: OrgNode,
    kind: str,
    topic: str,
    title: str,
    mode: str,
    starts_on: dt.date,
    ends_on: dt.date,
    program_year: ProgramYear | None = None,
    venue: str = "",
    hours: int = 0,
    trainers: Iterable[User] = (),
    external_trainers: str = "",
    calendar_event: CalendarEvent | None = None,
    notes: str = "",
) -> Training:
    """Record a training organised by the province or a district (coordinators may be its trainers)."""
    if by is not None:
        require(access.harezmi_course_nodes(by).filter(pk=node.pk).exists())
    trainers = list(trainers)
    training = Training(
        program_year=program_year,
        node=node,
        kind=kind,
        topic=topic,
        title=title.strip(),
        mode=mode,
        venue=venue.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        external_trainers=external_trainers.strip(),
        calendar_event=calendar_event,
        notes=notes,
        created_by=by,
    )
    _check_training(training, trainers)
    training.full_clean()
    training.save()
    training.trainers.set(trainers)
    return training


@transaction.atomic
def training_update(
    *, by: User | None, training: Training, trainers: Iterable[User] | None = None, **changes
) -> Training:
    """Change a training's details and (if given) its trainers."""
    unknown = set(changes) - set(TRAINING_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if by is not None:
        require(access.harezmi_course_nodes(by).filter(pk=training.node_id).exists())
    lock_row(training)  # the caller's copy may be old: re-read it locked, so the audit row is true
    for field, value in changes.items():
        setattr(training, field, value.strip() if isinstance(value, str) and field != "notes" else value)
    people = list(trainers) if trainers is not None else None
    _check_training(training, people)
    first_completion = training.participants.filter(state=State.COMPLETED).order_by("completed_on").first()
    if first_completion and first_completion.completed_on < training.starts_on:
        raise ValidationError(
            {
                "starts_on": _("Participants completed it on %(date)s: the first day cannot be later.")
                % {"date": format_date(first_completion.completed_on)}
            }
        )
    training.full_clean()
    training.save(update_fields=[*changes, "updated_at"])
    if people is not None:
        training.trainers.set(people)
    return training


def training_participant_candidates(training: Training):
    """People who may take part in a training: Harezmi people (coordinators, managers, principals,
    teachers) at or below its organiser."""
    return access.harezmi_meeting_people(training.node)


@transaction.atomic
def training_participants_add(
    *, by: User | None, training: Training, people: Iterable[User]
) -> list[TrainingParticipant]:
    """Enrol people in a training (people already enrolled are left as they are)."""
    if by is not None:
        require(access.harezmi_course_nodes(by).filter(pk=training.node_id).exists())
    people = list(people)
    allowed = set(
        training_participant_candidates(training)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    outside = [str(p) for p in people if p.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "people": _("%(people)s work outside the organiser's area and cannot be enrolled here.")
                % {"people": ", ".join(outside)}
            }
        )
    enrolled = set(training.participants.values_list("person_id", flat=True))
    rows = [TrainingParticipant(training=training, person=p) for p in people if p.pk not in enrolled]
    return bulk_create_with_history(rows, TrainingParticipant)


@transaction.atomic
def training_participant_state_set(
    *,
    by: User | None,
    participant: TrainingParticipant,
    state: str,
    completed_on: dt.date | None = None,
    certificate_number: str = "",
    today: dt.date | None = None,
) -> TrainingParticipant:
    """Mark a participant completed (a Harezmi training also records the `TrainingCompletion` that
    qualifies them for coordinator posts), dropped out, or enrolled again. A completion is final."""
    training = participant.training
    if by is not None:
        require(access.harezmi_course_nodes(by).filter(pk=training.node_id).exists())
    participant = TrainingParticipant.objects.select_for_update().get(pk=participant.pk)
    if participant.state == State.COMPLETED:
        raise ValidationError(
            _("%(person)s already completed this training; a completion is not undone here.")
            % {"person": participant.person}
        )
    if state not in State.values:
        raise ValidationError({"state": _("Choose completed, did not complete or enrolled.")})
    if state != State.COMPLETED:
        participant.state = state
        participant.save(update_fields=["state"])
        return participant
    today = today or timezone.localdate()
    if completed_on is None:
        raise ValidationError({"completed_on": _("Give the day the participant completed the training.")})
    if completed_on < training.starts_on or completed_on > today:
        raise ValidationError(
            {
                "completed_on": _(
                    "The completion day must be between the training's first day (%(start)s) and today."
                )
                % {"start": format_date(training.starts_on)}
            }
        )
    participant.state = State.COMPLETED
    participant.completed_on = completed_on
    participant.certificate_number = certificate_number.strip()
    if training.kind == Training.Kind.HAREZMI:
        existing = TrainingCompletion.objects.filter(
            person=participant.person, kind=TrainingCompletion.Kind.HAREZMI, completed_on=completed_on
        ).first()
        if existing is not None and TrainingParticipant.objects.filter(completion=existing).exists():
            raise ValidationError(
                {
                    "completed_on": _(
                        "%(person)s's Harezmi training completion of this day belongs to another training."
                    )
                    % {"person": participant.person}
                }
            )
        participant.completion = existing or training_record(
            by=by,
            person=participant.person,
            completed_on=completed_on,
            certificate_number=participant.certificate_number,
        )
    participant.full_clean()
    participant.save(update_fields=["state", "completed_on", "certificate_number", "completion"])
    return participant


def _check_need(by: User | None, program_year: ProgramYear, person: User, school: OrgNode) -> None:
    """The school is the user's to collect from, in the year's province; the person teaches there."""
    if by is not None:
        require(access.harezmi_need_schools(by).filter(pk=school.pk).exists())
    errors = {}
    if not school.is_within(program_year.province):
        errors["school"] = _("Choose a school of the program year's province.")
    teaches = scope.holds(person, [Role.TEACHER], at=school)
    if not teaches:
        errors["person"] = _("%(person)s is not a teacher of %(school)s.") % {
            "person": person,
            "school": school,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_need_record(
    *,
    by: User | None,
    program_year: ProgramYear,
    person: User,
    school: OrgNode,
    topic: str,
    description: str = "",
) -> TrainingNeed:
    """Record a teacher's training need, collected by a coordinator (or the district/province)."""
    _check_need(by, program_year, person, school)
    need = TrainingNeed(
        program_year=program_year,
        person=person,
        school=school,
        topic=topic,
        description=description.strip(),
        recorded_by=by,
    )
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def training_need_update(
    *, by: User | None, need: TrainingNeed, topic: str, description: str = ""
) -> TrainingNeed:
    """Change a training need's topic and description."""
    if by is not None:
        require(access.harezmi_need_schools(by).filter(pk=need.school_id).exists())
    need.topic = topic
    need.description = description.strip()
    need.full_clean()
    need.save(update_fields=["topic", "description", "updated_at"])
    return need


@transaction.atomic
def training_need_mark_met(*, by: User | None, need: TrainingNeed, training: Training | None) -> TrainingNeed:
    """Mark a training need met by a training the user can see and the teacher attended to the end
    (completed in its participant list); None: not met after all."""
    if by is not None:
        require(access.harezmi_need_schools(by).filter(pk=need.school_id).exists())
        if training is not None:
            require(access.harezmi_courses_visible(by).filter(pk=training.pk).exists())
    if training is not None and training.program_year_id not in (None, need.program_year_id):
        raise ValidationError({"training": _("Choose a training of the same program year.")})
    if training is not None:
        attended = TrainingParticipant.objects.filter(
            training=training, person=need.person, state=State.COMPLETED
        ).exists()
        if not attended:
            raise ValidationError(
                {
                    "training": _(
                        "%(person)s did not attend %(training)s: they are not marked as having completed it "
                        "in its participant list. A need is met only by a training the teacher attended."
                    )
                    % {"person": need.person, "training": training}
                }
            )
    need = TrainingNeed.objects.select_for_update().get(pk=need.pk)
    need.met_by = training
    need.save(update_fields=["met_by", "updated_at"])
    return need
