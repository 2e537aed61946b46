"""Field definitions that many Harezmi models share (the same columns, so the migrations do not change)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def program_year_field(related_name: str) -> models.ForeignKey:
    """The record's program year (a year with records is never deleted)."""
    return models.ForeignKey(
        "harezmi.ProgramYear",
        verbose_name=_("program year"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )


def school_field(related_name: str) -> models.ForeignKey:
    """The school the record belongs to (an organisation node of kind school)."""
    return models.ForeignKey(
        "org.OrgNode",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"kind": "school"},
    )


def team_field(related_name: str = "+") -> models.ForeignKey:
    """The team the record concerns, if one (emptied if the team is deleted)."""
    return models.ForeignKey(
        "harezmi.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


def document_field(verbose_name) -> models.ForeignKey:
    """An official document the record cites (a cited document is never deleted)."""
    return models.ForeignKey(
        "harezmi.OfficialDocument",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


def actor_field(verbose_name) -> models.ForeignKey:
    """The user who took a step on the record (emptied if the account is deleted)."""
    return models.ForeignKey(
        "org.User",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
