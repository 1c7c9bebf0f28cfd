"""Reading what users actually keep: Chinese headers, GBK, BOMs, Excel cells, titles."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from rotation.io import read_scenario, values
from tests.io.scenario_folder import FILES, make_folder, replace

CHINESE_PEOPLE = (
    "编号,姓名,性别,出生 年月,现单位,任现职时间,职务,职级,专业特长,成长地,"
    "暂不交流原因,交流意向,退休时间\n"
    "P1,张三,男,1980.05,A1,2015.03,第一片区主任,正科,法律、财务,城关,否,T1；O1,\n"
    "P2,李四,女,198507,T1,2020-01,城关镇纪委副书记,,财会,,试用期,,\n"
    "P3,王五,男,1990-03-01,O1,201903,干部,,审计 法律,,,,\n"
    "P4,赵六,女,1975-01,O1,2010-06,,,,,无,,2035-01\n"
)
CHINESE_UNITS = (
    "编号,名称,类型,所属片区,最少人数,最多人数,专业要求,所在地,工作量\n"
    "A1,第一片区,派驻纪检监察室,,1,5,法律：1,城区,10\n"
    "T1,城关镇纪委,乡镇纪委,A1,,,法律:1；审计,城关,\n"
    "O1,案件审理室,内设机构,,1,8,,城区,3.5\n"
)
CHINESE_OTHERS = {
    "relations.csv": "甲,乙,关系\nP1,P2,配偶\n",
    "history.csv": "人员,单位,开始,结束\nP1,T1,2008.01,2015.02\n",
    "distances.csv": "甲地,乙地,公里\n城区,城关,12\n",
    "pins.csv": "人员,单位\nP4,O1\n",
}


def chinese_folder(root: Path, encoding: str = "utf-8") -> Path:
    files: dict[str, str | bytes | None] = {
        "people.csv": CHINESE_PEOPLE.encode(encoding),
        "units.csv": CHINESE_UNITS.encode(encoding),
    }
    files.update({k: v.encode(encoding) for k, v in CHINESE_OTHERS.items()})
    return make_folder(root, dict(files))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_chinese_headers_and_values(tmp_path: Path, encoding: str) -> None:
    s = read_scenario(chinese_folder(tmp_path, encoding))
    p1, p2, p3, p4 = s.people
    assert (p1.gender, p1.role, p1.skills) == ("M", "head", frozenset({"law", "finance"}))
    assert p1.birth_date == dt.date(1980, 5, 1) and p1.post_start == dt.date(2015, 3, 1)
    assert p1.frozen == "" and p1.preferences == ("T1", "O1")
    assert (p2.gender, p2.role, p2.frozen, p2.skills) == ("F", "deputy", "试用期", {"finance"})
    assert p2.birth_date == dt.date(1985, 7, 1)
    assert p3.role == "member" and p3.skills == {"audit", "law"}
    assert p4.role == "member" and p4.frozen == "" and p4.retire_date == dt.date(2035, 1, 1)
    a1, t1, o1 = s.units
    assert (a1.kind, t1.kind, o1.kind) == ("area", "township", "office")
    assert a1.needs_map == {"law": 1} and t1.needs_map == {"law": 1, "audit": 1}
    # a blank band comes from [rules.headcount] bands for the unit's kind
    assert (t1.min_staff, t1.max_staff) == s.rules.headcount.bands["township"]
    assert t1.workload == 0.0 and o1.workload == 3.5
    assert s.relations[0].kind == "spouse"
    assert s.history[0].end == dt.date(2015, 2, 1)
    assert s.distances[0].km == 12.0
    assert s.pins[0].period is None


def test_headers_forgive_case_spaces_and_bom(tmp_path: Path) -> None:
    header = "\ufeff ID , Name,GENDER,Birth Date,unit,post-start ,Role"
    people = FILES["people.csv"].splitlines()
    body = "\n".join(",".join(line.split(",")[:7]) for line in people[1:])
    folder = make_folder(tmp_path, {"people.csv": header + "\n" + body + "\n"})
    assert [p.id for p in read_scenario(folder).people] == ["P1", "P2", "P3", "P4"]


def test_extra_columns_and_blank_rows_are_ignored(tmp_path: Path) -> None:
    units = FILES["units.csv"].replace("workload\n", "workload,备注\n", 1) + ",,,,,,,,\n\n"
    folder = make_folder(tmp_path, {"units.csv": units})
    assert len(read_scenario(folder).units) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-03-01", dt.date(2019, 3, 1)),
        ("2019-03", dt.date(2019, 3, 1)),
        ("2019.03", dt.date(2019, 3, 1)),
        ("201903", dt.date(2019, 3, 1)),
        ("2019.10", dt.date(2019, 10, 1)),
        ("2019年3月", dt.date(2019, 3, 1)),
        ("2019年3月15日", dt.date(2019, 3, 15)),  # was read as month 31
        ("2019年12月1日", dt.date(2019, 12, 1)),
        ("2019/3/15", dt.date(2019, 3, 15)),
    ],
)
def test_date_forms(tmp_path: Path, text: str, expected: dt.date) -> None:
    change = replace("P3,王五,M,1990.03,O1,201903", f"P3,王五,M,1990.03,O1,{text}")
    s = read_scenario(make_folder(tmp_path, {"people.csv": change}))
    assert s.person["P3"].post_start == expected


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("书记", "head"),
        ("主任", "head"),
        ("组长", "head"),
        ("室主任", "head"),
        ("城关镇纪委书记", "head"),
        ("副书记", "deputy"),
        ("城关镇纪委副书记", "deputy"),
        ("第一派驻纪检监察室副主任", "deputy"),
        ("副组长", "deputy"),
        ("委员", "member"),
        ("干部", "member"),
        ("科员", "member"),
        ("监察员", "member"),
        ("其他", "member"),
        ("", "member"),
        ("Deputy", "deputy"),
        # the words the messages ask for (须为正职、副职或一般干部) and plan.xlsx writes
        ("正职", "head"),
        ("负责人", "head"),
        ("副职", "deputy"),
        ("一般干部", "member"),
        ("处长", "head"),
        ("案件审理室副处长", "deputy"),
        ("副科长", "deputy"),
    ],
)
def test_roles_from_titles(title: str, role: str) -> None:
    assert values.role(title) == role


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("室", "office"),
        ("内设机构", "office"),
        ("片区", "area"),
        ("派驻", "area"),
        ("街道纪工委", "township"),
        ("街道", "township"),
        ("部门纪检组", "department"),
        ("派驻纪检组", "department"),
        ("Township", "township"),
    ],
)
def test_unit_kinds(text: str, kind: str) -> None:
    assert values.unit_kind(text) == kind


def test_needs_forms() -> None:
    assert values.needs("law:1;finance:2") == {"law": 1, "finance": 2}
    assert values.needs("法律：1；审计") == {"law": 1, "audit": 1}
    assert values.needs("law : 2, Finance") == {"law": 2, "finance": 1}
    assert values.needs("") == {}


def test_xlsx_cells_dates_and_floats(tmp_path: Path) -> None:
    """Excel cells come as datetimes, ints and floats (2019.10 typed becomes 2019.1)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "干部名册"
    ws.append(["编号", "姓名", "性别", "出生年月", "现单位", "任现职时间", "职务", "退休时间"])
    ws.append([1001, "张三", "男", dt.datetime(1980, 5, 1), "A1", 201503.0, "主任", None])
    ws.append([1002, "李四", "女", 1985.07, "T1", 2019.1, "委员", "2045-07"])
    ws.append([1003, "王五", "男", 199003, "O1", "2019.03", None, None])
    book.create_sheet("notes").append(["not", "this", "sheet"])
    book.move_sheet("notes", offset=-1)  # the named sheet wins over the first one
    book.save(tmp_path / "people.xlsx")
    others = {"people.csv": None, "relations.csv": "a,b\n", "history.csv": None, "pins.csv": None}
    s = read_scenario(make_folder(tmp_path, dict(others)))
    p1, p2, p3 = s.people
    assert p1.id == "1001" and p1.birth_date == dt.date(1980, 5, 1)
    assert p1.post_start == dt.date(2015, 3, 1) and p1.role == "head"
    assert p2.birth_date == dt.date(1985, 7, 1) and p2.post_start == dt.date(2019, 10, 1)
    assert p2.retire_date == dt.date(2045, 7, 1)
    assert p3.birth_date == dt.date(1990, 3, 1) and p3.post_start == dt.date(2019, 3, 1)


