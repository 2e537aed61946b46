"""Plan import from the web and the API: stage the uploaded file, preview its change plan, apply it.

An upload is kept in the file storage (`plan-imports/`) under a random name; the person gets a signed
token naming the file, its SHA-256, the owner and themselves. The preview is a dry run: the import is
worked out in a transaction that is then rolled back. Confirming runs the import again and commits it
only if its change plan is exactly the previewed one (same digest); if the plan changed in between
(someone edited it, another import ran), nothing is written and the new preview is shown instead.
History rows of the applied import carry the person (simple_history's request middleware).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from izlem.org.models import OrgNode
from izlem.plans.importers.changes import Change
from izlem.plans.importers.document import Problem
from izlem.plans.importers.files import PlanFileError, read_plan_file
from izlem.plans.importers.loader.load import PlanImportError, plan_import_document
from izlem.plans.models import Plan

SALT = "izlem.plans.staging"
MAX_AGE = 24 * 3600  # a preview older than a day is uploaded again
FOLDER = "plan-imports"


class StagedImportError(ValueError):
    """A token that is not valid (forged, expired, of another person) or whose file is gone."""


@dataclass
class ImportPreview:
    """What an import of the staged file would do (or did): its change plan, refusals and problems."""

    token: str
    name: str
    owner: OrgNode
    plan: Plan | None = None  # the plan it updates; None for a new plan (or a file that cannot be read)
    created: bool = False
    changes: list[Change] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    refusals: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the file cannot be read, or its structure is broken
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def applicable(self) -> bool:
        """True if confirming would write the plan."""
        return not self.errors and not self.refusals

    @property
    def action_counts(self) -> dict[str, int]:
        """How many lines of the change plan add, change, rename, remove or keep."""
        counts = {"added": 0, "changed": 0, "renamed": 0, "removed": 0, "kept": 0}
        for change in self.changes:
            counts[change.action] = counts.get(change.action, 0) + 1
        return counts

    @property
    def digest(self) -> str:
        """A fingerprint of everything the person saw: confirming applies only this."""
        content = {
            "created": self.created,
            "plan": self.plan.pk if self.plan else None,
            "changes": [[c.kind, c.label, c.action, c.details, c.old_label] for c in self.changes],
            "refusals": [[p.where, p.message] for p in self.refusals],
            "problems": [[p.where, p.message] for p in self.problems],
            "errors": self.errors,
            "counts": self.counts,
        }
        return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _sweep() -> None:
    """Delete staged files older than a token lives (previews nobody confirmed)."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - timedelta(seconds=MAX_AGE)
    for name in names:
        key = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(key) < limit:
                default_storage.delete(key)
        except FileNotFoundError:  # another request swept it first
            continue


def plan_import_stage(*, by, name: str, data: bytes, owner: OrgNode) -> str:
    """Keep an uploaded plan file for its preview and confirmation; return the signed token."""
    _sweep()
    suffix = Path(name).suffix.lower()[:10]
    key = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}{suffix}", ContentFile(data))
    return signing.dumps(
        {
            "file": key,
            "name": Path(name).name[:200],
            "sha256": hashlib.sha256(data).hexdigest(),
            "owner": owner.pk,
            "user": by.pk,
        },
        salt=SALT,
    )


def _staged(by, token: str) -> tuple[dict, bytes]:
    """The token's content and the file's bytes; StagedImportError when either is not trustworthy."""
    try:
        content = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:
        raise StagedImportError(
            _("This preview has expired or is not valid; upload the file again.")
        ) from exc
    if content.get("user") != by.pk or not str(content.get("file", "")).startswith(f"{FOLDER}/"):
        raise StagedImportError(_("This preview has expired or is not valid; upload the file again."))
    try:
        with default_storage.open(content["file"], "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise StagedImportError(_("The uploaded file is no longer kept; upload it again.")) from exc
    if hashlib.sha256(data).hexdigest() != content["sha256"]:
        raise StagedImportError(_("The uploaded file has changed since it was previewed; upload it again."))
    return content, data


def staged_owner_id(token: str) -> int | None:
    """The owner a token names (for the caller's access check before anything else), or None."""
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE).get("owner")
    except signing.BadSignature:
        return None


def _run(content: dict, data: bytes, token: str, owner: OrgNode, *, keep: bool, digest: str = ""):
    """Import the staged file in a transaction; keep it only if asked and the digest matches."""
    preview = ImportPreview(token=token, name=content["name"], owner=owner)
    try:
        document = read_plan_file(content["name"], data)
    except PlanFileError as exc:
        preview.errors = list(exc.messages)
        return preview, False
    preview.plan = Plan.objects.filter(
        owner=owner, period_start=document.period_start, period_end=document.period_end
    ).first()
    applied = False
    with transaction.atomic():
        try:
            result = plan_import_document(document, source_name=content["name"], owner=owner)
        except PlanImportError as exc:
            if exc.change_plan is None:
                preview.errors = [f"{p.where}: {p.message}" for p in exc.problems]
            else:
                preview.refusals = list(exc.problems)
                preview.changes = list(exc.change_plan.changes)
                preview.lines = exc.change_plan.lines()
            preview.created = preview.plan is None
            return preview, False
        preview.created = result.created
        preview.changes = list(result.change_plan.changes)
        preview.lines = result.change_plan.lines()
        preview.problems = list(result.problems)
        preview.counts = dict(result.counts)
        if keep and preview.digest == digest:
            applied = True
            preview.plan = result.plan
        else:
            transaction.set_rollback(True)
    return preview, applied


def plan_import_preview(*, by, token: str, owner: OrgNode) -> ImportPreview:
    """The change plan the staged file would apply (a dry run: nothing is written)."""
    content, data = _staged(by, token)
    preview, _applied = _run(content, data, token, owner, keep=False)
    return preview


def plan_import_apply(*, by, token: str, owner: OrgNode, digest: str) -> tuple[ImportPreview, bool]:
    """Apply the staged file if its change plan is still the previewed one (`digest`).

    Returns the (new) preview and whether it was applied; when the plan changed since the preview,
    nothing is written and the caller shows the new preview. An applied file is no longer kept.
    """
    content, data = _staged(by, token)
    preview, applied = _run(content, data, token, owner, keep=True, digest=digest)
    if applied:
        default_storage.delete(content["file"])
    return preview, applied
