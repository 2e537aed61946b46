"""The lock files pin every dependency of pyproject.toml, with hashes, and agree with each other."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{lock}: {match.group(1)} has no hash"
            pins[_name(match.group(1))] = match.group(2)
    return pins


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def test_every_dependency_is_pinned_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    demo, test = _pins("demo.txt"), _pins("test.txt")
    missing_demo = [_name(r) for r in project["dependencies"] if _name(r) not in demo]
    missing_test = [_name(r) for r in project["optional-dependencies"]["test"] if _name(r) not in test]
    assert missing_demo == [] and missing_test == [], "run `make lock` and commit requirements/"


def test_the_test_lock_installs_the_same_versions_as_the_demo_lock():
    demo, test = _pins("demo.txt"), _pins("test.txt")
    assert {
        name: (version, test.get(name)) for name, version in demo.items() if test.get(name) != version
    } == {}
