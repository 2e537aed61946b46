"""One generation run (`izlem generate_data`): the stages in order, each timed, in one transaction."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from izlem.ops.datagen.harezmi import HarezmiStages
from izlem.ops.datagen.monitoring import MonitoringStages
from izlem.ops.datagen.organisation import OrganisationStages
from izlem.ops.datagen.sizes import GenerateError, Report, Size
from izlem.org.models import OrgNode


class Generator(OrganisationStages, MonitoringStages, HarezmiStages):
    """One generation run: organisation, users, plan, periods with values, Harezmi."""

    def __init__(
        self, size: Size, *, seed: int = 2026, tier: str = "custom", progress: Callable | None = None
    ):
        self.size, self.seed, self.tier = size, seed, tier
        self.progress = progress or (lambda message: None)
        self.report = Report()
        self.postgres = connection.vendor == "postgresql"
        self.national = size.provinces > 1

    def rng(self, stage: str) -> random.Random:
        """A random stream per stage, so one stage's changes do not shift another's numbers."""
        return random.Random(f"{self.seed}-{stage}")

    def _stage(self, name: str, function: Callable, *args):
        started = time.perf_counter()
        result = function(*args)
        self.report.seconds[name] = time.perf_counter() - started
        self.progress(f"{name}: {self.report.seconds[name]:.1f} s")
        return result

    def run(self) -> Report:
        """Generate everything; refuses a database that already holds schools."""
        if OrgNode.objects.filter(kind=OrgNode.Kind.SCHOOL).exists():
            raise GenerateError("The database already holds schools: generate_data writes into an empty one.")
        self._stage("organisation", self.organisation)
        self._stage("users", self.users)
        plan = self._stage("plan", self.plan)
        self._stage("monitoring", self.monitoring, plan)
        self._stage("harezmi", self.harezmi)
        if self.postgres:
            self._stage("analyze", self._analyze)
        return self.report

    def _analyze(self) -> None:
        """Fresh planner statistics after a bulk load (autovacuum would get there, later)."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate(
    size: Size, *, seed: int = 2026, tier: str = "custom", progress: Callable | None = None
) -> Report:
    """Generate a whole data set in one transaction (all or nothing)."""
    with transaction.atomic():
        return Generator(size, seed=seed, tier=tier, progress=progress).run()
