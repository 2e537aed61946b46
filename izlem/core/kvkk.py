"""Personal data duties (KVKK, Law 6698): the access log of who viewed, downloaded or exported someone's
personal data. The export of everything held on one person and the anonymisation of people past their
retention period gather from every app: izlem.ops.kvkk.

What is personal data here, why it is held, who sees it and for how long: docs/security.md.
"""

from __future__ import annotations

import logging

from izlem.core.models import PersonalDataAccess

logger = logging.getLogger("izlem.security")


def personal_data_access_log(
    *,
    user,
    action: str,
    subject_type: str,
    what: str,
    subject_id: int | None = None,
    path: str = "",
    national_id_revealed: bool = False,
) -> PersonalDataAccess:
    """Record that `user` (None: a command) viewed, downloaded or exported someone's personal data."""
    entry = PersonalDataAccess.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        what=what[:300],
        path=path[:300],
        national_id_revealed=national_id_revealed,
    )
    # The log line names record numbers only, never names or ID numbers.
    logger.info(
        "personal data %s: %s %s by user %s",
        action,
        subject_type,
        subject_id if subject_id is not None else "-",
        entry.user_id or "command",
    )
    return entry


def students_shown_log(*, user, count: int, what: str, path: str) -> PersonalDataAccess | None:
    """Record that a page or API answer listed `count` students' personal data (names, consent, attendance);
    one row per request, none when it listed nobody. `what` names record numbers only."""
    if not count:
        return None
    return personal_data_access_log(
        user=user,
        action=PersonalDataAccess.Action.VIEW,
        subject_type=PersonalDataAccess.Subject.MANY,
        what=f"{what}: {count} student(s)",
        path=path,
    )
