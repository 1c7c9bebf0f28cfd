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


# The issue-3 columns, filled on every row, so that a bad cell lands in one of them too.
WIDE = {
    "people.csv": (
        "id,name,gender,birth_date,unit,post_start,rank_since,level_start,work_start,"
        "probation_end,punishment,punishment_date,education,home,interests\n"
        "P1,张三,M,1980-05-01,A1,2015-03,2019-01,2012-03,2002-07,2016-03,警告,2023-01,本科,城关,T1\n"
        "P2,李四,F,1985-07,T1,2020-01-01,2020-01,2020-01,2008-07,2021-01,记过,2022-05,硕士,城区,O1\n"
        "P3,王五,M,1990.03,O1,201903,2021-06,2019-03,2012-07,2020-03,党内警告,2024-01,大专,城区,A1\n"
        "P4,赵六,F,1975-01-01,O1,2010-06-01,2018-01,2010-06,1997-07,2011-06,降级,2021-01,中专,城关,T1\n"
    ),
    "units.csv": (
        "id,name,kind,area,min_staff,max_staff,heads,deputies,key\n"
        "A1,第一片区,area,,1,5,1,1,否\n"
        "T1,城关镇纪委,township,A1,1,5,1,2,是\n"
        "O1,案件审理室,office,,1,8,1,0,yes\n"
    ),
}


@settings(max_examples=150, deadline=None)
@given(
    table=st.sampled_from(sorted(WIDE)),
    line=st.integers(1, 4),
    cell=st.integers(0, 14),
    value=st.one_of(
        CELL, st.sampled_from(["是", "maybe", "博士", "小学", "T9", "警告", "2019-02-30", "-2"])
    ),
)
def test_one_bad_cell_in_the_new_columns(table: str, line: int, cell: int, value: str) -> None:
    lines = [row.split(",") for row in WIDE[table].splitlines()]
    row = lines[min(line, len(lines) - 1)]
    row[min(cell, len(row) - 1)] = '"' + value.replace('"', '""') + '"'
    text = "\n".join(",".join(r) for r in lines) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        changes: dict[str, str | bytes | None] = {name: WIDE[name] for name in WIDE}
        changes[table] = text
        try:
            read_scenario(make_folder(Path(tmp), dict(changes)))
        except ScenarioError as exc:
            assert exc.file and Path(exc.file).name in str(exc)


def test_the_wide_tables_are_valid() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s = read_scenario(make_folder(Path(tmp), dict(WIDE)))
    assert s.person["P4"].punishment == "降级" and s.person["P4"].education == "secondary"
    assert s.unit["O1"].deputies == 0 and s.unit["O1"].key
