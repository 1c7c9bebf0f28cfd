"""The files a solve writes: assignments.csv, moves.csv, plan.xlsx, run.json (DESIGN.md §4).

Each file is written to a temporary name in the output folder and renamed into place,
so a reader never sees half a file and an interrupted run leaves the old one intact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import platform
from pathlib import Path
from typing import Any

import pandas as pd

from rotation.facts import ROLE_ZH, SKILL_ZH
from rotation.io.atomic import atomic_path, atomic_write_text
from rotation.plan import Plan
from rotation.result import Result
from rotation.scenario import Scenario

MOVES_ZH = {
    "person": "编号",
    "name": "姓名",
    "round": "轮次",
    "year": "年度",
    "from_unit": "原单位编号",
    "from_name": "原单位",
    "to_unit": "拟任单位编号",
    "to_name": "拟任单位",
    "reasons": "交流理由",
}


STAYS_ZH = {
    "person": "编号",
    "name": "姓名",
    "unit": "单位编号",
    "unit_name": "单位",
    "rule": "规则",
    "reason": "留任理由",
    "round": "轮次",
}


VACANCIES_ZH = {
    "unit": "单位编号",
    "name": "单位",
    "round": "轮次",
    "year": "年度",
    "posts": "空缺岗位数",
    "skills": "专业要求",
}


def folder_hash(folder: str | Path) -> str:
    """SHA-256 over the names and bytes of the files in a scenario folder."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and not path.name.startswith((".", "~$")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """Versions of the library and the parts that shape its answers."""
    from importlib.metadata import version

    from rotation import __version__

    return {
        "rotation": __version__,
        "ortools": version("ortools"),
        "pandas": pd.__version__,
        "python": platform.python_version(),
    }


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    # utf-8-sig so that Excel on Chinese Windows opens the Chinese names correctly
    atomic_write_text(path, frame.to_csv(index=False), encoding="utf-8-sig")


def roster_frame(plan: Plan, period: int = 1) -> pd.DataFrame:
    """Every unit's people in round ``period`` of the plan, with Chinese headers,
    newcomers marked (those away training or on a secondment too), then its planned
    hires."""
    from rotation.recruitment import KIND_ZH

    scenario = plan.scenario
    training = scenario.rules.training.enabled
    rows = []
    for unit in scenario.units:
        for pid in plan.members(unit.id, period):
            p = scenario.person[pid]
            leave = plan.away(pid, period) if training else None
            rows.append(
                {
                    "单位编号": unit.id,
                    "单位": unit.name,
                    "编号": pid,
                    "姓名": p.name,
                    "职务": ROLE_ZH[plan.role_of(pid, period) or p.role],
                    "专业特长": "、".join(SKILL_ZH.get(s, s) for s in sorted(p.skills)),
                    "变动": "、".join(
                        ["新调入"] * plan.moved(pid, period)
                        + ([f"外出{KIND_ZH[leave.kind]}"] if leave else [])
                    ),
                }
            )
        for hid in plan.hires_in(unit.id, period):
            h = scenario.hire[hid]
            rows.append(
                {
                    "单位编号": unit.id,
                    "单位": unit.name,
                    "编号": hid,
                    "姓名": h.label,
                    "职务": ROLE_ZH["member"],
                    "专业特长": "、".join(SKILL_ZH.get(s, s) for s in sorted(h.skills)),
                    "变动": "新录用" if h.round == period else "",
                }
            )
    return pd.DataFrame(rows)


def cover_frame(plan: Plan, period: int = 1) -> pd.DataFrame:
    """Per unit: headcount against its band and each skill held against the need (planned
    hires counted in; those away training or on a secondment counted out of the skills
    and shown apart)."""
    from rotation.validate.training import counted

    scenario = plan.scenario
    rows = []
    for unit in scenario.units:
        members = plan.members(unit.id, period)
        present = counted(scenario, plan, unit.id, period)
        hires = plan.hires_in(unit.id, period)
        row: dict[str, Any] = {
            "单位编号": unit.id,
            "单位": unit.name,
            "人数": len(members) + len(hires),
            "编制区间": f"{unit.min_staff}-{unit.max_staff}",
        }
        if scenario.hires:
            row["其中新录用"] = len(hires)
        if scenario.rules.training.enabled and (scenario.absences or scenario.rules.training.quota):
            row["外出培训挂职"] = len(members) + len(hires) - len(present)
        for skill in scenario.skills:
            have = sum(skill in skills for skills in present)
            need = unit.needs_map.get(skill, 0)
            row[f"{SKILL_ZH.get(skill, skill)}(实有/需要)"] = f"{have}/{need}"
        rows.append(row)
    return pd.DataFrame(rows)


def _schedules(scenario: Scenario) -> bool:
    """Whether the plan has a schedule of absences to write (rule ``training`` on, with
    an absences table or a yearly quota)."""
    spec = scenario.rules.training
    return spec.enabled and bool(scenario.absences or spec.quota)


OUTPUT_FILES = (
    "assignments.csv",
    "moves.csv",
    "vacancies.csv",
    "absences.csv",
    "changes.csv",
    "plan.xlsx",
    "run.json",
)
"""Every file :func:`write_outputs` may write."""


def write_outputs(
    scenario: Scenario, result: Result, out: str | Path, *, input_hash: str, lang: str = "zh"
) -> list[Path]:
    """Write the outputs of a solve into ``out``; returns the paths written.

    When there is no plan only run.json is written (the audit record of the attempt).
    An output of an earlier solve into the same folder that this one does not write
    (its plan.xlsx, when this one has no plan; its changes.csv, when this one is not a
    re-plan) is removed: the folder holds one solve's outputs, not a plan beside a
    run.json that says there is none.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    plan = result.plan
    if plan is not None:
        _write_csv(plan.to_frame(), out / "assignments.csv")
        _write_csv(plan.moves(lang), out / "moves.csv")
        written += [out / "assignments.csv", out / "moves.csv"]
        if scenario.rules.vacancies.enabled:
            _write_csv(plan.vacancy_frame(lang), out / "vacancies.csv")
            written.append(out / "vacancies.csv")
        if _schedules(scenario):
            _write_csv(plan.leave_frame(lang), out / "absences.csv")
            written.append(out / "absences.csv")
        if scenario.published:  # re-planned: what changed in the published plan, and why
            from rotation.replan import changes_frame

            _write_csv(changes_frame(plan), out / "changes.csv")
            written.append(out / "changes.csv")
        with atomic_path(out / "plan.xlsx") as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            write_workbook(plan, xl)
        written.append(out / "plan.xlsx")
    record = run_record(scenario, result, input_hash)
    atomic_write_text(
        out / "run.json", json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n"
    )
    written.append(out / "run.json")
    for name in OUTPUT_FILES:
        if out / name not in written:
            (out / name).unlink(missing_ok=True)
    return written