def test_toml_date_and_defaults(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, {"scenario.toml": "plan_date = 2024-03-01\n"})
    s = read_scenario(folder)
    assert s.plan_date == dt.date(2024, 3, 1)
    assert s.horizon == 1 and s.skills == ("law", "finance", "audit")
    assert s.name == tmp_path.name


def test_toml_rules_and_solver(tmp_path: Path) -> None:
    toml = FILES["scenario.toml"] + (
        '[solver]\ntime_limit = 3\nworkers = 2\nlp_start = false\nrounds_search = "max_lp"\n\n'
        "[rules.mandatory_rotation]\nhead_years = 8\n\n"
        "[rules.fewest_moves]\nweight = 50\n"
    )
    s = read_scenario(make_folder(tmp_path, {"scenario.toml": toml}))
    assert s.solver.time_limit == 3.0 and s.solver.workers == 2
    assert s.solver.lp_start is False and s.solver.rounds_search == "max_lp"
    assert s.rules.mandatory_rotation.head_years == 8
    assert s.rules.fewest_moves.weight == 50


def test_a_time_limit_left_out_grows_with_the_horizon(tmp_path: Path) -> None:
    # 10 s for one or two rounds, 4 s a round beyond: the rounds are first planned one by one
    for horizon, seconds in ((1, 10.0), (2, 10.0), (3, 12.0), (5, 20.0), (10, 40.0)):
        toml = f"plan_date = 2024-03-01\nhorizon = {horizon}\n"
        folder = make_folder(tmp_path / str(horizon), {"scenario.toml": toml})
        assert read_scenario(folder).solver.time_limit == seconds
    toml = "plan_date = 2024-03-01\nhorizon = 10\n[solver]\ntime_limit = 7\n"
    folder = make_folder(tmp_path / "set", {"scenario.toml": toml})
    assert read_scenario(folder).solver.time_limit == 7.0  # one set is kept as it is


