"""Audit trail helpers for bulk writes (django-simple-history)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

CHUNK = 500


def bulk_create_audited(objects: list, model, *, by, stream: bool = False, batch_size: int = CHUNK) -> list:
    """Insert `objects` and their "created" history rows; the history rows are copied in SQL.

    The same rows as simple-history's `bulk_create_with_history` (every tracked field, type "+",
    the user, no change reason), written by `INSERT … SELECT` from the rows just inserted instead of
    one Python object a row. `stream` (PostgreSQL): the rows go in with `COPY`, their ids drawn from
    the table's sequence first, instead of Django's multi-row `INSERT` (for 100,000 values of an upload).
    """
    if not objects:
        return objects
    if stream and connection.vendor == "postgresql" and _streamable(model):
        _copy(objects, model)
    else:
        objects = model.objects.bulk_create(objects, batch_size=batch_size)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return objects
    ids = [obj.pk for obj in objects]
    if any(pk is None for pk in ids):  # an engine that returns no ids from a bulk insert
        model.history.bulk_history_create(objects, batch_size=batch_size, default_user=by)
        return objects
    _copy_history(model, ids, by)
    return objects


# Field types whose Python values psycopg writes as the column expects, with no Django preparation.
STREAMABLE = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _streamable(model) -> bool:
    """Whether `_copy` can write every column of `model` (other models take Django's bulk insert)."""
    return all(field.get_internal_type() in STREAMABLE for field in model._meta.concrete_fields)


def _copy(objects: list, model) -> None:
    """COPY the objects into their table (PostgreSQL), with ids taken from the table's sequence.

    Fields go in as their Python values (psycopg adapts numbers, text, booleans, dates and times);
    `auto_now` fields get their time as `save()` would give it.
    """
    meta, quote = model._meta, connection.ops.quote_name
    database = connections[connection.alias]
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        fields = meta.concrete_fields
        stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        names = [field.attname for field in fields]
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                for field in stamped:
                    field.pre_save(obj, True)
                copy.write_row([getattr(obj, name) for name in names])
    for obj in objects:  # as bulk_create leaves them: saved, in this database
        obj._state.adding, obj._state.db = False, database.alias


def _copy_history(model, ids: list[int], by) -> None:
    """One "+" history row for each of the rows `ids`, selected from the live table."""
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = ", ".join(quote(field.column) for field in history.tracked_fields)
    names = ("history_date", "history_type", "history_change_reason", "history_user")
    meta = ", ".join(quote(history._meta.get_field(name).column) for name in names)
    now, user = timezone.now(), getattr(by, "pk", None)
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, {meta}) "
        f"SELECT {tracked}, %s, '+', '', %s FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, the ids as an array
            cursor.execute(f"{insert} = ANY(%s)", [now, user, ids])
            return
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            cursor.execute(f"{insert} IN ({', '.join(['%s'] * len(chunk))})", [now, user, *chunk])