def write_workbook(plan: Plan, xl: pd.ExcelWriter) -> None:
    """plan.xlsx: the rotation list (grouped by round), the assignments, and per year
    (a plan of several rounds: one sheet per year, named by the year) each unit's roster;
    cover, stays past a limit and the key figures (per round and for the whole horizon
    when there are several rounds)."""
    scenario = plan.scenario
    plan.moves("zh").rename(columns=MOVES_ZH).to_excel(
        xl, sheet_name="交流轮岗建议名单", index=False
    )
    assignments = plan.to_frame()
    assignments["姓名"] = [
        scenario.person[p].name if p in scenario.person else scenario.hire[p].label
        for p in assignments["person"]
    ]
    # 单位名称, not 单位: the sheet reads back as a published plan (--previous), where
    # 单位 is the unit's id as in a hand-made list; 职务 keeps the roles it publishes
    assignments["单位名称"] = [scenario.unit[u].name for u in assignments["unit"]]
    assignments["职务"] = [ROLE_ZH[r] for r in assignments["role"]]
    assignments.rename(
        columns={"person": "编号", "round": "轮次", "year": "年度", "unit": "单位编号"}
    )[["编号", "姓名", "轮次", "年度", "单位编号", "单位名称", "职务"]].to_excel(
        xl, sheet_name="人员安排", index=False
    )
    if scenario.horizon == 1:
        roster_frame(plan).to_excel(xl, sheet_name="各单位名册", index=False)
        cover_frame(plan).to_excel(xl, sheet_name="配备情况", index=False)
    else:
        for t in scenario.periods:
            roster = roster_frame(plan, t)
            roster.insert(0, "年度", plan.year(t))
            roster.to_excel(xl, sheet_name=f"{plan.year(t)}年名册", index=False)
        covers = []
        for t in scenario.periods:
            cover = cover_frame(plan, t)
            cover.insert(0, "年度", plan.year(t))
            covers.append(cover)
        pd.concat(covers, ignore_index=True).to_excel(xl, sheet_name="配备情况", index=False)
        plan.kpis_by_round("zh").to_excel(xl, sheet_name="逐年指标", index=False)
    if scenario.rules.vacancies.enabled:
        plan.vacancy_frame("zh").rename(columns=VACANCIES_ZH).to_excel(
            xl, sheet_name="招录需求", index=False
        )
    if _schedules(scenario):
        from rotation.recruitment import LEAVES_ZH

        plan.leave_frame("zh").rename(columns=LEAVES_ZH).to_excel(
            xl, sheet_name="培训挂职安排", index=False
        )
    if scenario.published:
        write_changes_sheet(plan, xl)
    plan.stays_past_limit("zh").rename(columns=STAYS_ZH).to_excel(
        xl, sheet_name="超期留任说明", index=False
    )
    kpis = plan.kpis()
    kpis.table("zh").to_excel(xl, sheet_name="主要指标", index=False)
    kpis.cover_zh().to_excel(xl, sheet_name="专业配备情况", index=False)
    kpis.ages_zh().to_excel(xl, sheet_name="片区年龄结构", index=False)


