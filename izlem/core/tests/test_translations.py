"""Every UI string has a Turkish translation: no empty or fuzzy entry in locale/tr."""

import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[3] / "locale" / "tr" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext's msgattrib is not installed")
@pytest.mark.parametrize("which", ["--untranslated", "--only-fuzzy"])
def test_turkish_catalogue_is_complete(which):
    out = subprocess.run(["msgattrib", which, str(PO)], capture_output=True, text=True, check=True).stdout
    entries = [line for line in out.splitlines() if line.startswith("msgid ")][1:]  # [0] is the header
    assert entries == [], f"{len(entries)} entries {which.strip('-')} in {PO.name}: {entries[:10]}"
