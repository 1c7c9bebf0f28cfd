"""Whatever is typed into one cell, reading gives a scenario or a located ScenarioError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rotation.errors import ScenarioError
from rotation.io import read_scenario
from tests.io.scenario_folder import FILES, make_folder

TABLES = sorted(name for name in FILES if name.endswith(".csv"))
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "0", "-1", "1e400", "nan", "2019.13", "男", "副书记", "law:x", ";"]),
)


@settings(max_examples=150, deadline=None)
@given(table=st.sampled_from(TABLES), line=st.integers(0, 4), cell=st.integers(0, 12), value=CELL)
def test_one_bad_cell_never_escapes(table: str, line: int, cell: int, value: str) -> None:
    lines = [row.split(",") for row in FILES[table].splitlines()]
    row = lines[min(line, len(lines) - 1)]
    row[min(cell, len(row) - 1)] = '"' + value.replace('"', '""') + '"'
    text = "\n".join(",".join(r) for r in lines) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        try:
            read_scenario(make_folder(Path(tmp), {table: text}))
        except ScenarioError as exc:
            assert exc.file and Path(exc.file).name in str(exc)
