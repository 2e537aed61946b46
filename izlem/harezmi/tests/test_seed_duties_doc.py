"""docs/harezmi.md lists every duty of the seed (numbered as the seed numbers them) with its screen and a
test that exists (issue 19: "Done when docs/harezmi.md lists every duty of the seed, its screen, its test")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT.parent / "shared" / "seeds" / "004_c90e26f837905f6f.txt"
DOC = ROOT / "docs" / "harezmi.md"
SECTION = "## Seed duties, numbered → screen → test"
HEADING = re.compile(r"\n\s*(\d)\. [A-ZİÇŞĞÜÖÎ /]+GÖREV VE SORUMLULUKLARI")


def seed_numbers(text: str) -> set[str]:
    """'§.n' for the n-th bullet of each numbered section of the seed."""
    parts = HEADING.split(text)
    numbers = set()
    for i in range(1, len(parts), 2):
        bullets = parts[i + 1].split("•")[1:]
        numbers |= {f"{parts[i]}.{n}" for n in range(1, len(bullets) + 1)}
    return numbers


def duty_rows() -> list[list[str]]:
    """The table rows of the duties section: [number, duty, who, screen, test]."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\| \d", line)]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def covered(number: str) -> set[str]:
    """The seed numbers a row's first cell covers ('5.4–5.7' covers 5.4 to 5.7)."""
    match = re.fullmatch(r"(\d)\.(\d+)–\1\.(\d+)", number)
    if match:
        section, first, last = match.groups()
        return {f"{section}.{n}" for n in range(int(first), int(last) + 1)}
    return {number}


def test_every_seed_duty_has_a_row_with_a_screen_and_a_test():
    rows = duty_rows()
    assert all(len(row) == 5 and all(row) for row in rows), "every row: number, duty, who, screen, test"
    listed = set().union(*(covered(row[0]) for row in rows))
    if SEED.exists():  # the seed lies beside the repository (../shared/seeds)
        missing = seed_numbers(SEED.read_text(encoding="utf-8")) - listed
        assert not missing, f"seed duties without a row: {sorted(missing)}"
    assert {"0.1", "0.2", "3.0a", "5.0b"} <= listed


def test_every_test_named_in_the_table_exists():
    names: dict[Path, set[str]] = {}
    missing = []
    for row in duty_rows():
        current = None
        for reference in re.findall(r"`([^`]*::test_\w+)`", row[4]):
            path, _, name = reference.partition("::")
            if path:
                current = ROOT / path if "/" in path else ROOT / "izlem" / "harezmi" / "tests" / path
            if current not in names:
                tree = (
                    ast.parse(current.read_text(encoding="utf-8")) if current.exists() else ast.Module([], [])
                )
                names[current] = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
            if name not in names[current]:
                missing.append(f"{row[0]}: {current.relative_to(ROOT)}::{name}")
    assert not missing, missing


def test_every_screen_named_in_the_table_exists():
    unknown = []
    for row in duty_rows():
        for name in re.findall(r"`((?:harezmi|reports):[\w-]+)`", row[3]):
            try:
                reverse(name)
            except NoReverseMatch as error:
                if "with no arguments not found" not in str(error) and "arguments '()'" not in str(error):
                    unknown.append(name)
    assert not unknown, unknown
