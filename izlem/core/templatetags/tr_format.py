"""Template filters for Turkish numbers and dates: {{ value|tr_number:2 }}, {{ day|tr_date }}."""

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.translation import get_language

from izlem.core import text
from izlem.core.formats import format_by_unit, format_date, format_decimal
from izlem.core.text import turkish_upper

register = template.Library()


@register.filter
def tr_number(value, places=2):
    """Format a number as `19.704.600,00`; `places` may be "" to keep the value's own digits."""
    if value in (None, ""):
        return ""
    try:
        return format_decimal(value, None if places == "" else int(places))
    except (ArithmeticError, ValueError):  # text the user typed, shown back as it was
        return value


@register.filter
def tr_unit(value, unit):
    """A number with the decimals of its unit (`izlem.core.formats.places_for_unit`): counts whole,
    percentages and rates two places: `{{ row.actual|tr_unit:row.unit }}`."""
    return format_by_unit(value, unit)


@register.filter
def tr_percent(value, places=1):
    """A percentage the Turkish way, sign first: `%75,0` (in English `75,0%`); empty for None."""
    number = tr_number(value, places)
    if number == "" or number is value:
        return number
    return f"%{number}" if (get_language() or "").startswith("tr") else f"{number}%"


@register.filter
def tr_date(value):
    """Format a date as `21.11.2026` (datetimes in local time)."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        from django.utils import timezone

        value = timezone.localtime(value).date() if value.tzinfo else value.date()
    return format_date(value)


@register.filter
def bs_widget(bound_field):
    """Render a form field's widget with the matching Bootstrap class and ARIA error links."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", "")
    if input_type == "checkbox":
        css = "form-check-input"
    elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": css + (" is-invalid" if bound_field.errors else "")}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def tr_upper(value):
    """Upper-case Turkish text correctly (i → İ, ı → I), e.g. for report covers."""
    return turkish_upper(value or "")


@register.filter(is_safe=True)
@stringfilter
def capfirst(value):
    """Django's `capfirst`, the Turkish way in Turkish (this builtin library replaces Django's filter)."""
    return text.capfirst(value)
