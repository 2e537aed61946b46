"""Turkish ID numbers (T.C. Kimlik No): checksum, protected storage and masking.

A number is stored as three values, never in clear:
- `ciphertext`: Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY by HKDF, so
  that an authorised export can read it back;
- `digest`: HMAC-SHA256 with another derived key, to find the same student twice without decrypting;
- `last_digits`: the last two digits, for the masked display `*********46`.
Nothing here logs or raises with the number in the message. If the `cryptography` package is
missing, the ciphertext is left empty (only digest and last digits are kept).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

try:  # a declared dependency; the fallback keeps the product working without it
    from cryptography.fernet import Fernet, InvalidToken
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
except ImportError:  # pragma: no cover - exercised only where the package is absent
    Fernet = None

SHOWN_DIGITS = 2


def is_valid(number: str) -> bool:
    """True for an 11-digit Turkish ID number whose two check digits are right.

    Rules: 11 digits, the first not 0; digit 10 = ((d1+d3+d5+d7+d9)·7 − (d2+d4+d6+d8)) mod 10;
    digit 11 = (d1+…+d10) mod 10.
    """
    if len(number) != 11 or not number.isascii() or not number.isdigit() or number[0] == "0":
        return False
    d = [int(char) for char in number]
    if (sum(d[0:9:2]) * 7 - sum(d[1:8:2])) % 10 != d[9]:
        return False
    return sum(d[:10]) % 10 == d[10]


def mask(last_digits: str) -> str:
    """The masked form shown on pages: nine stars and the last two digits."""
    return "*" * (11 - SHOWN_DIGITS) + last_digits


def _derived_key(purpose: bytes) -> bytes:
    """A 32-byte key for `purpose`, derived from SECRET_KEY."""
    if Fernet is not None:
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"izlem.harezmi.national-id", info=purpose
        ).derive(settings.SECRET_KEY.encode())
    return hmac.new(
        settings.SECRET_KEY.encode(), b"izlem.harezmi.national-id/" + purpose, hashlib.sha256
    ).digest()


@dataclass(frozen=True)
class ProtectedNumber:
    """The stored forms of one ID number."""

    ciphertext: str
    digest: str
    last_digits: str


def digest(number: str) -> str:
    """The keyed digest used to find duplicates."""
    return hmac.new(_derived_key(b"digest"), number.encode(), hashlib.sha256).hexdigest()


def protect(number: str) -> ProtectedNumber:
    """Encrypt, digest and keep the last digits of a (valid) ID number."""
    ciphertext = ""
    if Fernet is not None:
        fernet = Fernet(base64.urlsafe_b64encode(_derived_key(b"encrypt")))
        ciphertext = fernet.encrypt(number.encode()).decode()
    return ProtectedNumber(ciphertext=ciphertext, digest=digest(number), last_digits=number[-SHOWN_DIGITS:])


def reveal(ciphertext: str) -> str | None:
    """Decrypt a stored number (for an authorised export); None if it cannot be read."""
    if not ciphertext or Fernet is None:
        return None
    try:
        return (
            Fernet(base64.urlsafe_b64encode(_derived_key(b"encrypt"))).decrypt(ciphertext.encode()).decode()
        )
    except InvalidToken:
        return None
