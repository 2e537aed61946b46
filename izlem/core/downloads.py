"""Names of downloaded files: meaningful Turkish words, safe everywhere.

`download_name("Erzincan", 2016, "yıl sonu izleme raporu", ext="pdf")` gives the name in two spellings:
`Erzincan-2016-yil-sonu-izleme-raporu.pdf` (ASCII: Turkish letters folded, ç→c, ğ→g, ı→i, İ→I, ö→o,
ş→s, ü→u, so that every mail system, zip tool and old Windows keeps it) and
`Erzincan-2016-yıl-sonu-izleme-raporu.pdf` (the Turkish spelling). `DownloadName.header()` is the
Content-Disposition of an attachment with both, RFC 6266: `filename="<ASCII>"` for every client and
`filename*=UTF-8''<percent-encoded Turkish>` for those that read it (every current browser).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

FOLD = str.maketrans(
    {
        "ç": "c",
        "Ç": "C",
        "ğ": "g",
        "Ğ": "G",
        "ı": "i",
        "İ": "I",
        "ö": "o",
        "Ö": "O",
        "ş": "s",
        "Ş": "S",
        "ü": "u",
        "Ü": "U",
        "â": "a",
        "Â": "A",
        "î": "i",
        "Î": "I",
        "û": "u",
        "Û": "U",
    }
)
MAX_STEM = 150
_SEPARATORS = re.compile(r"[-.]*-[-.]*")  # "2. dönem" → "2-donem", never "2.-donem"


def ascii_fold(text: str) -> str:
    """Turkish letters (and other accented Latin letters) as their plain ASCII letters."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).translate(FOLD))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _slug(text: str, *, ascii_only: bool) -> str:
    text = unicodedata.normalize("NFC", text)
    if ascii_only:
        text = ascii_fold(text)
    kept = "".join(
        ch if (ch.isalnum() and (ch.isascii() or not ascii_only)) or ch in "._" else "-" for ch in text
    )
    return _SEPARATORS.sub("-", kept).strip("-._")[:MAX_STEM].rstrip("-._")


@dataclass(frozen=True)
class DownloadName:
    """A download's file name, in Turkish letters and ASCII-folded."""

    unicode: str
    ascii: str

    def __str__(self) -> str:
        return self.ascii

    def header(self, *, attachment: bool = True) -> str:
        """The Content-Disposition header value naming the file."""
        kind = "attachment" if attachment else "inline"
        return f"{kind}; filename=\"{self.ascii}\"; filename*=UTF-8''{quote(self.unicode, safe='')}"


def download_name(*words, ext: str) -> DownloadName:
    """The file name of `words` (empty ones skipped) joined by '-', with the extension `ext`."""
    text = "-".join(str(word) for word in words if word not in (None, ""))
    unicode_stem = _slug(text, ascii_only=False) or "izlem"
    ascii_stem = _slug(text, ascii_only=True) or "izlem"
    return DownloadName(unicode=f"{unicode_stem}.{ext}", ascii=f"{ascii_stem}.{ext}")


def attach(response, name: DownloadName):
    """Set the response's Content-Disposition to an attachment called `name`; return the response."""
    response["Content-Disposition"] = name.header()
    return response
