"""Personal data duties (KVKK, Law 6698) that gather from every app: the export of everything held on one
person and the anonymisation of people past their retention period. The access log: izlem.core.kvkk.

What is personal data here, why it is held, who sees it and for how long: docs/security.md.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from izlem.core.kvkk import personal_data_access_log
from izlem.core.models import PersonalDataAccess

# Fields never written to an export (secrets and the raw forms of the ID number).
SECRET_FIELDS = {"password", "national_id_ciphertext", "national_id_digest"}
ANONYMOUS = "ANONIM"
ANONYMISED_USER_PREFIX = "anonymised-"


# --- export of everything held on one person ---------------------------------------------------------
def _rows(queryset) -> list[dict]:
    """Rows as {model, pk, fields} without secret fields (ID numbers are masked in their own field)."""
    rows = serializers.serialize("python", queryset)
    for row in rows:
        for name in SECRET_FIELDS & set(row["fields"]):
            del row["fields"][name]
    return rows


def _is_history(model) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "history_date")


def _referencing(target_model, pk: int) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """Every row of every model that points at the record (rows of business tables, counts of history)."""
    rows: dict[str, list[dict]] = {}
    counts: dict[str, int] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is not target_model:
                continue
            queryset = model._base_manager.filter(**{field.attname: pk})
            label = f"{model._meta.label_lower}.{field.name}"
            if _is_history(model):
                number = queryset.count()
                if number:
                    counts[label] = number
            else:
                found = _rows(queryset.order_by("pk"))
                if found:
                    rows[label] = found
    return rows, counts


def personal_data_of_user(user) -> dict:
    """Everything izlem holds on one user: the account, every row that names them, their audit footprint."""
    rows, counts = _referencing(type(user), user.pk)
    return {
        "kind": "user",
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "account": _rows(type(user).objects.filter(pk=user.pk))[0],
        "records": rows,
        "audit_trail_rows_by_them": counts,
        "accesses_to_their_data": _rows(
            PersonalDataAccess.objects.filter(subject_type="user", subject_id=user.pk).order_by("pk")
        ),
    }


def personal_data_of_student(student, *, reveal_national_id: bool = False) -> dict:
    """Everything izlem holds on one student; the ID number masked unless explicitly revealed."""
    from izlem.harezmi import national_id

    record = _rows(type(student).objects.filter(pk=student.pk))[0]
    record["fields"]["national_id"] = (
        national_id.reveal(student.national_id_ciphertext)
        if reveal_national_id
        else student.national_id_masked
    ) or ""
    rows, counts = _referencing(type(student), student.pk)
    history = [
        {
            "history_date": h.history_date.isoformat(),
            "history_type": h.history_type,
            "history_user": h.history_user_id,
            "first_name": h.first_name,
            "last_name": h.last_name,
            "grade": h.grade,
            "team": h.team_id,
        }
        for h in student.history.order_by("history_date", "history_id")
    ]
    return {
        "kind": "student",
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "student": record,
        "records": rows,
        "history": history,
        "history_rows_elsewhere": counts,
        "accesses_to_their_data": _rows(
            PersonalDataAccess.objects.filter(subject_type="student", subject_id=student.pk).order_by("pk")
        ),
    }


# --- anonymisation -----------------------------------------------------------------------------------
def _cutoff_start(cutoff: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))


@transaction.atomic
def students_anonymise(*, before: dt.date, dry_run: bool = False) -> int:
    """Anonymise the students of program years that ended before `before` (names, ID number, consent
    form and the same fields in the audit trail); returns how many students."""
    from izlem.harezmi.models import ParentalConsent, Student

    students = Student.objects.filter(program_year__end_date__lt=before).exclude(first_name=ANONYMOUS)
    ids = list(students.values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    consents = ParentalConsent.objects.filter(student_id__in=ids)
    files = [c.form_file for c in consents if c.form_file]
    for pk in ids:
        Student.objects.filter(pk=pk).update(
            first_name=ANONYMOUS,
            last_name=f"#{pk}",
            national_id_ciphertext="",
            national_id_digest="",
            national_id_last_digits="",
        )
        Student.history.filter(id=pk).update(
            first_name=ANONYMOUS, last_name=f"#{pk}", national_id_last_digits=""
        )
    consents.update(parent_name=ANONYMOUS, form_file="")
    ParentalConsent.history.filter(student_id__in=ids).update(parent_name=ANONYMOUS, form_file="")
    # Files go once the rows are committed: a rollback must not leave rows pointing at deleted files.
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    personal_data_access_log(
        user=None,
        action=PersonalDataAccess.Action.ANONYMISE,
        subject_type=PersonalDataAccess.Subject.MANY,
        what=f"{len(ids)} students of program years ended before {before.isoformat()}",
        path="izlem anonymise",
    )
    return len(ids)


@transaction.atomic
def users_anonymise(*, before: dt.date, dry_run: bool = False) -> int:
    """Anonymise deactivated users whose account last changed before `before` (the deactivation date is the
    last change of an inactive account); their rows stay, so the audit trail keeps who did what."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    candidates = (
        User.objects.filter(is_active=False)
        .exclude(username__startswith=ANONYMISED_USER_PREFIX)
        .annotate(
            last_change=Subquery(
                User.history.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
            )
        )
    )
    start = _cutoff_start(before)
    users = [u for u in candidates if (u.last_change or u.date_joined) < start]
    if dry_run or not users:
        return len(users)
    blank = {"first_name": "", "last_name": "", "email": "", "title": "", "phone": ""}
    for user in users:
        name = f"{ANONYMISED_USER_PREFIX}{user.pk}"
        user.set_unusable_password()
        User.objects.filter(pk=user.pk).update(username=name, password=user.password, **blank)
        User.history.filter(id=user.pk).update(username=name, **blank)
    personal_data_access_log(
        user=None,
        action=PersonalDataAccess.Action.ANONYMISE,
        subject_type=PersonalDataAccess.Subject.MANY,
        what=f"{len(users)} deactivated users unchanged since before {before.isoformat()}",
        path="izlem anonymise",
    )
    return len(users)