def write_changes_sheet(plan: Plan, xl: pd.ExcelWriter) -> None:
    """Sheet 调整说明 of a re-planned plan: the summary line (已公布的M项安排保留N项) in
    row 1, then from row 3 each change to the published plan with its reason."""
    from rotation.replan import CHANGES_ZH, changes_frame, summary

    frame = changes_frame(plan).drop(columns=["reason_en"]).rename(columns=CHANGES_ZH)
    frame.to_excel(xl, sheet_name="调整说明", index=False, startrow=2)
    xl.sheets["调整说明"]["A1"] = summary(plan, "zh")


def run_record(scenario: Scenario, result: Result, input_hash: str) -> dict[str, Any]:
    """The audit record: what went in, with which versions and settings, what came out."""
    return {
        "scenario": scenario.name,
        "plan_date": scenario.plan_date.isoformat(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "input_hash": input_hash,
        "versions": versions(),
        "solver": result.solver,
        "seed": result.seed,
        "workers": result.workers,
        "time_limit": result.time_limit,
        "parameters": {
            "horizon": scenario.horizon,
            "skills": list(scenario.skills),
            "rules": scenario.rules.to_dict(),
            "solver": dataclasses.asdict(scenario.solver),
        },
        "status": result.status,
        "interrupted": result.interrupted,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "penalties": dict(result.penalties),
        "tiers": [dataclasses.asdict(tier) for tier in result.tiers],
        "moves": None
        if result.plan is None
        else sum(1 for _ in result.plan.iter_moves(retirements=False)),
        "retirements": None
        if result.plan is None
        else sum(1 for m in result.plan.iter_moves() if m.retires),
        "vacancies": None if result.plan is None else sum(v.posts for v in result.plan.vacancies),
        "published_kept": _published_kept(scenario, result.plan),
        "wall_time": round(result.wall_time, 4),
        "build_time": round(result.build_time, 4),
        "message": result.message,
    }


def _published_kept(scenario: Scenario, plan: Plan | None) -> dict[str, int] | None:
    """For a re-planned plan: how many published decisions it keeps, of how many."""
    if not scenario.published or plan is None:
        return None
    from rotation.replan import kept_count

    kept, total = kept_count(plan)
    return {"kept": kept, "published": total}
