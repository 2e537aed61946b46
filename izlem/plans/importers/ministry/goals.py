"""Readers for the plan body: themes, goals and targets, and where each target's tables go.

The body runs from "STRATEJİK PLAN GENEL TABLOSU" (a summary of goals and targets) through the
"TEMA:" sections (each goal with its targets, indicator tables, narratives and measures) up to the
next part heading. A goal or target met twice is merged: the later, detailed text wins. See
`izlem.plans.importers.ministry_text` for the alignment and unit rules; the tables are read by
`ministry.indicators`, `ministry.measures` and `ministry.costs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from izlem.plans.importers.document import GoalDoc, PlanDocument, Problem, TargetDoc
from izlem.plans.importers.ministry.costs import read_costs
from izlem.plans.importers.ministry.indicators import read_indicators
from izlem.plans.importers.ministry.layout import (
    THEME_LINE,
    YEAR,
    Cell,
    Document,
    Token,
    clean,
    fold,
    paragraphs_of,
    rows_of,
    similar,
    tables_of,
    tokenize,
)
from izlem.plans.importers.ministry.measures import read_measures

# "1. Stratejik Amaç1:", "Stratejik Amaç 2.", "3.2. Stratejik hedef:"; a title on the same line must
# follow a "." or ":" so that a sentence starting "2. Stratejik amaç kapsamında" is not a heading.
GOAL = re.compile(r"^(?:(\d+)\s*\.?\s*)?Stratejik\s+Ama[çc](?![^\W\d])\s*(\d+)?\s*(?:[.:]\s*(.*))?$", re.I)
TARGET = re.compile(
    r"^(?:(\d+\.\d+)\s*\.?\s*)?Stratejik\s+Hedef(?![^\W\d])\s*(\d+\.\d+)?\s*(?:[.:]\s*(.*))?$", re.I
)


NARRATIVES = [
    ("rationale", "hedefin ne oldugu"),
    ("current_status", "hedefin mevcut durumu"),
    ("expected_outcome", "neyin elde edilmesinin umuldugu"),
]


def code_key(code: str) -> tuple[int, ...]:
    """Sort key for dotted codes, so that 3.2.9 comes before 3.2.12."""
    return tuple(int(part) for part in re.findall(r"\d+", code))


def heading(line: str) -> tuple[str, str, str] | None:
    """Recognise a goal or target heading: (kind, code, title written on the same line)."""
    text = clean(line)
    for kind, pattern in (("goal", GOAL), ("target", TARGET)):
        match = pattern.match(text)
        if match and (match.group(1) or match.group(2)):
            return kind, match.group(1) or match.group(2), (match.group(3) or "").strip()
    return None


@dataclass
class Block:
    """The lines under one goal or target heading."""

    kind: str
    code: str
    title: str
    theme: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)


def read_blocks(document: Document, plan: PlanDocument) -> list[Block]:
    """Cut the plan body into goal and target blocks, noting the theme each one falls under."""
    span = document.span("overview", "theme")
    if span is None:
        plan.problems.append(Problem("belge", "Stratejik plan genel tablosu ve TEMA bölümleri bulunamadı."))
        return []
    blocks: list[Block] = []
    theme = ""
    for index in range(*span):
        raw = document.lines[index]
        is_text = bool(raw.strip()) and not raw.startswith("\t")
        found = heading(raw) if is_text else None
        if is_text and THEME_LINE.match(raw):
            theme = resolve_theme(clean(THEME_LINE.sub("", raw)), plan)
            if theme not in plan.themes:
                plan.themes.append(theme)
            blocks.append(Block("theme", "", theme, theme, index + 1))  # closes the previous block
        elif found:
            blocks.append(Block(found[0], found[1], found[2], theme, index + 1))
        elif blocks:
            blocks[-1].body.append((index + 1, raw))
    return [block for block in blocks if block.kind != "theme"]


def resolve_theme(text: str, plan: PlanDocument) -> str:
    """Name a "TEMA:" heading by the architecture's matching top-level title, else as written."""
    tops = [c.title for c in plan.architecture if "." not in c.code]
    return next((title for title in tops if similar(title, text)), text)


def part_name(raw: str) -> str | None:
    """Which part of a target block a line opens: a narrative question, "measures", or None."""
    if raw.startswith("\t") or not raw.strip():
        return None
    key = fold(raw)
    if key == "tedbirler":
        return "measures"
    return next((name for name, start in NARRATIVES if key.startswith(start)), None)


