"""A plan workbook edited in LibreOffice imports unchanged.

The fixtures are real files: `erzincan_plan_openpyxl.xlsx` is izlem's export of the seed plan
(`izlem export_plan 1 --format xlsx`), and the two `erzincan_plan_libreoffice.*` files are that export
opened and saved again by LibreOffice 7.4 (`soffice --headless --convert-to ods` and
`--convert-to 'xlsx:Calc MS Excel 2007 XML'`), as a planning officer on Pardus would save it.
"""

from pathlib import Path

import pytest

from izlem.plans.importers.files import read_plan_file
from izlem.plans.importers.loader.load import plan_import_document
from izlem.plans.models import Indicator, Plan

DATA = Path(__file__).parent / "data"
ORIGINAL = DATA / "erzincan_plan_openpyxl.xlsx"
SAVED_BY_LIBREOFFICE = [DATA / "erzincan_plan_libreoffice.ods", DATA / "erzincan_plan_libreoffice.xlsx"]


def _read(path: Path):
    return read_plan_file(path.name, path.read_bytes())


@pytest.mark.parametrize("path", SAVED_BY_LIBREOFFICE, ids=lambda p: p.suffix)
def test_a_workbook_saved_again_by_libreoffice_reads_as_the_original(path):
    assert _read(path) == _read(ORIGINAL)


@pytest.mark.django_db
@pytest.mark.parametrize("path", SAVED_BY_LIBREOFFICE, ids=lambda p: p.suffix)
def test_importing_the_libreoffice_file_then_the_original_changes_nothing(world, path):
    # given the LibreOffice file imported into an empty database
    first = plan_import_document(_read(path), source_name=path.name)
    assert first.created and Indicator.objects.filter(plan=first.plan).count() == 55
    # when izlem's own export of the same plan is imported over it
    second = plan_import_document(_read(ORIGINAL), source_name=ORIGINAL.name)
    # then it is the same plan, and nothing changes
    assert not second.created and second.plan == first.plan and second.changes == 0
    assert Plan.objects.count() == 1
