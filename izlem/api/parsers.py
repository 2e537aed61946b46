"""The API's JSON parser: DRF's, with the nesting depth checked before the body is parsed.

Python's json module recurses once per level, so a body nested a thousand levels deep ends in a
RecursionError (a 500) instead of an answer. The depth is counted on the raw bytes first (brackets
outside strings), and a body deeper than IZLEM_API_JSON_MAX_DEPTH is refused with a 400.
"""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# A JSON string (with its escapes); its content is blanked before brackets are counted.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(data: bytes, limit: int) -> int:
    """The deepest nesting of arrays and objects in `data`, counted up to `limit` + 1 (then it stops)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', data)):
        if match[0] in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser that refuses bodies nested deeper than IZLEM_API_JSON_MAX_DEPTH (400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = stream.read() if stream is not None else b""
        limit = settings.IZLEM_API_JSON_MAX_DEPTH
        if json_depth(data, limit) > limit:
            raise ParseError(
                _("The JSON body is nested more than %(limit)d levels deep; send flatter data.")
                % {"limit": limit}
            )
        return super().parse(io.BytesIO(data), media_type, parser_context)
