"""`izlem demo`: set up an SQLite database with demo data and serve it on http://127.0.0.1:8000."""

from __future__ import annotations

import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from izlem.ops.demo.org import org_rows
from izlem.ops.demo.people import DEMO_PASSWORD, ensure_demo_users
from izlem.org.importers import org_import_rows
from izlem.org.models import OrgNode, User


class Command(BaseCommand):
    help = "Create (or refresh) the demo data and serve the application. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Set up the data and stop.")
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="Where to serve (default 127.0.0.1:8000)."
        )

    def handle(self, *args, no_serve: bool = False, addrport: str = "127.0.0.1:8000", **options):
        if hasattr(sys.stdout, "reconfigure"):  # each line as it happens, also into a file or a pipe
            sys.stdout.reconfigure(line_buffering=True)
        translation.activate("tr")
        self.stdout.write("Demo verileri hazırlanıyor (ilk çalıştırmada birkaç dakika sürer)…")
        self._compile_messages()
        call_command("migrate", interactive=False, verbosity=0)
        result = org_import_rows(org_rows())
        if result.errors:
            raise CommandError("\n".join(result.errors))
        printed = ensure_demo_users()
        self._load_plan()
        self._load_harezmi()
        self._print_summary(printed, addrport)
        if not no_serve:
            self._serve(addrport)

    def _serve(self, addrport: str) -> None:
        """Run the background worker (reports, bulk uploads) beside the web server; stop both together."""
        import subprocess
        import sys

        worker = subprocess.Popen(
            [sys.executable, "-m", "izlem", "db_worker", "--interval", "1", "--no-reload"]
        )
        self.stdout.write("Arka plan işçisi (rapor ve toplu yükleme) başlatıldı.")
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def _compile_messages(self) -> None:
        """Compile the Turkish translations if gettext is installed and they are missing or stale."""
        locale_dir = settings.BASE_DIR / "locale" / "tr" / "LC_MESSAGES"
        po, mo = locale_dir / "django.po", locale_dir / "django.mo"
        if (
            po.exists()
            and shutil.which("msgfmt")
            and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime)
        ):
            call_command("compilemessages", locale=["tr"], verbosity=0)

    def _load_plan(self) -> None:
        """Import the seed strategic plan and fill its demo monitoring periods (both idempotent)."""
        from izlem.monitoring.computed import demo_bind_seed_indicators
        from izlem.ops.demo.monitoring import demo_return_for_correction, load_demo_monitoring
        from izlem.ops.demo.plans import load_demo_plan

        plan = load_demo_plan()
        self.stdout.write(f"Stratejik plan: {plan.title} (#{plan.pk})")
        written = load_demo_monitoring(plan)
        principal = User.objects.get(username="okul.muduru").assignments.get().node
        demo_return_for_correction(plan, principal)
        demo_bind_seed_indicators(plan)  # 2.2.5, 2.3.1, 2.3.2, 3.1.7, 3.1.8, 3.2.15 from the records
        if written:
            self.stdout.write(f"İzleme: 2015-1 … 2017-1 dönemleri, {written} değer")

    def _load_harezmi(self) -> None:
        """Add the Harezmi program year of Erzincan containing today (idempotent)."""
        from izlem.ops.demo.harezmi.year import load_demo_harezmi

        load_demo_harezmi(stdout=self.stdout)

    def _print_summary(self, printed, addrport: str) -> None:
        """Say what is there and how to sign in."""
        counts = {
            kind: OrgNode.objects.filter(kind=kind).count() for kind in ("province", "district", "school")
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo hazır: {counts['province']} il, {counts['district']} ilçe, {counts['school']} okul/kurum, "
                f"{User.objects.count()} kullanıcı."
            )
        )
        self.stdout.write(f"\nAdres: http://{addrport}/   (giriş: http://{addrport}/accounts/login/)")
        self.stdout.write(f"Tüm demo kullanıcılarının parolası: {DEMO_PASSWORD}\n")
        for username, role, node in printed:
            self.stdout.write(f"  {username:<18} {role:<32} {node.name}")
        self.stdout.write(
            "\n'admin' ilk girişte iki aşamalı doğrulamayı (TOTP) kurar: sistem yöneticileri için zorunludur.\n"
        )
