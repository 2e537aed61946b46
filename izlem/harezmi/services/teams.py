"""Teams and their teachers: formation, mid-year additions with approvals, departures with letters."""

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
    Application,
    AssignmentStep,
    OfficialDocument,
    ProgramYear,
    TeacherAssignment,
    Team,
)
from izlem.harezmi.services.common import (
    DocumentInput,
    date_errors,
    document_record,
    lock_for_step,
    people_with,
    require,
)
from izlem.harezmi.services.letters import notify_letter_recorded
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User

State = TeacherAssignment.State
Action = AssignmentStep.Action
DISTRICT_ROLES = {Role.DISTRICT_COORDINATOR, Role.TOP_MANAGER}
PROVINCE_ROLES = {Role.PROVINCE_COORDINATOR, Role.PROVINCE_COORDINATOR_ASSISTANT}


def _step(assignment: TeacherAssignment, action: str, state: str, by: User | None, note: str = "") -> None:
    """Move the assignment to `state` and keep the step in the ledger (who, when, note)."""
    assignment.state = state
    AssignmentStep.objects.create(
        assignment=assignment, action=action, state=state, by=by, at=timezone.now(), note=note
    )


def _team_url(team: Team) -> str:
    return reverse("harezmi:team-detail", args=[team.pk])


@transaction.atomic
def team_create(*, by: User | None, program_year: ProgramYear, school: OrgNode, name: str) -> Team:
    """Form a team at a school whose application is approved, up to the approved number of teams."""
    if by is not None:
        require(access.harezmi_school_nodes(by).filter(pk=school.pk).exists())
    application = Application.objects.filter(program_year=program_year, school=school).first()
    if application is None or application.state != Application.State.APPROVED:
        raise ValidationError(_("Teams can be formed only at a school whose application is approved."))
    existing = Team.objects.filter(program_year=program_year, school=school).count()
    if existing >= application.approved_team_count:
        raise ValidationError(
            _("%(school)s has its approved number of teams (%(count)d) already.")
            % {"school": school, "count": application.approved_team_count}
        )
    if Team.objects.filter(program_year=program_year, school=school, name=name.strip()).exists():
        raise ValidationError({"name": _("The school already has a team with this name.")})
    team = Team(program_year=program_year, school=school, name=name.strip(), created_by=by)
    team.full_clean()
    team.save()
    return team


def _works_at(teacher: User, school: OrgNode) -> bool:
    """True if the person holds a teacher or principal role at the school today."""
    return scope.holds(teacher, [Role.TEACHER, Role.PRINCIPAL], at=school)


def _year_dates(year: ProgramYear, items, *, window=None, today: dt.date | None = None) -> dict[str, str]:
    """Date errors of a chain of documents of `year` (none after today, inside the year, in order)."""
    return date_errors(
        items,
        window=window or (year.start_date, year.end_date),
        today=today or timezone.localdate(),
        year_name=year.name,
    )


@transaction.atomic
def teacher_assignment_add(
    *,
    by: User | None,
    team: Team,
    teacher: User,
    petition: DocumentInput | None = None,
    justification: str = "",
    today: dt.date | None = None,
) -> TeacherAssignment:
    """Put a teacher in a team.

    Before the program year starts this is the team's formation: active at once from the year's
    start. Afterwards it is a mid-year change: the teacher's petition and a written justification are
    required, and the assignment stays inactive until the Kaymakamlık Oluru is recorded.
    """
    if by is not None:
        require(access.harezmi_teams_editable(by).filter(pk=team.pk).exists())
    day = today or timezone.localdate()
    year = team.program_year
    if not _works_at(teacher, team.school):
        raise ValidationError(
            {"teacher": _("%(person)s does not work at this school.") % {"person": teacher}}
        )
    if TeacherAssignment.objects.current().filter(team=team, teacher=teacher).exists():
        raise ValidationError({"teacher": _("%(person)s is already in this team.") % {"person": teacher}})
    if day > year.end_date:
        raise ValidationError(_("The program year is over."))
    initial = day < year.start_date
    if not initial:
        errors = {}
        if petition is None:
            errors["petition_date"] = _("A teacher joins during the year only with their petition (dilekçe).")
        if not justification.strip():
            errors["justification"] = _(
                "Write why the team's staff changes: staff stability is a rule of the program."
            )
        if petition is not None:
            errors.update(_year_dates(year, [("petition_date", _("The petition"), petition.date)], today=day))
        if errors:
            raise ValidationError(errors)
    assignment = TeacherAssignment(
        team=team,
        teacher=teacher,
        is_initial=initial,
        start_date=year.start_date if initial else None,
        justification=justification.strip(),
        state=State.ACTIVE if initial else State.PENDING_APPROVAL,
    )
    if petition is not None:
        assignment.petition = document_record(
            kind=OfficialDocument.Kind.PETITION, data=petition, node=team.school, by=by, person=teacher
        )
    assignment.full_clean()
    assignment.save()
    if initial:
        _step(assignment, Action.FORMED, State.ACTIVE, by)
    else:
        _step(assignment, Action.PETITION, State.PENDING_APPROVAL, by, justification.strip())
        notify(
            recipients=people_with(DISTRICT_ROLES, team.school.parent),
            message=_("%(school)s asks to add %(person)s to %(team)s: the Kaymakamlık Oluru is needed.")
            % {"school": team.school, "person": teacher, "team": team.name},
            url=_team_url(team),
        )
    return assignment


