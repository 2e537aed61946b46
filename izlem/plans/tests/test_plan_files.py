"""Plan files by format: one reader per suffix, refusals that name the formats izlem reads."""

import codecs

import pytest
from django.utils.translation import gettext as _

from izlem.plans.importers import files
from izlem.plans.importers.files import PlanFileError, accepted_suffixes, read_plan_file
from izlem.plans.importers.ministry_text import parse_plan_text
from izlem.plans.tests.test_loader import SEED
from tests.support.plans import KARS


def test_text_with_a_byte_order_mark_reads_like_text_without_one():
    text = SEED.read_text(encoding="utf-8")
    assert read_plan_file("plan.txt", ("\ufeff" + text).encode("utf-8")) == parse_plan_text(text)


@pytest.mark.parametrize("name", ["plan.csv", "plan", "plan.rtf"])
def test_an_unknown_format_is_refused_naming_the_accepted_ones(name):
    with pytest.raises(PlanFileError) as caught:
        read_plan_file(name, b"anything")
    (message,) = caught.value.messages
    assert name in message
    for suffix in accepted_suffixes():
        assert suffix in message


def test_a_workbook_that_is_not_one_is_refused_with_a_message():
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.xlsx", b"not a workbook")
    assert caught.value.messages


# --------------------------------------------------------------------------------------------
# Encodings: what Windows, Notepad and LibreOffice write when a Word plan is saved as text


@pytest.mark.parametrize(
    "encode",
    [
        # Turkish Windows "save as text"; Windows writes the seed's one em space as a space (best fit)
        lambda text: text.replace("\u2003", " ").encode("cp1254"),
        lambda text: text.encode("utf-16"),  # "Unicode" in Notepad and Word: little-endian, with a BOM
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16-le"),  # without a byte order mark: told by the zero bytes
        lambda text: text.encode("utf-16-be"),
    ],
    ids=["windows-1254", "utf-16-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be"],
)
@pytest.mark.parametrize("source", [SEED, KARS], ids=["erzincan", "kars"])
def test_text_in_another_encoding_reads_as_the_same_plan(source, encode):
    text = source.read_text(encoding="utf-8")
    assert read_plan_file("plan.txt", encode(text)) == parse_plan_text(text)


def test_western_text_without_turkish_letters_is_not_taken_for_windows_1254():
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.txt", "Café crème, Øresund\n".encode("cp1252"))
    (message,) = caught.value.messages
    assert "plan.txt" in message and "UTF-8" in message and "Windows-1254" in message
    assert all(suffix in message for suffix in accepted_suffixes())


def test_utf8_with_a_damaged_byte_names_the_line_and_is_not_read_as_windows_1254():
    data = "MİSYON\nÖğrenci\nçğş\n".encode() + b"\xff\n"
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.txt", data)
    assert "4" in caught.value.messages[0] and "UTF-8" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("data", "suffix"),
    [
        (b"%PDF-1.7\n...", ".pdf"),
        (b"{\\rtf1\\ansi ...}", ".rtf"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 64, ".doc"),
    ],
)
def test_a_text_file_that_is_another_kind_of_file_says_what_it_is(data, suffix):
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.txt", data)
    (message,) = caught.value.messages
    assert "plan.txt" in message and _(files._REFUSALS[suffix][1]) in message


def test_a_word_document_named_txt_is_told_to_take_its_own_suffix():
    from .word_documents import numbered_list_document

    with pytest.raises(PlanFileError) as caught:
        read_plan_file("plan.txt", numbered_list_document([(0, "a")]))
    assert ".docx" in caught.value.messages[0]


# --------------------------------------------------------------------------------------------
# Formats izlem does not read: each refused with its own message, naming every accepted format


@pytest.mark.parametrize(
    "suffix", [".doc", ".docm", ".dotx", ".odt", ".rtf", ".pdf", ".csv", ".tsv", ".html"]
)
def test_each_format_izlem_does_not_read_is_refused_with_its_own_advice(suffix):
    name = f"Stratejik Plan{suffix}"
    with pytest.raises(PlanFileError) as caught:
        read_plan_file(name, b"anything")
    (message,) = caught.value.messages
    kind, advice = files._REFUSALS[suffix]
    assert name in message and _(kind) in message and _(advice) in message
    assert all(suffix in message for suffix in accepted_suffixes())
    if suffix != ".csv" and suffix != ".tsv":  # every document format is told to come as .docx
        assert ".docx" in _(advice)


def test_a_pdf_plan_is_refused_with_the_advice_to_bring_the_word_original():
    # given a plan page printed to PDF (WeasyPrint, as izlem prints its reports)
    from weasyprint import HTML

    text = KARS.read_text(encoding="utf-8")
    rows = "".join(f"<tr><td>{line.strip()}</td></tr>" for line in text.splitlines()[:80] if line.strip())
    pdf = HTML(string=f"<h1>Stratejik Plan</h1><table>{rows}</table>").write_pdf()
    assert pdf.startswith(b"%PDF-")
    # when it is read as a plan, then it is refused: import the Word original (.docx) or the text
    with pytest.raises(PlanFileError) as caught:
        read_plan_file("Kars 2020-2024.pdf", pdf)
    (message,) = caught.value.messages
    assert "Kars 2020-2024.pdf" in message and ".docx" in message and ".txt" in message


def test_the_accepted_formats_sentence_names_every_accepted_suffix_once():
    sentence = files.accepted_formats_sentence()
    assert ".docx" in accepted_suffixes() and ".txt" in accepted_suffixes()
    assert all(
        sentence.count(suffix + ",") + sentence.count(suffix + ")") == 1 for suffix in accepted_suffixes()
    )
