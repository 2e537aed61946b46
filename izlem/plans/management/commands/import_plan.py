"""`izlem import_plan FILE`: a strategic plan from any file `izlem.plans.importers.files` reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izlem.org.models import OrgNode


class Command(BaseCommand):
    help = (
        "Import a strategic plan (all or nothing; running it again changes nothing). Accepts the Ministry "
        "template as a Word document (.docx) or as plain text (.txt: UTF-8, UTF-16 or Turkish Windows-1254), "
        "an izlem plan workbook (.xlsx, .xlsm, .xls, .ods) or izlem-plan/1 JSON (.json). Old Word (.doc), LibreOffice Writer (.odt), "
        "RTF, PDF and CSV files are refused with what to bring instead. Prints counts, everything it could "
        "not read or map, and the plan's ID."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--owner",
            help="Official code of the province or district that owns the plan "
            "(default: the province named in the document).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check everything and print the change plan the real run would apply; write nothing.",
        )
        parser.add_argument(
            "--text-out",
            metavar="PATH",
            help="Also write the plan as the text izlem read (a Word plan in the Ministry text layout), "
            'where the line numbers in the messages ("satır 2913") can be looked up.',
        )

    def handle(
        self,
        *args,
        file: str,
        owner: str | None = None,
        dry_run: bool = False,
        text_out: str | None = None,
        **options,
    ):
        from django.db import transaction

        from izlem.plans.importers.loader.load import PlanImportError, plan_import_document

        path = Path(file)
        if not path.exists():
            raise CommandError(_("The file %(file)s does not exist.") % {"file": file})
        owner_node = None
        if owner:
            owner_node = OrgNode.objects.filter(code=owner, kind__in=["province", "district"]).first()
            if owner_node is None:
                raise CommandError(_("No province or district has the code %(code)s.") % {"code": owner})
        document = self._read(path)
        if text_out:
            self._write_text(path, Path(text_out))
        try:
            with transaction.atomic():
                result = plan_import_document(document, source_name=path.name, owner=owner_node)
                if dry_run:
                    transaction.set_rollback(True)
        except PlanImportError as exc:
            if exc.change_plan is not None:
                self._print_changes(exc.change_plan)
                self.stderr.write(_("Refused; nothing was written:"))
            for problem in exc.problems:
                self.stderr.write(f"{problem.where}: {problem.message}")
            raise CommandError(
                _("%(count)d error(s) found; nothing was written.") % {"count": len(exc.problems)}
            ) from exc
        self._report(result, dry_run)

    def _read(self, path: Path):
        """Parse the file by its format (one reader per format); unreadable files stop with located messages."""
        from izlem.plans.importers.files import PlanFileError, read_plan_file

        try:
            return read_plan_file(path.name, path.read_bytes())
        except PlanFileError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("%(count)d error(s) found; nothing was written.") % {"count": len(exc.messages)}
            ) from exc

    def _write_text(self, path: Path, out: Path) -> None:
        """Write the text layout the plan was read from (for .docx and .txt plans; workbooks have none)."""
        from izlem.plans.importers.files import plan_file_text

        text = plan_file_text(path.name, path.read_bytes())
        if text is None:
            self.stderr.write(_("%(file)s is a workbook; it has no text to write.") % {"file": path.name})
            return
        out.write_text(text, encoding="utf-8")
        self.stdout.write(_("The text read was written to %(file)s.") % {"file": out})

    def _print_changes(self, change_plan) -> None:
        """The change plan, the same for a dry run, a real run and a refused one."""
        lines = change_plan.lines()
        self.stdout.write(_("Change plan (%(count)d):") % {"count": len(lines)})
        for line in lines:
            self.stdout.write(f"  {line}")

    def _report(self, result, dry_run: bool) -> None:
        """Counts, problems and the plan ID."""
        labels = {
            "goals": _("goals"),
            "targets": _("targets"),
            "indicators": _("indicators"),
            "indicator_rows": _("indicator value rows"),
            "measures": _("measures"),
            "cost_lines": _("cost lines"),
            "stakeholders": _("stakeholders"),
            "pest": _("PEST items"),
            "swot": _("SWOT items"),
            "tows": _("TOWS strategies"),
            "problem_areas": _("problem areas"),
            "architecture": _("architecture components"),
        }
        for key, label in labels.items():
            self.stdout.write(f"{label}: {result.counts.get(key, 0)}")
        if not result.created:  # a new plan's change plan would list every record
            self._print_changes(result.change_plan)
        if result.problems:
            self.stdout.write(_("Could not read or map (%(count)d):") % {"count": len(result.problems)})
            for problem in result.problems:
                self.stdout.write(f"  - {problem.where}: {problem.message}")
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif result.created:
            self.stdout.write(_("Plan created: ID %(id)d") % {"id": result.plan.pk})
        elif result.changes:
            self.stdout.write(
                _("Plan updated (%(n)d changes): ID %(id)d") % {"n": result.changes, "id": result.plan.pk}
            )
        else:
            self.stdout.write(_("Plan unchanged: ID %(id)d") % {"id": result.plan.pk})
