"""Guard: no stale-copy saves anywhere in the code that writes.

`instance.save()` without `update_fields` writes every column of the row from the copy in memory; if the
copy was loaded before someone else changed another field, that change is silently put back (this wiped
`announced_at` on every approved Harezmi application once). So every `.save()` of a model instance in
izlem's own modules must name the fields it owns (`save(update_fields=[...])`), unless the instance was
created a few lines above (`X(...)` then `.save()`: an INSERT, nothing to overwrite) or the case is in the
short allow-list below with its reason. The scan reads the source (AST); it needs no database.
"""

from __future__ import annotations

import ast
from pathlib import Path

import izlem

ROOT = Path(izlem.__file__).parent

# (module, function, receiver) -> why a whole-row save is right there. Keep this list short. (Its one entry,
# the test world's `login_as` saving a test client's session store, left with the test world for
# tests/support/world.py, outside izlem's modules.)
ALLOWED: dict[tuple[str, str, str], str] = {}


def _is_constructor(node: ast.AST) -> bool:
    """`Model(...)` or `module.Model(...)`: a new instance (class names start with a capital)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name[:1].isupper()


def _assignments(function: ast.AST) -> dict[str, list[ast.AST]]:
    """Every value assigned to each plain name in `function` (loop targets and parameters count too)."""
    found: dict[str, list[ast.AST]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
                elif isinstance(target, ast.Tuple):  # a, b = ...: not a plain constructor
                    for element in target.elts:
                        if isinstance(element, ast.Name):
                            found.setdefault(element.id, []).append(target)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            found.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.target, ast.Name):
            found.setdefault(node.target.id, []).append(node.target)
        elif isinstance(node, ast.NamedExpr):
            found.setdefault(node.target.id, []).append(node.value)
    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = function.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            found.setdefault(arg.arg, []).append(arg)
    return found


def _functions(tree: ast.Module):
    """(function node, name) for every function and method, innermost last."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def stale_saves(source: str, module: str) -> list[tuple[str, str, str, int]]:
    """Every `.save()` in `source` that may write a whole existing row: (module, function, receiver, line)."""
    tree = ast.parse(source)
    owner: dict[int, ast.AST] = {}
    for function in _functions(tree):
        for node in ast.walk(function):
            owner[id(node)] = function  # inner functions are walked later and win
    findings = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "save" or node.args:  # workbook.save(path), file.save(name, content)
            continue
        if any(k.arg == "force_insert" and getattr(k.value, "value", None) is True for k in node.keywords):
            continue  # an INSERT that fails rather than overwrite
        named = [k for k in node.keywords if k.arg == "update_fields" or k.arg is None]  # or **kwargs
        if named and not (isinstance(named[0].value, ast.Constant) and named[0].value.value is None):
            continue  # `update_fields=None` is a whole-row save spelled out: still reported
        receiver = node.func.value
        if isinstance(receiver, ast.Call) and getattr(receiver.func, "id", "") == "super":
            continue  # a model's own save() passing its arguments on
        function = owner.get(id(node))
        name = ast.unparse(receiver)
        if function is not None and isinstance(receiver, ast.Name):
            values = _assignments(function).get(receiver.id, [])
            if values and all(_is_constructor(value) for value in values):
                continue  # created above: an INSERT
        findings.append((module, getattr(function, "name", "<module>"), name, node.lineno))
    return findings


def modules():
    """izlem's own modules that may write: everything but tests and migrations."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in f"/{relative}":
            continue
        yield relative, path


def all_findings() -> list[tuple[str, str, str, int]]:
    return [finding for relative, path in modules() for finding in stale_saves(path.read_text(), relative)]


def test_no_save_of_an_existing_instance_without_update_fields():
    # given every module that may write; when the saves are scanned
    findings = [f for f in all_findings() if f[:3] not in ALLOWED]
    # then none writes a whole existing row from a copy
    assert not findings, (
        "save() without update_fields (name the fields the service owns, or lock and justify):\n"
        + "\n".join(
            f"  izlem/{module}:{line} in {function}(): {receiver}.save()"
            for module, function, receiver, line in findings
        )
    )


def test_the_allow_list_has_no_stale_entries():
    # an entry whose save was fixed or moved must leave the list, so the list stays short and true
    present = {f[:3] for f in all_findings()}
    assert set(ALLOWED) <= present, set(ALLOWED) - present


def test_the_guard_catches_a_whole_row_save_and_lets_creation_and_update_fields_pass():
    # given the three shapes the guard must tell apart
    source = """
def stale(*, application):
    application.state = "x"
    application.save()

def named(*, application):
    application.state = "x"
    application.save(update_fields=["state", "updated_at"])

def created():
    team = Team(name="a")
    team.full_clean()
    team.save()

def reused(pk):
    team = Team(name="a")
    team = Team.objects.get(pk=pk)
    team.save()

def inserted(model, lookup):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup)
        obj.save(force_insert=True)

def files(workbook, job):
    workbook.save("x.xlsx")
    job.pdf.save("a.pdf", b"", save=False)
"""
    # when it scans them
    found = [(function, receiver) for _module, function, receiver, _line in stale_saves(source, "m.py")]
    # then only the whole-row saves of existing rows are reported
    assert found == [("stale", "application"), ("reused", "team")]