@transaction.atomic
def teacher_assignment_approve(
    *,
    by: User | None,
    assignment: TeacherAssignment,
    district_approval: DocumentInput,
    governor_approval: OfficialDocument | None = None,
    new_governor_approval: DocumentInput | None = None,
    start_date: dt.date | None = None,
) -> TeacherAssignment:
    """Record the Kaymakamlık Oluru (citing the Valilik Oluru) that activates a mid-year addition."""
    team = assignment.team
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=team.school.parent_id).exists())
    lock_for_step(
        assignment, {State.PENDING_APPROVAL}, _("Only an addition waiting for its approval can be approved.")
    )
    province = team.program_year.province
    if governor_approval is None and new_governor_approval is None:
        raise ValidationError(
            {
                "governor_approval": _(
                    "The Kaymakamlık Oluru must cite the Valilik Oluru: choose or record it."
                )
            }
        )
    if governor_approval is not None and (
        governor_approval.kind != OfficialDocument.Kind.GOVERNOR_APPROVAL
        or governor_approval.node_id != province.pk
    ):
        raise ValidationError({"governor_approval": _("Choose a Valilik Oluru of this province.")})
    year = team.program_year
    cited_date = governor_approval.date if governor_approval is not None else new_governor_approval.date
    governor_field = "governor_approval" if governor_approval is not None else "governor_date"
    # the Valilik Oluru of this program year (it covers the teams formed at its start), not last year's
    errors = _year_dates(
        year, [(governor_field, _("The Valilik Oluru"), cited_date)], window=year.governor_approval_window
    )
    if district_approval.date < cited_date:
        errors.setdefault(
            "approval_date", _("The Kaymakamlık Oluru cannot be older than the Valilik Oluru it cites.")
        )
    petition_date = assignment.petition.date if assignment.petition_id else None
    start = start_date or district_approval.date
    chain = [
        ("petition_date", _("The petition"), petition_date),
        ("approval_date", _("The Kaymakamlık Oluru"), district_approval.date),
    ]
    for field, message in _year_dates(year, chain).items():
        errors.setdefault(field, message)
    if start < district_approval.date:
        errors.setdefault("start_date", _("The teacher cannot start before the approval."))
    if not (year.start_date <= start <= year.end_date):
        errors.setdefault("start_date", _("The start date must fall in the program year."))
    if errors:
        raise ValidationError(errors)
    cited = governor_approval or document_record(
        kind=OfficialDocument.Kind.GOVERNOR_APPROVAL, data=new_governor_approval, node=province, by=by
    )
    assignment.approval = document_record(
        kind=OfficialDocument.Kind.DISTRICT_GOVERNOR_APPROVAL,
        data=district_approval,
        node=team.school.parent,
        by=by,
        person=assignment.teacher,
        cites=cited,
    )
    assignment.start_date = start
    _step(assignment, Action.APPROVED, State.ACTIVE, by, str(assignment.approval))
    assignment.full_clean()
    assignment.save(update_fields=["state", "approval", "start_date", "updated_at"])
    notify(
        recipients=[assignment.teacher, *people_with({Role.PRINCIPAL}, team.school)],
        message=_("%(person)s joins %(team)s from %(date)s (%(approval)s).")
        % {
            "person": assignment.teacher,
            "team": team,
            "date": format_date(start),
            "approval": assignment.approval,
        },
        url=_team_url(team),
    )
    notify_letter_recorded(
        document=assignment.approval,
        program_year=team.program_year,
        about=_("%(person)s joins %(team)s (%(school)s)")
        % {"person": assignment.teacher, "team": team.name, "school": team.school},
    )
    return assignment


@transaction.atomic
def teacher_assignment_refuse(
    *, by: User | None, assignment: TeacherAssignment, note: str
) -> TeacherAssignment:
    """The district does not approve a mid-year addition; the reason is kept and told to the school."""
    team = assignment.team
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=team.school.parent_id).exists())
    lock_for_step(
        assignment, {State.PENDING_APPROVAL}, _("Only an addition waiting for its approval can be refused.")
    )
    if not note.strip():
        raise ValidationError({"note": _("Write why the addition is not approved.")})
    _step(assignment, Action.REFUSED, State.REFUSED, by, note.strip())
    assignment.save(update_fields=["state", "updated_at"])
    notify(
        recipients=people_with({Role.PRINCIPAL}, team.school),
        message=_("Adding %(person)s to %(team)s was not approved: %(note)s")
        % {"person": assignment.teacher, "team": team.name, "note": note.strip()},
        url=_team_url(team),
    )
    return assignment