def _fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def test_reading_leaves_the_files_unchanged(tmp_path: Path) -> None:
    folder = chinese_folder(tmp_path / "csv", "gbk")
    book = Workbook()
    ws = book.active
    assert ws is not None
    for line in FILES["units.csv"].splitlines():
        ws.append(line.split(","))
    book.save(folder / "units.xlsx")
    (folder / "units.csv").unlink()
    before = _fingerprint(folder)
    read_scenario(folder)
    read_scenario(folder)
    assert _fingerprint(folder) == before


NEW_PEOPLE = (
    "编号,姓名,性别,出生年月,现单位,任现职时间,职务,职级,任现职级时间,任同级职务时间,"
    "参加工作时间,试用期满时间,处分,处分时间,学历,居住地,利益回避单位\n"
    "P1,张三,男,1980.05,A1,2015.03,第一片区主任,一级主任科员,2020.01,2012.06,2002.07,,"
    "党内警告,2023.05,博士研究生,城区,T1；O1\n"
    "P2,李四,女,198507,T1,2020-01,副书记,,,,,2020-12-31,,,大专,,\n"
    "P3,王五,男,1990-03-01,O1,201903,干部,,,,,,,,中专及以下,,\n"
    "P4,赵六,女,1975-01,O1,2010-06,,,,,,,,,,,\n"
)
NEW_UNITS = (
    "编号,名称,类型,所属片区,最少人数,最多人数,正职职数,副职职数,重点岗位\n"
    "A1,第一片区,派驻纪检监察室,,1,5,1,2,否\n"
    "T1,城关镇纪委,乡镇纪委,A1,1,5,,,\n"
    "O1,案件审理室,内设机构,,1,8,1,1,是\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_issue3_columns_in_chinese(tmp_path: Path, encoding: str) -> None:
    folder = make_folder(
        tmp_path,
        {"people.csv": NEW_PEOPLE.encode(encoding), "units.csv": NEW_UNITS.encode(encoding)},
    )
    s = read_scenario(folder)
    p1, p2, p3, p4 = s.people
    assert p1.rank == "一级主任科员" and p1.rank_since == dt.date(2020, 1, 1)
    assert p1.level_start == dt.date(2012, 6, 1) and p1.work_start == dt.date(2002, 7, 1)
    assert (p1.punishment, p1.punishment_date) == ("党内警告", dt.date(2023, 5, 1))
    assert (p1.education, p1.home, p1.interests) == ("doctorate", "城区", ("T1", "O1"))
    assert p2.probation_end == dt.date(2020, 12, 31) and p2.education == "college"
    assert p2.role == "deputy" and p2.punishment == "" and p2.punishment_date is None
    assert p3.education == "secondary"
    assert (p4.education, p4.home, p4.interests, p4.level_start) == ("", "", (), None)
    a1, t1, o1 = s.units
    assert (a1.heads, a1.deputies, a1.key) == (1, 2, False)
    assert (t1.heads, t1.deputies, t1.key) == (1, 1, False)  # blank: the defaults
    assert (o1.heads, o1.deputies, o1.key) == (1, 1, True)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("博士", "doctorate"),
        ("博士研究生", "doctorate"),
        ("PhD", "doctorate"),
        ("硕士", "master"),
        ("硕士研究生", "master"),
        ("研究生", "master"),
        ("Master", "master"),
        ("本科", "bachelor"),
        ("大学", "bachelor"),
        ("bachelor", "bachelor"),
        ("大专", "college"),
        ("专科", "college"),
        ("college", "college"),
        ("中专", "secondary"),
        ("高中", "secondary"),
        ("中专及以下", "secondary"),
        (" secondary ", "secondary"),
        ("", ""),
        ("小学", "小学"),  # unrecognised: Person rejects it with the accepted values
        ("在职研究生", "master"),  # full-time or not, party school or not: the level
        ("全日制本科", "bachelor"),
        ("省委党校研究生", "master"),
        ("中央党校大学", "bachelor"),
        ("在职小学", "在职小学"),
    ],
)
def test_education_words(text: str, level: str) -> None:
    assert values.education(text) == level


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("是", True),
        ("yes", True),
        ("TRUE", True),
        ("1", True),
        ("否", False),
        ("no", False),
        ("false", False),
        ("0", False),
        ("", False),
        ("maybe", None),
    ],
)
def test_key_flags(text: str, flag: bool | None) -> None:
    assert values.flag(text) is flag


