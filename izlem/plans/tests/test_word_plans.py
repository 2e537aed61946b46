"""A plan as a Word document (.docx) reads exactly as the same plan as text (merged cells included)."""

import io
import zipfile

import docx
import pytest
from django.core.management import call_command
from django.utils.translation import gettext as _
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from izlem.plans.importers.files import PlanFileError, accepted_suffixes, read_plan_file
from izlem.plans.importers.ministry_text import parse_plan_text
from izlem.plans.importers.ministry_word import word_plan_text
from izlem.plans.models import Plan
from tests.support.plans import KARS, SEED

from .word_documents import numbered_list_document, word_document


@pytest.fixture(scope="module", params=[SEED, KARS], ids=["erzincan", "kars"])
def plan_text_and_word(request):
    """A province's plan as text and as the Word document built from it (built once per module)."""
    text = request.param.read_text(encoding="utf-8")
    return text, word_document(text)


def merges(data: bytes) -> tuple[int, int]:
    """How many cells span columns and how many continue a cell downwards, in the document's XML."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return xml.count("<w:gridSpan "), xml.count("<w:vMerge/>")


def test_a_plan_as_a_word_document_reads_exactly_as_its_text(plan_text_and_word):
    # given a province's plan built as a Word document with real tables and Word's merged cells
    text, data = plan_text_and_word
    spans, continued = merges(data)
    assert spans > 10 and continued > 10
    # when it is read as a plan file, then it is the text's plan (codes, values, units, line numbers)
    assert read_plan_file("plan.docx", data) == parse_plan_text(text)
    # and that is because the document reads back into the very text layout
    assert word_plan_text(data) == text


def test_merged_header_cells_are_one_cell_and_merged_rows_are_empty_below(plan_text_and_word):
    # given the first indicator table of the Word plan, as python-docx sees it
    _text, data = plan_text_and_word
    tables = docx.Document(io.BytesIO(data)).tables
    table = next(t for t in tables if "Önceki Yıllar" in [c.text for c in t.rows[0].cells])
    header, years = [cell._tc for cell in table.rows[0].cells], table.rows[1].cells
    # then Word shows one header cell over the three baseline years, and "No" and the indicator name
    # merged down over the year row (python-docx repeats the merged cell at each place it covers)
    assert header[3] is header[4] is header[5] and header[6] is not header[5]
    assert [cell.text for cell in years[3:6]] in (["2012", "2013", "2014"], ["2017", "2018", "2019"])
    assert (
        years[0]._tc is header[0]
        and years[1]._tc is header[1]
        and years[1].text.startswith("Performans Gösterge")
    )


def test_word_structures_read_as_the_text_layout():
    # given a document with a line break, an indented paragraph, a content control, tracked changes,
    # a field, a table with a column span, a cell merged down two rows and a table inside a cell
    w = nsdecls("w")
    body = f"""<w:body {w}>
      <w:p><w:r><w:t>MİSYON</w:t></w:r></w:p>
      <w:p><w:r><w:t>birinci satır</w:t><w:br/><w:t>ikinci satır</w:t></w:r></w:p>
      <w:p><w:r><w:tab/><w:t>girintili paragraf</w:t></w:r></w:p>
      <w:sdt><w:sdtContent><w:p><w:r><w:t>denetimli içerik</w:t></w:r></w:p></w:sdtContent></w:sdt>
      <w:p><w:ins><w:r><w:t>eklenen</w:t></w:r></w:ins><w:del><w:r><w:delText>silinen</w:delText></w:r></w:del></w:p>
      <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
      <w:tbl>
        <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>No</w:t></w:r></w:p></w:tc>
              <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Önceki Yıllar</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
              <w:tc><w:p><w:r><w:t>2013</w:t></w:r></w:p></w:tc>
              <w:tc><w:p><w:r><w:t>Temel Eğitim,</w:t></w:r></w:p><w:p><w:r><w:t>Ortaöğretim</w:t></w:r></w:p>
                <w:tbl><w:tr><w:tc><w:p><w:r><w:t>iç tablo</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
      </w:tbl>
      <w:p><w:r><w:t>son</w:t></w:r></w:p>
    </w:body>"""
    document = docx.Document()
    document.element.replace(document.element.body, parse_xml(body))
    stream = io.BytesIO()
    document.save(stream)
    # then
    assert word_plan_text(stream.getvalue()).split("\n") == [
        "MİSYON",
        "birinci satır",
        "ikinci satır",
        "girintili paragraf",
        "denetimli içerik",
        "eklenen",
        "7",
        "\tNo",
        "\tÖnceki Yıllar",
        "",
        "\t",
        "\t2013",
        "\tTemel Eğitim,",
        "Ortaöğretim",
        "iç tablo",
        "",
        "",
        "son",
    ]


def test_list_numbers_word_draws_are_written_out():
    # given goal and target headings numbered by Word itself (automatic numbering, two levels)
    items = [(0, "Stratejik Amaç"), (1, "Stratejik Hedef"), (1, "Stratejik Hedef"), (0, "Stratejik Amaç")]
    data = numbered_list_document(items)
    # then the codes are in the text, as Word's text export writes them
    assert word_plan_text(data).split("\n") == [
        "1. Stratejik Amaç",
        "1.1. Stratejik Hedef",
        "1.2. Stratejik Hedef",
        "2. Stratejik Amaç",
    ]
    assert word_plan_text(numbered_list_document([(0, "a"), (0, "b")], fmt="upperRoman")).split("\n") == [
        "I. a",
        "II. b",
    ]
    assert (
        word_plan_text(numbered_list_document([(0, "güçlü yön")], fmt="bullet", text="\uf0b7"))
        == "• güçlü yön"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"not a zip at all", "damaged"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 100, ".doc"),
    ],
    ids=["garbage", "old-word-binary"],
)
def test_a_docx_that_is_not_one_is_refused_naming_the_formats(data, expected):
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.docx", data)
    (message,) = caught.value.messages
    assert "plan.docx" in message
    assert all(suffix in message for suffix in accepted_suffixes())
    if expected == ".doc":  # an old Word file renamed: told to save it as .docx
        assert _("an old Office document (Word .doc or Excel .xls)") in message


def test_import_plan_reads_a_word_plan_end_to_end(world, tmp_path, capsys):
    # given the Erzincan plan as a Word document on disk
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "Erzincan 2015-2019.docx"
    path.write_bytes(word_document(text))
    # when it is imported with the command, writing out the text it read
    call_command("import_plan", str(path), text_out=str(tmp_path / "read.txt"))
    out = capsys.readouterr().out
    plan = Plan.objects.get()
    # then the counts are the seed's (55 indicators, 73 value rows, 58 measures) and the plan is made
    assert "55" in out and "73" in out and "58" in out and out.rstrip().endswith(f" {plan.pk}")
    # and the text it read, where "satır N" in its messages can be looked up, is the seed's text
    assert (tmp_path / "read.txt").read_text(encoding="utf-8") == text
    # and importing the text afterwards changes nothing: the Word plan was the text's plan
    call_command("import_plan", str(SEED))
    assert (_("Plan unchanged: ID %(id)d") % {"id": plan.pk}) in capsys.readouterr().out
