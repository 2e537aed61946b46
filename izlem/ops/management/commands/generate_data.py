"""`izlem generate_data`: synthetic data at province or national scale, deterministic by seed (izlem/ops/datagen/)."""

from __future__ import annotations

import dataclasses
import time

from django.core.management.base import BaseCommand, CommandError

from izlem.ops.datagen.generator import generate
from izlem.ops.datagen.sizes import TIERS, GenerateError


class Command(BaseCommand):
    help = (
        "Write synthetic data through bulk paths into an empty database: --tier province (9 districts, "
        "~250 schools, 10 periods) or national (81 provinces, 922 districts, 60,000 schools, 2 periods, Harezmi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(TIERS), default="province")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        for name in ("provinces", "districts", "schools", "periods"):
            parser.add_argument(f"--{name}", type=int, help=f"Override the tier's number of {name}.")

    def handle(self, *args, tier: str, seed: int, **options):
        overrides = {
            name: options[name]
            for name in ("provinces", "districts", "schools", "periods")
            if options.get(name) is not None
        }
        size = dataclasses.replace(TIERS[tier], **overrides)
        self.stdout.write(f"generate_data: tier {tier}, {size}, seed {seed}")
        started = time.perf_counter()
        try:
            report = generate(size, seed=seed, tier=tier, progress=self.stdout.write)
        except GenerateError as error:
            raise CommandError(str(error)) from error
        for name, count in report.counts.items():
            self.stdout.write(f"  {name}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"done in {time.perf_counter() - started:.1f} s"))
