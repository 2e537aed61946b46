"""Benchmark (7): the long export of values (issue 18) — rows, seconds and peak memory, CSV and XLSX.

    DATABASE_URL=postgres://…/izlem_bench BENCH_TIER=national python benchmarks/value_export.py

Each export runs in its own process (so that its peak resident memory, `ru_maxrss`, is its own): once for
one province and once for everything, as a reader of the whole plan (a top manager at the plan's owner,
a system administrator when the owner is the ministry, as at the national tier).
The bytes go nowhere (counted, as a client would receive them). Memory is flat when the whole export's
peak stays at the one province's, whatever the number of lines. Writes its section of docs/performance.md.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

USERNAME = "bench-export"


def child(fmt: str, node_id: int | None) -> dict:
    """One export in this process: lines, bytes, seconds, peak resident memory before and after."""
    from izlem.monitoring import export
    from izlem.monitoring.models import Period
    from izlem.org.models import User

    user = User.objects.get(username=USERNAME)
    periods = list(Period.objects.order_by("year", "half"))
    scope = export.export_scope(user, period_from=periods[0].pk, period_to=periods[-1].pk, node=node_id)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    counted = export._Counted(export.export_lines(user, scope))
    pieces = export.csv_stream(export.header(), counted) if fmt == "csv" else export.xlsx_pieces(counted)
    size = sum(len(piece) for piece in pieces)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "lines": counted.count,
        "bytes": size,
        "seconds": seconds,
        "rss_before": before,
        "rss_peak": after,
    }


def main() -> None:
    common.django_setup()
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        node = int(sys.argv[3]) if sys.argv[3] != "all" else None
        print(json.dumps(child(sys.argv[2], node)))
        return
    tier = os.environ.get("BENCH_TIER", "province")
    common.ensure_province(tier)
    from izlem.monitoring.models import Period, Value
    from izlem.org.models import OrgNode, Role, RoleAssignment, User
    from izlem.org.services import role_assign

    owner = Period.objects.select_related("plan__owner").first().plan.owner
    user = User.objects.filter(username=USERNAME).first() or User.objects.create_user(USERNAME, password=None)
    if not RoleAssignment.objects.filter(user=user).exists():
        # the national plan belongs to the ministry, where only system administrators hold a role
        role = Role.SYSADMIN if owner.kind == OrgNode.Kind.MINISTRY else Role.TOP_MANAGER
        role_assign(by=None, user=user, role=role, node=owner)
    province = (
        OrgNode.objects.filter(kind="province", path__startswith=owner.path).order_by("path").first() or owner
    )
    lines = common.Lines()
    lines.append("## (7) Long export of values (`benchmarks/value_export.py`)")
    lines.append("")
    lines.append(common.machine())
    lines.append(
        f"Tier {tier}: {Value.objects.count():,} values; every period of the plan, as a reader of the whole plan ({owner.name})."
    )
    lines.append("")
    lines.append(
        "| format | scope | lines | file | seconds | lines/s | peak RSS | RSS before the export | load |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for fmt in ("csv", "xlsx"):
        for label, node in ((province.name, str(province.pk)), ("everything", "all")):
            load = common.load()
            out = subprocess.run(
                [sys.executable, __file__, "--child", fmt, node],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            lines.append(
                f"| {fmt.upper()} | {label} | {result['lines']:,} | {result['bytes'] / 1e6:,.1f} MB "
                f"| {result['seconds']:.1f} | {result['lines'] / max(result['seconds'], 1e-9):,.0f} "
                f"| {result['rss_peak'] / 1024:.0f} MB | {result['rss_before'] / 1024:.0f} MB | {load} |"
            )
    common.write("value-export", "\n".join(lines))


if __name__ == "__main__":
    main()
