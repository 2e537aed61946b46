"""Abstract base models shared by every app (no business rules here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from izlem.core.formats import format_datetime


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


class PersonalDataAccess(models.Model):
    """One access to personal data (KVKK, Law 6698 art. 12): who viewed or exported whose data, when.

    Append-only: written by `izlem.core.kvkk.personal_data_access_log`, never edited; the admin shows it
    read-only. It is itself the audit record, so it has no simple-history table.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        DOWNLOAD = "download", _("downloaded a document")
        EXPORT = "export", _("exported")
        ANONYMISE = "anonymise", _("anonymised")

    class Subject(models.TextChoices):
        STUDENT = "student", _("student")
        USER = "user", _("user")
        MANY = "many", _("several people")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "org.User",
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when a management command did it."),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    subject_type = models.CharField(_("whose data"), max_length=10, choices=Subject.choices)
    subject_id = models.PositiveBigIntegerField(_("record number"), null=True, blank=True)
    what = models.CharField(_("what"), max_length=300)
    path = models.CharField(_("page or command"), max_length=300, blank=True)
    national_id_revealed = models.BooleanField(_("Turkish ID number shown unmasked"), default=False)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="pda_subject")]

    def __str__(self) -> str:
        return f"{format_datetime(self.at)} {self.get_action_display()} {self.what}"


class AccountSecurityEvent(models.Model):
    """A change to how someone signs in: an authenticator added or removed, recovery codes made or used.

    Append-only: written by the services in `izlem.org.two_factor`, never edited. It is itself the
    audit record, so it has no simple-history table (no secret or code is stored here).
    """

    class Action(models.TextChoices):
        DEVICE_ADDED = "device_added", _("authenticator added")
        DEVICE_REMOVED = "device_removed", _("authenticator removed")
        CODES_GENERATED = "codes_generated", _("recovery codes generated")
        CODE_USED = "code_used", _("recovery code used")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "org.User",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="security_events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("account security event")
        verbose_name_plural = _("account security events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{format_datetime(self.at)} {self.get_action_display()} {self.detail}"
