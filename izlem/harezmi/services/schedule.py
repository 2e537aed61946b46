"""Weekly application hours: the school sets and changes them (announced), the district balances them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.core.formats import format_date
from izlem.core.notifications import notify
from izlem.harezmi import access, balancing, selectors
from izlem.harezmi.models import Application, ProgramYear, ScheduleChange, TeacherAssignment, Team, Weekday
from izlem.harezmi.services.common import lock_row, people_with, require
from izlem.org import scope
from izlem.org.models import OrgNode, Role, User


def _team_teachers(team: Team) -> list[User]:
    """The team's current teachers (to tell them of a change)."""
    return [
        a.teacher for a in TeacherAssignment.objects.current().filter(team=team).select_related("teacher")
    ]


def _source_of(by: User | None, team: Team) -> str:
    """Who sets the time, as the change record says: the school, its district or the province.

    The person's role where they act decides (a province coordinator changing a school's time is the
    province, not the school); without a person (imports, the demo) it is the school's own setting.
    """
    if by is None:
        return ScheduleChange.Source.SCHOOL
    if scope.holds(by, at=team.school):
        return ScheduleChange.Source.SCHOOL
    if team.school.parent_id and scope.holds(by, at=team.school.parent):
        return ScheduleChange.Source.DISTRICT
    return ScheduleChange.Source.PROVINCE


def _year_not_over(program_year: ProgramYear, effective_from: dt.date) -> None:
    """Nothing changes in a program year after it ends: a change must take effect inside it."""
    if effective_from > program_year.end_date:
        raise ValidationError(
            {
                "effective_from": _(
                    "The program year %(year)s ended on %(end)s: a change taking effect on %(date)s is refused."
                )
                % {
                    "year": program_year.name,
                    "end": format_date(program_year.end_date),
                    "date": format_date(effective_from),
                }
            }
        )


def _record_change(
    *,
    team: Team,
    weekday: int,
    first_lesson: int,
    source: str,
    reason: str,
    announcement: str,
    effective_from: dt.date,
    by: User | None,
) -> ScheduleChange | None:
    """Save the team's new time and the change record with its announcement; None if nothing changed."""
    if team.weekday == weekday and team.first_lesson == first_lesson:
        return None
    change = ScheduleChange(
        team=team,
        old_weekday=team.weekday,
        old_first_lesson=team.first_lesson,
        new_weekday=weekday,
        new_first_lesson=first_lesson,
        source=source,
        reason=reason,
        effective_from=effective_from,
        announcement=announcement,
        announced_to=team.students.count() if announcement else 0,
        announced_on=timezone.localdate() if announcement else None,
        changed_by=by,
    )
    change.full_clean()
    change.save()
    team.weekday, team.first_lesson = weekday, first_lesson
    team.save(update_fields=["weekday", "first_lesson", "updated_at"])
    return change


@transaction.atomic
def team_schedule_set(
    *,
    by: User | None,
    team: Team,
    weekday: int,
    first_lesson: int,
    reason: str = "",
    announcement: str = "",
    effective_from: dt.date | None = None,
) -> ScheduleChange | None:
    """Set a team's weekly day and 4 lesson hours; a change of a set time must be announced to parents."""
    if by is not None:
        require(access.harezmi_teams_editable(by).filter(pk=team.pk).exists())
    errors = {}
    if weekday not in Weekday.values:
        errors["weekday"] = _("Choose a weekday.")
    if first_lesson not in team.program_year.first_lesson_choices:
        errors["first_lesson"] = _(
            "The four lesson hours must fit in the school day (lessons 1 to %(last)d)."
        ) % {"last": team.program_year.last_lesson}
    application = Application.objects.filter(program_year=team.program_year, school=team.school).first()
    if application and weekday in application.unavailable_day_set:
        errors["weekday"] = _("The school has marked this day as unavailable.")
    day = effective_from or timezone.localdate()
    _year_not_over(team.program_year, day)
    is_change = team.has_schedule
    if is_change and not announcement.strip():
        errors["announcement"] = _("Write the announcement that tells students and parents about the change.")
    if is_change and not reason.strip():
        errors["reason"] = _("Write why the application time changes.")
    if errors:
        raise ValidationError(errors)
    change = _record_change(
        team=team,
        weekday=weekday,
        first_lesson=first_lesson,
        source=_source_of(by, team),
        reason=reason.strip(),
        announcement=announcement.strip(),
        effective_from=day,
        by=by,
    )
    if change is not None and is_change:
        notify(
            recipients=_team_teachers(team),
            message=_("%(team)s now meets on %(day)s, %(lessons)s.")
            % {"team": team, "day": Weekday(weekday).label, "lessons": selectors.lesson_label(first_lesson)},
            url=reverse("harezmi:team-detail", args=[team.pk]),
        )
    return change