def block_parts(block: Block) -> dict[str, list[Token]]:
    """Split a target block at its narrative headings into token lists per part."""
    parts: dict[str, list[tuple[int, str]]] = {"head": []}
    current = "head"
    for number, raw in block.body:
        name = part_name(raw)
        if name:
            current = name
            parts.setdefault(current, [])
        else:
            parts[current].append((number, raw))
    return {
        name: tokenize([raw for _, raw in lines], lines[0][0]) if lines else []
        for name, lines in parts.items()
    }


def parse_plan_body(document: Document, plan: PlanDocument) -> None:
    """Read goals, targets, indicators and measures from the body, then the costing table."""
    goals: dict[str, GoalDoc] = {}
    targets: dict[str, TargetDoc] = {}
    for block in read_blocks(document, plan):
        if block.kind == "goal":
            title = block.title or " ".join(
                p.text for p in paragraphs_of(tokenize([r for _, r in block.body], block.line))
            )
            goal = goals.setdefault(block.code, GoalDoc(block.code, "", ""))
            goal.title = clean(title) or goal.title
            goal.theme = block.theme or goal.theme
        else:
            read_target(block, goals, targets, plan)
    plan.goals = sorted(goals.values(), key=lambda g: code_key(g.code))
    plan.targets = sorted(targets.values(), key=lambda t: code_key(t.code))
    for goal in plan.goals:
        if not goal.theme:
            plan.problems.append(
                Problem(
                    f"amaç {goal.code}", f"Stratejik amaç {goal.code} bir TEMA başlığı altında bulunamadı."
                )
            )
    for target in plan.targets:
        if not any(i.target_code == target.code for i in plan.indicators):
            plan.problems.append(
                Problem(
                    f"hedef {target.code}",
                    f"Stratejik hedef {target.code} için performans göstergesi tablosu bulunamadı.",
                )
            )
    read_costs(document, plan)


def read_target(
    block: Block, goals: dict[str, GoalDoc], targets: dict[str, TargetDoc], plan: PlanDocument
) -> None:
    """Read one target block: statement, indicator table, narratives and measures."""
    goal_code = block.code.split(".")[0]
    if goal_code not in goals:
        plan.problems.append(
            Problem(
                f"hedef {block.code}",
                f"Stratejik hedef {block.code} için {goal_code} numaralı amaç bulunamadı.",
            )
        )
        goals[goal_code] = GoalDoc(goal_code, "", block.theme)
    target = targets.setdefault(block.code, TargetDoc(block.code, goal_code, ""))
    parts = block_parts(block)
    head = parts["head"]
    statement = block.title or " ".join(p.text for p in paragraphs_of(head[: index_of_first_cell(head)]))
    target.statement = clean(statement) or target.statement
    for name in ("rationale", "current_status", "expected_outcome"):
        text = "\n\n".join(p.text for p in paragraphs_of(parts.get(name, [])))
        setattr(target, name, text or getattr(target, name))
    for tokens in parts.values():
        for table in (piece for whole in tables_of(tokens) for piece in split_at_measure_header(whole)):
            if any(sum(bool(YEAR.match(c.text)) for c in row) >= 2 for row in rows_of(table)):
                read_indicators(table, block.code, plan)
            elif any("tedbir" in fold(c.text) or "sorumlu" in fold(c.text) for c in table[:8]):
                read_measures(table, block.code, plan)
            else:
                plan.problems.append(
                    Problem(
                        f"satır {table[0].line}",
                        f"Stratejik hedef {block.code} altındaki tablo tanınmadı (gösterge veya tedbir tablosu değil).",
                    )
                )


def split_at_measure_header(table: list[Cell]) -> list[list[Cell]]:
    """Split a table where a measure header row ("Tedbir") starts, in case no narrative separates them."""
    rows = rows_of(table)
    at = next((i for i, row in enumerate(rows) if i and any(fold(c.text) == "tedbir" for c in row)), None)
    if at is None:
        return [table]
    return [[c for row in rows[:at] for c in row], [c for row in rows[at:] for c in row]]


def index_of_first_cell(tokens: list[Token]) -> int:
    """Position of the first cell among tokens (len(tokens) when there is none)."""
    return next((i for i, token in enumerate(tokens) if isinstance(token, Cell)), len(tokens))
