"""Send in-app notifications (and e-mail where configured). Callers are services, never views."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from izlem.core.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *, recipients: Iterable, message: str, url: str = "", email_subject: str | None = None
) -> list[Notification]:
    """Store one notification per recipient; also e-mail those with an address when an SMTP host is set."""
    people = [person for person in {person.pk: person for person in recipients}.values()]
    notes = Notification.objects.bulk_create(
        [Notification(recipient=person, message=message, url=url) for person in people]
    )
    if settings.EMAIL_HOST and email_subject:
        mails = [(email_subject, message, None, [p.email]) for p in people if p.email]
        try:
            send_mass_mail(mails, fail_silently=False)
        except OSError:  # the in-app note is kept; mail failures are logged, not fatal
            logger.exception("notification e-mail could not be sent")
    return notes


def notification_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one (or, with pk=None, every) unread notification of `user` as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
