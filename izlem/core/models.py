"""Abstract base models shared by every app (no business rules here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds created/updated timestamps to a model."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Notification(models.Model):
    """An in-app message to one user: a due date, a return with a comment, an approval, a deviation …"""

    recipient = models.ForeignKey(
        "org.User", verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message[:80]
