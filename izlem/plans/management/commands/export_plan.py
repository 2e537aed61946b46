"""`izlem export_plan PLAN_ID --format json|xlsx [--output FILE]`: a plan for exchange (JSON `izlem-plan/1`) or bulk editing."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from izlem.plans.exchange.writer import write_plan_workbook
from izlem.plans.models import Plan
from izlem.plans.plan_json.writer import plan_json_text


class Command(BaseCommand):
    help = (
        "Export a plan as JSON in the format izlem-plan/1 (standard output by default) or as an XLSX "
        "workbook; import_plan reads both back."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument(
            "--output", help="File to write (default: standard output for JSON; required for XLSX)."
        )

    def handle(self, *args, plan_id: int, format: str, output: str | None = None, **options):
        plan = Plan.objects.filter(pk=plan_id).select_related("owner").first()
        if plan is None:
            raise CommandError(_("There is no plan with the ID %(id)d.") % {"id": plan_id})
        if format == "xlsx":
            if not output:
                raise CommandError(_("An XLSX export needs --output FILE."))
            write_plan_workbook(plan, output)
            self.stdout.write(_("Written: %(file)s") % {"file": output})
            return
        text = plan_json_text(plan)
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            self.stdout.write(_("Written: %(file)s") % {"file": output})
        else:
            sys.stdout.write(text)
