"""`import_org`: the organisation tree and units from a spreadsheet (.xlsx, .xlsm, .xls, .ods) or CSV file, all
or nothing.

Columns (first row, Turkish headers; case and spaces do not matter):
`tür` (il, ilçe, okul, birim), `kod`, `ad`, `üst_kod` (the parent's code: a district's province,
a school's district), `okul_türü`, `kademeler` (any of okul öncesi, ilkokul, ortaokul, ortaöğretim,
separated by `;` or `,`), `resmi_özel` (resmi/özel), `yerleşim` (şehir/köy), `öğrenci_sayısı`,
`öğretmen_sayısı`, `diğer_adlar` (units only: other names separated by `;`).
Rows are matched by (kind, code): existing nodes are updated, new ones created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from izlem.core.tabular import Row, cell_text, read_table
from izlem.org.models import OrgNode, Unit

KIND_WORDS = {
    "il": OrgNode.Kind.PROVINCE,
    "ilçe": OrgNode.Kind.DISTRICT,
    "ilce": OrgNode.Kind.DISTRICT,
    "okul": OrgNode.Kind.SCHOOL,
    "kurum": OrgNode.Kind.SCHOOL,
    "birim": "unit",
}
SCHOOL_TYPE_WORDS = {
    **{choice.value: choice.value for choice in OrgNode.SchoolType},
    "anaokulu": "anaokulu",
    "ilkokul": "ilkokul",
    "ortaokul": "ortaokul",
    "genel lise": "genel_lise",
    "lise": "genel_lise",
    "anadolu lisesi": "genel_lise",
    "fen lisesi": "genel_lise",
    "mesleki ve teknik anadolu lisesi": "mesleki_teknik",
    "imam hatip": "imam_hatip",
    "imam hatip ortaokulu": "imam_hatip",
    "anadolu imam hatip lisesi": "imam_hatip",
    "özel eğitim": "ozel_egitim",
    "yibo": "yibo",
    "ybo": "yibo",
    "yibo/ybo": "yibo",
    "halk eğitim merkezi": "hem",
    "mesleki eğitim merkezi": "mem",
    "ram": "ram",
    "rehberlik ve araştırma merkezi": "ram",
    "bilsem": "bilsem",
    "bilim ve sanat merkezi": "bilsem",
    "diğer": "diger",
}
LEVEL_WORDS = {
    "okul öncesi": "level_preschool",
    "okulöncesi": "level_preschool",
    "ilkokul": "level_primary",
    "ortaokul": "level_middle",
    "ortaöğretim": "level_secondary",
    "lise": "level_secondary",
}
PUBLIC_WORDS = {"resmi": True, "devlet": True, "özel": False}
SETTING_WORDS = {
    "şehir": OrgNode.Setting.URBAN,
    "kent": OrgNode.Setting.URBAN,
    "köy": OrgNode.Setting.RURAL,
    "kır": OrgNode.Setting.RURAL,
}
PARENT_OF = {OrgNode.Kind.DISTRICT: OrgNode.Kind.PROVINCE, OrgNode.Kind.SCHOOL: OrgNode.Kind.DISTRICT}
REQUIRED = ["tür", "kod", "ad"]


def _lower(text: str) -> str:
    """Lower-case Turkish text correctly (I → ı, İ → i)."""
    return text.replace("I", "ı").replace("İ", "i").lower().strip()


@dataclass
class OrgImportResult:
    """What an organisation import did, or why it did nothing."""

    errors: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


@dataclass
class _Parsed:
    """One valid row, ready to write."""

    kind: str
    code: str
    name: str
    parent_code: str
    attrs: dict


def org_import_file(path: str | Path) -> OrgImportResult:
    """Validate every row of the file and write all of it, or nothing if any row is bad."""
    return org_import_rows(read_table(path))


def org_import_rows(rows: list[Row]) -> OrgImportResult:
    """Validate rows and write them in one transaction; on any error nothing is written."""
    result = OrgImportResult()
    parsed = [item for row in rows if (item := _parse_row(row, result.errors)) is not None]
    _check_parents(rows, parsed, result.errors)
    _check_unit_names(rows, parsed, result.errors)
    if result.errors:
        return result
    with transaction.atomic():
        _write(parsed, result)
    return result


def _parse_row(row: Row, errors: list[str]) -> _Parsed | None:
    """Check one row's cells; append a located Turkish message for each problem."""
    count_before = len(errors)
    for column in REQUIRED:
        if not cell_text(row.cells.get(column)):
            errors.append(_("%(where)s: this cell must not be empty.") % {"where": row.where(column)})
    if len(errors) > count_before:
        return None
    kind_text = _lower(cell_text(row.cells["tür"]))
    kind = KIND_WORDS.get(kind_text)
    if kind is None:
        errors.append(
            _("%(where)s: unknown kind “%(value)s”; use il, ilçe, okul or birim.")
            % {"where": row.where("tür"), "value": kind_text}
        )
        return None
    attrs: dict = {}
    if kind == OrgNode.Kind.SCHOOL:
        attrs = _school_attrs(row, errors)
    elif kind == "unit":
        attrs = {
            "aliases": "\n".join(
                p.strip() for p in cell_text(row.cells.get("diğer_adlar")).split(";") if p.strip()
            )
        }
    parent_code = cell_text(row.cells.get("üst_kod"))
    if kind in PARENT_OF and not parent_code:
        errors.append(
            _("%(where)s: a district or school needs the code of its parent.")
            % {"where": row.where("üst_kod")}
        )
    if len(errors) > count_before:
        return None
    return _Parsed(
        kind=kind,
        code=cell_text(row.cells["kod"]),
        name=cell_text(row.cells["ad"]),
        parent_code=parent_code,
        attrs=attrs,
    )