@transaction.atomic
def team_schedule_announce(
    *, by: User | None, team: Team, announcement: str, announced_on: dt.date | None = None
) -> ScheduleChange:
    """Record the announcement of a team's first weekly time to its students and parents.

    The school sets a new team's time during planning and announces it later (the program is prepared
    and announced by the school). The announcement goes on the record that set the current time, as a
    change's announcement does; a team whose time was never recorded (set before records were kept)
    gets its first-setting record now.
    """
    if by is not None:
        require(access.harezmi_teams_editable(by).filter(pk=team.pk).exists())
    # Two people announcing at once: the second sees the first's announcement and is refused.
    lock_row(team)
    today = timezone.localdate()
    day = announced_on or today
    errors = {}
    if not team.has_schedule:
        raise ValidationError(
            _("Set the weekly application time of %(team)s before announcing it.") % {"team": team}
        )
    if not announcement.strip():
        errors["announcement"] = _(
            "Write the announcement that tells students and parents the application time."
        )
    if day > today:
        errors["announced_on"] = _("The announcement date %(date)s is after today (%(today)s).") % {
            "date": format_date(day),
            "today": format_date(today),
        }
    if errors:
        raise ValidationError(errors)
    announced = team.schedule_changes.filter(announced_on__isnull=False).order_by("-announced_on").first()
    if announced is not None:
        raise ValidationError(
            _("The weekly application time of %(team)s was already announced on %(date)s.")
            % {"team": team, "date": format_date(announced.announced_on)}
        )
    record = (
        team.schedule_changes.filter(new_weekday=team.weekday, new_first_lesson=team.first_lesson)
        .order_by("-created_at", "-id")
        .first()
    )
    set_on = timezone.localdate(record.created_at) if record is not None else None
    if set_on is not None and day < set_on:
        raise ValidationError(
            {
                "announced_on": _("The announcement date %(date)s is before the time was set (%(set)s).")
                % {"date": format_date(day), "set": format_date(set_on)}
            }
        )
    if record is None:
        record = ScheduleChange(
            team=team,
            new_weekday=team.weekday,
            new_first_lesson=team.first_lesson,
            source=_source_of(by, team),
            effective_from=day,
            changed_by=by,
        )
    record.announcement = announcement.strip()
    record.announced_to = team.students.count()
    record.announced_on = day
    record.full_clean()
    if record.pk is None:
        record.save(force_insert=True)
    else:
        record.save(update_fields=["announcement", "announced_to", "announced_on", "updated_at"])
    return record


@transaction.atomic
def balancing_apply(
    *,
    by: User | None,
    program_year: ProgramYear,
    district: OrgNode,
    keys: list[str] | None = None,
    effective_from: dt.date | None = None,
) -> list[ScheduleChange]:
    """Apply the district's balancing proposal, all of it (`keys=None`) or the chosen moves.

    The proposal is computed again here, so only its own moves can be applied. Applying a part is
    refused if it would leave a coordinator with two schools at the same time that the full proposal
    avoids. Every moved team gets a change record with an announcement to its students' parents.
    """
    if by is not None:
        require(access.harezmi_district_nodes(by).filter(pk=district.pk).exists())
    day = effective_from or timezone.localdate()
    _year_not_over(program_year, day)
    week = selectors.district_week(program_year, district)
    proposal = selectors.district_proposal(week)
    if not proposal.feasible:
        raise ValidationError(proposal.explanation)
    moves = [m for m in proposal.moves if keys is None or m.key in set(keys)]
    if not moves:
        raise ValidationError(_("Choose at least one proposed change."))
    current = {s.key: s.day for s in week.sessions}
    after = {**current, **{m.key: m.to_day for m in moves}}
    new_conflicts = balancing.conflicts(week.sessions, after) - balancing.conflicts(week.sessions, current)
    if new_conflicts:
        labels = {s.key: s.label for s in week.sessions}
        pairs = "; ".join(
            " / ".join(sorted(labels[key] for key in pair)) for pair in sorted(new_conflicts, key=sorted)
        )
        raise ValidationError(
            _(
                "Applying only these changes would put one coordinator's schools at the same time: %(pairs)s. "
                "Choose the related changes too."
            )
            % {"pairs": pairs}
        )
    changes = []
    for move in moves:
        for team in week.teams_of[move.key]:
            announcement = _(
                "The Harezmi application day of %(team)s changes from %(old)s to %(new)s (%(lessons)s) from %(date)s."
            ) % {
                "team": team,
                "old": Weekday(move.from_day).label,
                "new": Weekday(move.to_day).label,
                "lessons": selectors.lesson_label(team.first_lesson),
                "date": format_date(day),
            }
            change = _record_change(
                team=team,
                weekday=move.to_day,
                first_lesson=team.first_lesson,
                source=ScheduleChange.Source.BALANCING,
                reason=_("Balancing of the application days across the weekdays by the district."),
                announcement=announcement,
                effective_from=day,
                by=by,
            )
            if change is not None:
                changes.append(change)
                notify(
                    recipients=[*people_with({Role.PRINCIPAL}, team.school), *_team_teachers(team)],
                    message=announcement,
                    url=reverse("harezmi:team-detail", args=[team.pk]),
                )
    return changes
