"""Bad inputs: every upload type refuses malformed, oversized, wrong-type, macro-laden, formula-laden and
zip-bomb files with a clear message, no server error and no partial write; text fields render markup
inert; every XLSX export neutralises formula injection."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from izlem.core.files import validate_upload
from izlem.core.xlsx import FORMULA_PREFIXES, safe_value
from izlem.harezmi.models import ParentalConsent, Student
from izlem.org.models import OrgNode
from izlem.plans.models import Plan

from .kit import pdf, program_year, student

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCRIPT = "<script>alert('x')</script>"
FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture(autouse=True)
def _media_and_english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _workbook_bytes(extra_members: dict[str, bytes] | None = None, formula: str | None = None) -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = formula or "Okul"
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not extra_members:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, body in extra_members.items():
            target.writestr(name, body)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking workbook with a sheet that unpacks ~1000x (8 MB of zeros in a few KB)."""
    return _workbook_bytes({"xl/worksheets/sheet2.xml": b"0" * (8 * 1024 * 1024)})


def macro_workbook() -> bytes:
    return _workbook_bytes({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})


BAD_FILES = {
    "malformed xlsx": ("veri.xlsx", b"PK\x03\x04 broken archive", "damaged"),
    "oversized": ("belge.pdf", b"%PDF-1.4\n" + b"0" * 2048, "too large"),
    "wrong type exe": ("belge.exe", b"MZ\x90\x00", "is not accepted"),
    "renamed exe": ("belge.pdf", b"MZ\x90\x00", "does not match its type"),
    "macro xlsm": ("veri.xlsm", b"PK\x03\x04", "is not accepted"),
    "macro inside xlsx": ("veri.xlsx", None, "contains macros"),
    "zip bomb": ("veri.xlsx", None, "zip bomb"),
}


def _bad(name: str) -> SimpleUploadedFile:
    filename, body, _message = BAD_FILES[name]
    if body is None:
        body = macro_workbook() if "macro" in name else zip_bomb()
    return SimpleUploadedFile(filename, body)


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_validate_upload_refuses_each_bad_file_with_a_clear_message(name, settings):
    settings.IZLEM_UPLOAD_MAX_BYTES = 1024 if name == "oversized" else 10 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        validate_upload(_bad(name))
    assert BAD_FILES[name][2] in refused.value.messages[0]


def test_a_clean_workbook_and_pdf_pass():
    validate_upload(SimpleUploadedFile("veri.xlsx", _workbook_bytes()))
    validate_upload(pdf())


@pytest.mark.parametrize(
    "name", ["malformed xlsx", "wrong type exe", "renamed exe", "macro inside xlsx", "zip bomb"]
)
def test_consent_form_upload_refuses_bad_files_and_writes_nothing(world, client, name):
    # given a student without consent
    year = program_year(world)
    pupil = student(world, year, national_id="", with_consent=False)
    client.force_login(world.principal)
    # when a bad file is sent as the signed form
    response = client.post(
        reverse("harezmi:student-consent", args=[pupil.pk]),
        {"parent_name": "Veli", "given_on": year.start_date.isoformat(), "form_file": _bad(name)},
        follow=True,
    )
    # then a clear message, no server error, nothing stored
    assert response.status_code == 200
    assert BAD_FILES[name][2] in response.content.decode()
    assert not ParentalConsent.objects.exists()


@pytest.mark.parametrize("name", ["malformed xlsx", "macro inside xlsx", "zip bomb", "macro xlsm"])
def test_bulk_upload_page_refuses_bad_files_and_writes_nothing(world, client, name):
    from izlem.monitoring.models import BulkUpload, Value

    plan, period = _small_period(world)
    client.force_login(world.principal)
    response = client.post(reverse("monitoring:bulk", args=[period.pk]), {"file": _bad(name)})
    assert response.status_code == 200
    body = response.content.decode()
    # a broken .xlsm is damaged like a broken .xlsx (macro-enabled workbooks are read for values only)
    assert BAD_FILES[name][2] in body or "damaged" in body
    assert not BulkUpload.objects.exists() and not Value.objects.exists()


def _small_period(world):
    import datetime as dt
    from decimal import Decimal

    from izlem.monitoring.models import Period
    from izlem.plans.models import Goal, Target
    from tests.support.monitoring import make_indicator

    plan = Plan.objects.create(owner=world.province, title="Test planı", period_start=2015, period_end=2019)
    goal = Goal.objects.create(plan=plan, code="1", title="Erişim")
    target = Target.objects.create(plan=plan, goal=goal, code="1.1", statement="Katılım")
    make_indicator(plan, target, "1.1.2", unit="count", aggregation="sum", baseline=Decimal(100))
    period = Period.objects.create(
        plan=plan, year=2016, half="H2", open_date=dt.date(2016, 12, 1),
        school_due=dt.date(2099, 1, 10), district_due=dt.date(2099, 1, 20), state="open",
    )  # fmt: skip
    return plan, period