def _school_attrs(row: Row, errors: list[str]) -> dict:
    """Read a school's type, levels, public/private, urban/rural and counts."""
    attrs: dict = {}
    type_text = _lower(cell_text(row.cells.get("okul_türü")))
    if type_text:
        if type_text not in SCHOOL_TYPE_WORDS:
            errors.append(
                _("%(where)s: unknown school type “%(value)s”.")
                % {"where": row.where("okul_türü"), "value": type_text}
            )
        else:
            attrs["school_type"] = SCHOOL_TYPE_WORDS[type_text]
    levels_text = cell_text(row.cells.get("kademeler")).replace(",", ";")
    for part in filter(None, (_lower(p) for p in levels_text.split(";"))):
        if part not in LEVEL_WORDS:
            errors.append(
                _("%(where)s: unknown level “%(value)s”; use okul öncesi, ilkokul, ortaokul or ortaöğretim.")
                % {"where": row.where("kademeler"), "value": part}
            )
        else:
            attrs[LEVEL_WORDS[part]] = True
    for column, words, field_name in (
        ("resmi_özel", PUBLIC_WORDS, "is_public"),
        ("yerleşim", SETTING_WORDS, "setting"),
    ):
        text = _lower(cell_text(row.cells.get(column)))
        if text and text not in words:
            errors.append(
                _("%(where)s: unknown value “%(value)s”; use one of %(choices)s.")
                % {"where": row.where(column), "value": text, "choices": ", ".join(words)}
            )
        elif text:
            attrs[field_name] = words[text]
    for column, field_name in (("öğrenci_sayısı", "student_count"), ("öğretmen_sayısı", "teacher_count")):
        text = cell_text(row.cells.get(column)).replace(".", "")
        if text and (not text.isdigit()):
            errors.append(
                _("%(where)s: “%(value)s” is not a whole number.")
                % {"where": row.where(column), "value": text}
            )
        elif text:
            attrs[field_name] = int(text)
    return attrs


