"""Every Harezmi test writes its uploads to a temporary folder and reads the English source texts.

The Harezmi fixtures themselves live in tests/support/harezmi.py (registered in the root conftest.py).
"""

import pytest


@pytest.fixture(autouse=True)
def _harezmi_defaults(temporary_media, english_texts):
    """Turn on the two fixtures for every test of this folder."""