def test_xlsx_booleans_and_numbers_for_units(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["id", "name", "kind", "area", "min_staff", "max_staff", "heads", "deputies", "key"])
    ws.append(["A1", "第一片区", "area", None, 1, 5, 1, 2, True])
    ws.append(["T1", "城关镇纪委", "township", "A1", 1, 5, None, None, False])
    ws.append(["O1", "案件审理室", "office", None, 1, 8, 1.0, 0, 1])
    book.save(tmp_path / "units.xlsx")
    s = read_scenario(make_folder(tmp_path, {"units.csv": None}))
    assert [(u.heads, u.deputies, u.key) for u in s.units] == [
        (1, 2, True),
        (1, 1, False),
        (1, 0, True),
    ]


def test_objective_read_from_toml(tmp_path: Path) -> None:
    toml = FILES["scenario.toml"] + (
        '[objective]\nmode = "weighted"\ntiers = [["fewest_moves", "promotions"], ["workload"]]\n'
        '[rules.retirement]\nreform_start = 2025-02-01\nwomen_leader_ranks = ["四级调研员"]\n'
    )
    s = read_scenario(make_folder(tmp_path, {"scenario.toml": toml}))
    assert s.objective.mode == "weighted"
    assert s.objective.tiers == (("fewest_moves", "promotions"), ("workload",))
    assert s.rules.retirement.reform_start == dt.date(2025, 2, 1)
    assert s.rules.retirement.women_leader_ranks == ("四级调研员",)
    # no [objective]: the default tiers
    assert read_scenario(make_folder(tmp_path / "b")).objective == type(s.objective)()
