"""The monitoring writes' own error: a save refused because the record changed since it was read."""

from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """Someone else changed the record since it was read: the later save is refused."""
