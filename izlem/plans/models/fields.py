"""Field factories shared by the plan's models."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def stable_id() -> models.UUIDField:
    """The record's stable id (`uid`).

    It is exported in the plan workbook and matched on import, so that a renamed code or label is a
    rename that keeps its monitoring data (docs/plan-import.md, "Stable ids").
    """
    return models.UUIDField(_("stable id"), default=uuid.uuid4, editable=False)
