"""A small valid scenario folder that each error test corrupts in one place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

FILES: dict[str, str] = {
    "scenario.toml": 'name = "test district"\nplan_date = "2024-03-01"\nhorizon = 2\n',
    "units.csv": (
        "id,name,kind,area,min_staff,max_staff,needs,region,workload\n"
        "A1,第一片区,area,,1,5,law:1,城区,10\n"
        "T1,城关镇纪委,township,A1,1,5,,城关,5\n"
        "O1,案件审理室,office,,1,8,law:1;finance:1,城区,\n"
    ),
    "people.csv": (
        "id,name,gender,birth_date,unit,post_start,role,rank,skills,growth_place,frozen,"
        "preferences,retire_date\n"
        "P1,张三,M,1980-05-01,A1,2015-03,head,正科,law,城关,,T1;O1,\n"
        "P2,李四,F,1985-07,T1,2020-01-01,member,,finance,,,,\n"
        "P3,王五,M,1990.03,O1,201903,deputy,,law;audit,,,,\n"
        "P4,赵六,F,1975-01-01,O1,2010-06-01,member,,,,,,2035-01-01\n"
    ),
    "relations.csv": "a,b,kind\nP1,P2,spouse\n",
    "history.csv": "person,unit,start,end\nP1,T1,2008-01-01,2015-02-28\n",
    "distances.csv": "a,b,km\n城区,城关,12.5\n",
    "pins.csv": "person,unit,period\nP4,O1,1\n",
}

Change = str | bytes | Callable[[str], str | bytes] | None


def make_folder(root: Path, changes: dict[str, Change] | None = None) -> Path:
    """Write the valid folder into ``root``, then apply ``changes``.

    A change maps a file name to new contents (str or bytes), to a function of the
    valid text, or to None to leave the file out.
    """
    root.mkdir(parents=True, exist_ok=True)
    changes = changes or {}
    for name in sorted(set(FILES) | set(changes)):
        change = changes.get(name, FILES.get(name))
        if callable(change):
            change = change(FILES[name])
        if change is None:
            continue
        path = root / name
        if isinstance(change, bytes):
            path.write_bytes(change)
        else:
            path.write_text(change, encoding="utf-8")
    return root


def replace(old: str, new: str) -> Callable[[str], str]:
    """A change that replaces ``old`` (which must occur) by ``new``."""

    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change