def test_formula_cells_in_a_bulk_upload_are_never_evaluated_and_refused_at_their_cell(
    world, client, settings
):
    from izlem.monitoring.models import BulkUpload, Value

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _plan, period = _small_period(world)
    client.force_login(world.principal)
    template = client.get(reverse("monitoring:bulk-template", args=[period.pk]))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook["Schools"]
    sheet["C3"] = "=1+1"  # a formula without a stored value (openpyxl does not calculate): never evaluated
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        reverse("monitoring:bulk", args=[period.pk]),
        {"file": SimpleUploadedFile("v.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    upload = BulkUpload.objects.get()
    assert upload.state == "failed" and not Value.objects.exists()
    assert upload.errors == [
        "sheet Schools, row 3, column C: the cell holds a formula without a calculated value; open the file in "
        "a spreadsheet program, let it calculate and save it again, or type the number."
    ]


@pytest.mark.parametrize("kind", ["bomb", "macro", "garbage", "word bomb"])
def test_plan_import_refuses_bad_files_and_writes_nothing(world, tmp_path, kind, capsys):
    # (the garbage opens with a UTF-16 byte order mark: it decodes, to four characters that are no plan)
    name = {"garbage": "plan.txt", "word bomb": "plan.docx"}.get(kind, "plan.xlsx")
    path = tmp_path / name
    path.write_bytes(
        {"bomb": zip_bomb, "word bomb": zip_bomb, "macro": macro_workbook}.get(
            kind, lambda: b"\xff\xfe\x00garbage"
        )()
    )
    with pytest.raises(CommandError):
        call_command("import_plan", str(path))
    expected = {
        "bomb": "zip bomb",
        "word bomb": "zip bomb",
        "macro": "contains macros",
        "garbage": "not a strategic plan",
    }[kind]
    assert expected in capsys.readouterr().err and not Plan.objects.exists()


@pytest.mark.parametrize("kind", ["bomb", "macro", "garbage"])
def test_org_import_refuses_bad_files_and_writes_nothing(world, tmp_path, kind):
    path = tmp_path / "okullar.xlsx"
    path.write_bytes({"bomb": zip_bomb, "macro": macro_workbook}.get(kind, lambda: b"PK\x03\x04junk")())
    before = OrgNode.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("import_org", str(path))
    expected = {"bomb": "zip bomb", "macro": "contains macros", "garbage": "damaged"}[kind]
    assert expected in str(refused.value) and OrgNode.objects.count() == before


# --- markup in text fields renders inert --------------------------------------------------------------
def test_markup_in_names_is_escaped_on_pages(world, client):
    # given a school, a plan goal and a student named with script payloads
    OrgNode.objects.filter(pk=world.school_a1.pk).update(name=f"Okul {SCRIPT}")
    plan, _period = _small_period(world)
    plan.goals.update(title=f"Amaç <img src=x onerror=alert(1)> {SCRIPT}")
    year = program_year(world)
    pupil = student(world, year, first=SCRIPT, last='"><svg onload=alert(1)>', national_id="")
    client.force_login(world.province_manager)
    pages = [
        client.get(reverse("org:node-list")),
        client.get(reverse("org:node-detail", args=[world.school_a1.pk])),
        client.get(reverse("plans:plan-detail", args=[plan.pk])),
    ]
    client.force_login(world.principal)
    pages += [
        client.get(reverse("harezmi:student-detail", args=[pupil.pk])),
        client.get(reverse("harezmi:student-list")),
    ]
    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in body and "<img src=x" not in body and "<svg onload" not in body
    assert "&lt;script&gt;alert(" in pages[0].content.decode() + pages[1].content.decode()
    assert Student.objects.get(pk=pupil.pk).first_name == SCRIPT  # stored as typed, shown inert


# --- exports neutralise formula injection -------------------------------------------------------------
def _string_cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield cell.value


@pytest.mark.parametrize("payload", FORMULAS)
def test_safe_value_neutralises_every_formula_prefix(payload):
    assert safe_value(payload) == "'" + payload


def test_plan_workbook_and_bulk_template_exports_neutralise_formulas(world, client):
    from izlem.plans.exchange import write_plan_workbook

    plan, period = _small_period(world)
    plan.goals.update(title=FORMULAS[0])
    plan.indicators.update(name=FORMULAS[4])
    OrgNode.objects.filter(pk=world.school_a1.pk).update(name=FORMULAS[1])
    buffer = io.BytesIO()
    write_plan_workbook(Plan.objects.get(pk=plan.pk), buffer)
    client.force_login(world.principal)
    template = client.get(reverse("monitoring:bulk-template", args=[period.pk]))
    exported = list(_string_cells(buffer.getvalue())) + list(_string_cells(template.content))
    assert any(text == "'" + FORMULAS[0] for text in exported)
    assert any(text == "'" + FORMULAS[1] for text in exported)
    assert [text for text in exported if text.startswith(FORMULA_PREFIXES)] == []


def test_every_xlsx_writer_goes_through_the_safe_cells():
    """A source check: the modules that build workbooks use izlem.core.xlsx (write_workbook/safe_value)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "izlem"
    writers = [
        p
        for p in root.rglob("*.py")
        if "Workbook(" in p.read_text(encoding="utf-8") and "tests" not in p.parts
    ]
    unsafe = [
        str(p.relative_to(root))
        for p in writers
        if "write_workbook" not in (text := p.read_text(encoding="utf-8")) and "safe_value" not in text
    ]
    assert writers and unsafe == []
