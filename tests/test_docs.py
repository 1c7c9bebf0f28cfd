"""docs/rules.md accounts for every catalogue rule, every rule has its three parts and a
test, and no part is a stub."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from rotation.models.rules import ENCODERS
from rotation.rules import SPECS
from rotation.validate import CHECKERS

ROOT = Path(__file__).resolve().parent.parent


def _doc_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_rules_doc", ROOT / "scripts/make_rules_doc.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_spec_has_an_encoder_and_a_checker() -> None:
    names = {spec.name for spec in SPECS}
    assert names == set(ENCODERS) == set(CHECKERS)


def test_rules_doc_lists_every_rule_and_every_catalogue_number() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for spec in SPECS:
        assert f"`{spec.name}`" in text, spec.name
    rows = dict(re.findall(r"^\| (\d+) \| [^|]* \| (.+) \|$", text, flags=re.M))
    assert sorted(map(int, rows)) == list(range(1, 44))
    for number, where in rows.items():
        assert "`" in where or where.startswith("left out: "), number
        assert "unaccounted" not in where, number


def test_every_rule_is_exercised_by_a_test() -> None:
    covered = _doc_script().covering_tests()
    missing = [name for name, tests in covered.items() if not tests]
    assert not missing, f"rules without a test: {missing}"


def test_no_stub_is_left() -> None:
    stubs = [
        f"{path.relative_to(ROOT)}:{i}"
        for path in (ROOT / "rotation").rglob("*.py")
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "STUB" in line
    ]
    assert not stubs, stubs