@transaction.atomic
def teacher_departure_request(
    *,
    by: User | None,
    assignment: TeacherAssignment,
    petition: DocumentInput,
    justification: str,
    end_date: dt.date,
) -> TeacherAssignment:
    """Record a teacher's petition to leave a team, with the written justification of the change."""
    team = assignment.team
    if by is not None:
        require(access.harezmi_teams_editable(by).filter(pk=team.pk).exists())
    lock_for_step(assignment, {State.ACTIVE}, _("Only an active teacher can leave the team."))
    if not justification.strip():
        raise ValidationError(
            {
                "justification": _(
                    "Write why the team's staff changes: staff stability is a rule of the program."
                )
            }
        )
    if assignment.start_date and end_date < assignment.start_date:
        raise ValidationError({"end_date": _("The teacher cannot leave before they started.")})
    year = team.program_year
    errors = _year_dates(year, [("petition_date", _("The departure petition"), petition.date)])
    if not (year.start_date <= end_date <= year.end_date):
        errors["end_date"] = _("The last day in the team must fall in the program year.")
    if errors:
        raise ValidationError(errors)
    assignment.departure_petition = document_record(
        kind=OfficialDocument.Kind.PETITION, data=petition, node=team.school, by=by, person=assignment.teacher
    )
    assignment.departure_justification = justification.strip()
    assignment.end_date = end_date
    _step(assignment, Action.DEPARTURE_PETITION, State.DEPARTURE_PENDING, by, justification.strip())
    assignment.full_clean()
    assignment.save(
        update_fields=["state", "departure_petition", "departure_justification", "end_date", "updated_at"]
    )
    notify(
        recipients=people_with(DISTRICT_ROLES, team.school.parent),
        message=_("%(person)s leaves %(team)s on %(date)s: send the letter to the province (EBYS).")
        % {"person": assignment.teacher, "team": team, "date": format_date(end_date)},
        url=_team_url(team),
    )
    return assignment


@transaction.atomic
def teacher_departure_report(
    *, by: User | None, assignment: TeacherAssignment, letter: DocumentInput
) -> TeacherAssignment:
    """Record the EBYS letter informing the province of a departure; the teacher leaves the team."""
    team = assignment.team
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=team.school.parent_id).exists())
    lock_for_step(
        assignment, {State.DEPARTURE_PENDING}, _("Only a departure with a recorded petition can be reported.")
    )
    if not letter.number.strip():
        raise ValidationError({"letter_number": _("Write the EBYS number of the letter.")})
    chain = [
        ("petition_date", _("The departure petition"), assignment.departure_petition.date),
        ("letter_date", _("The letter to the province"), letter.date),
    ]
    errors = _year_dates(team.program_year, chain)
    if "letter_date" in errors:
        raise ValidationError({"letter_date": errors["letter_date"]})
    assignment.departure_letter = document_record(
        kind=OfficialDocument.Kind.EBYS_LETTER,
        data=letter,
        node=team.school.parent,
        by=by,
        person=assignment.teacher,
    )
    _step(assignment, Action.DEPARTURE_LETTER, State.ENDED, by, str(assignment.departure_letter))
    assignment.save(update_fields=["state", "departure_letter", "updated_at"])
    notify(
        recipients=people_with(PROVINCE_ROLES, team.program_year.province),
        message=_("%(person)s left %(team)s (%(letter)s). Justification: %(why)s")
        % {
            "person": assignment.teacher,
            "team": team,
            "letter": assignment.departure_letter,
            "why": assignment.departure_justification,
        },
        url=reverse("harezmi:staff-ledger"),
    )
    notify_letter_recorded(
        document=assignment.departure_letter,
        program_year=team.program_year,
        about=_("%(person)s leaves %(team)s (%(school)s)")
        % {"person": assignment.teacher, "team": team.name, "school": team.school},
    )
    return assignment


def teacher_ensure_active(*, team: Team, teacher: User, on: dt.date | None = None) -> TeacherAssignment:
    """Return the teacher's assignment if they may be put on the team's schedule or a session on `on`.

    An addition still waiting for its Kaymakamlık Oluru, or a teacher who left, is refused.
    """
    assignment = TeacherAssignment.objects.active(on).filter(team=team, teacher=teacher).first()
    if assignment is None:
        raise ValidationError(
            _("%(person)s is not an active teacher of %(team)s: the approval may not be recorded yet.")
            % {"person": teacher, "team": team.name}
        )
    return assignment
