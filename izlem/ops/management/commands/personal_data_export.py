"""`izlem personal_data_export PERSON`: everything izlem holds on one user or one student, as JSON (KVKK art. 11)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from izlem.core.kvkk import personal_data_access_log
from izlem.core.models import PersonalDataAccess
from izlem.ops import kvkk


class Command(BaseCommand):
    help = (
        "Export everything held on one person as JSON. PERSON is a username (or user:USERNAME) or "
        "student:ID (the student's record number). The Turkish ID number is masked unless "
        "--reveal-national-id is given; every export is written to the personal data access log."
    )

    def add_arguments(self, parser):
        parser.add_argument("person")
        parser.add_argument("--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--reveal-national-id",
            action="store_true",
            help="Include a student's Turkish ID number unmasked (logged as such).",
        )

    def handle(
        self, *args, person: str, output: str | None = None, reveal_national_id: bool = False, **options
    ):
        from izlem.harezmi.models import Student
        from izlem.org.models import User

        kind, _sep, key = person.partition(":") if ":" in person else ("user", "", person)
        if kind == "student":
            student = Student.objects.filter(pk=int(key)).first() if key.isdigit() else None
            if student is None:
                raise CommandError(_("No student has the record number %(key)s.") % {"key": key})
            data = kvkk.personal_data_of_student(student, reveal_national_id=reveal_national_id)
            subject, subject_id = PersonalDataAccess.Subject.STUDENT, student.pk
        elif kind == "user":
            user = User.objects.filter(username=key).first()
            if user is None:
                raise CommandError(_("No user has the username %(key)s.") % {"key": key})
            if reveal_national_id:
                raise CommandError(_("--reveal-national-id applies to students only."))
            data = kvkk.personal_data_of_user(user)
            subject, subject_id = PersonalDataAccess.Subject.USER, user.pk
        else:
            raise CommandError(_("Give a username, user:USERNAME or student:ID."))
        personal_data_access_log(
            user=None,
            action=PersonalDataAccess.Action.EXPORT,
            subject_type=subject,
            subject_id=subject_id,
            what="personal data export (all records)",
            path="izlem personal_data_export",
            national_id_revealed=reveal_national_id,
        )
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(_("Written to %(file)s.") % {"file": output})
        else:
            self.stdout.write(text)