def _check_parents(rows: list[Row], parsed: list[_Parsed], errors: list[str]) -> None:
    """Every parent code must name a node of the right kind, in the file or already in the database."""
    in_file = {(item.kind, item.code) for item in parsed}
    seen: set[tuple[str, str]] = set()
    rows_by_key = {}
    for row in rows:
        kind = KIND_WORDS.get(_lower(cell_text(row.cells.get("tür"))))
        rows_by_key.setdefault((kind, cell_text(row.cells.get("kod"))), row)
    for item in parsed:
        row = rows_by_key[(item.kind, item.code)]
        if (item.kind, item.code) in seen:
            errors.append(
                _("%(where)s: the code %(code)s appears more than once.")
                % {"where": row.where("kod"), "code": item.code}
            )
        seen.add((item.kind, item.code))
        parent_kind = PARENT_OF.get(item.kind)
        if not parent_kind:
            continue
        if (parent_kind, item.parent_code) in in_file:
            continue
        if not OrgNode.objects.filter(kind=parent_kind, code=item.parent_code).exists():
            errors.append(
                _("%(where)s: no %(kind)s with the code %(code)s exists in the file or in the system.")
                % {
                    "where": row.where("üst_kod"),
                    "kind": OrgNode.Kind(parent_kind).label.lower(),
                    "code": item.parent_code,
                }
            )


def _check_unit_names(rows: list[Row], parsed: list[_Parsed], errors: list[str]) -> None:
    """Unit names are unique: a row may not give a unit the name another unit has now or gets from the file.

    The units `migrate` creates (izlem.org.standard_units, listed in docs/import-org.md) are units like
    any other: a file may update one by its code, but not create a second unit of the same name.
    """
    from izlem.org.standard_units import STANDARD_UNITS

    built_in = {code for code, _name, _aliases in STANDARD_UNITS}
    units = [item for item in parsed if item.kind == "unit"]
    if not units:
        return
    # the names held now and the names the file gives: a rename chain (A takes B's name while B gets
    # another) would meet the unique name in the middle of the write, so it is refused as well
    holders: dict[str, set[str]] = {}
    for code, name in [*Unit.objects.values_list("code", "name"), *((i.code, i.name) for i in units)]:
        holders.setdefault(_lower(name), set()).add(code)
    rows_by_code = {}
    for row in rows:
        if KIND_WORDS.get(_lower(cell_text(row.cells.get("tür")))) == "unit":
            rows_by_code.setdefault(cell_text(row.cells.get("kod")), row)
    for item in units:
        others = sorted(code for code in holders[_lower(item.name)] if code != item.code)
        if not others:
            continue
        other = others[0]
        if other in built_in and other not in {unit.code for unit in units}:
            message = _(
                "%(where)s: “%(name)s” is the name of the built-in unit with the code %(code)s (created when "
                "izlem is installed); write that code to update it, or give this unit another name."
            )
        else:
            message = _(
                "%(where)s: the unit with the code %(code)s has the name “%(name)s” too; unit names must "
                "be unique."
            )
        errors.append(
            message % {"where": rows_by_code[item.code].where("ad"), "name": item.name, "code": other}
        )


def _write(parsed: list[_Parsed], result: OrgImportResult) -> None:
    """Create or update every row, parents first."""
    root, _created = OrgNode.objects.get_or_create(
        kind=OrgNode.Kind.MINISTRY, code="MEB", defaults={"name": "Millî Eğitim Bakanlığı"}
    )
    order = {"unit": 0, OrgNode.Kind.PROVINCE: 1, OrgNode.Kind.DISTRICT: 2, OrgNode.Kind.SCHOOL: 3}
    existing = {
        (node.kind, node.code): node
        for node in OrgNode.objects.filter(
            code__in=[item.code for item in parsed] + [item.parent_code for item in parsed]
        )
    }
    for item in sorted(parsed, key=lambda entry: order[entry.kind]):
        label = item.kind
        if item.kind == "unit":
            unit, created = Unit.objects.update_or_create(
                code=item.code, defaults={"name": item.name, **item.attrs}
            )
        else:
            parent = (
                root
                if item.kind == OrgNode.Kind.PROVINCE
                else existing[(PARENT_OF[item.kind], item.parent_code)]
            )
            node = existing.get((item.kind, item.code))
            created = node is None
            node = node or OrgNode(kind=item.kind, code=item.code)
            node.name, node.parent = item.name, parent
            for key, value in item.attrs.items():
                setattr(node, key, value)
            # An existing node changes only the columns the file holds (an edit of another one stays).
            node.save(update_fields=None if created else ["name", "parent", *item.attrs, "updated_at"])
            existing[(item.kind, item.code)] = node
        bucket = result.created if created else result.updated
        bucket[label] = bucket.get(label, 0) + 1
