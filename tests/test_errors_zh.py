"""Every input error a user can meet says what is wrong in Chinese as well as English."""

from __future__ import annotations

import ast
from pathlib import Path

import rotation
from rotation.errors import ScenarioError

PACKAGE = Path(rotation.__file__).parent


def _without_chinese(tree: ast.AST) -> list[int]:
    """Lines of calls that make an input error without a ``zh=`` message: ScenarioError
    itself and the readers' helpers that build one (``row.fail``, ``table.error``,
    ``fail``)."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else None
        if isinstance(func, ast.Attribute) and not (
            isinstance(func.value, ast.Name) and func.value.id == "parser"  # argparse's
        ):
            name = func.attr
        if name not in ("ScenarioError", "fail", "error"):
            continue
        if name == "error" and not (
            isinstance(func, ast.Attribute) and "table" in ast.unparse(func.value)
        ):
            continue
        if not any(k.arg == "zh" for k in node.keywords):
            lines.append(node.lineno)
    return lines


def test_every_input_error_has_a_chinese_message() -> None:
    missing = {
        str(path.relative_to(PACKAGE)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if (found := _without_chinese(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert missing == {}


def test_the_location_reads_in_chinese() -> None:
    error = ScenarioError(
        "'x' is not a number", zh="“x”不是数字", file="units.xlsx", row=3, column="最多人数"
    )
    assert error.text("zh") == "units.xlsx，第3行，“最多人数”列：“x”不是数字"
    assert str(error) == "units.xlsx, row 3, column '最多人数': 'x' is not a number"
    record = ScenarioError("unknown unit 'U9'", zh="未知的单位“U9”", table="pins", index=1)
    assert record.text("zh") == "指定安排表，第2条：未知的单位“U9”"
    moved = record.located(file="pins.csv", row=3, column="unit")
    assert moved.text("zh") == "pins.csv，第3行，“unit”列：未知的单位“U9”"


def test_a_setting_of_scenario_toml_is_called_a_setting() -> None:
    error = ScenarioError(
        "horizon must be 1 to 10", zh="规划年数须为1至10", file="s/scenario.toml", column="horizon"
    )
    assert str(error) == "s/scenario.toml, setting 'horizon': horizon must be 1 to 10"
    assert error.text("zh") == "s/scenario.toml，“horizon”设置项：规划年数须为1至10"


def test_an_error_without_a_translation_falls_back_to_english() -> None:
    assert ScenarioError("odd", file="a.csv").text("zh") == "a.csv：odd"
