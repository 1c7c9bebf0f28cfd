"""The command line: ``rotation solve | check | explain | generate``.

Exit codes: 0 a plan (or a clean check), 1 no plan (or violations found, or a check
before solving that rules the scenario out), 2 bad input.
Bad input is one sentence naming file, row and column, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from rotation import interrupt
from rotation.errors import ScenarioError

if TYPE_CHECKING:
    from rotation.plan import Plan
    from rotation.precheck import Finding
    from rotation.scenario import Scenario

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2

EXPLAIN_PLAN_SHARE = 0.5
"""The share of ``explain``'s time limit for the plan a question about a person or a
posting is asked of; the rest is for the plan with the decision forced."""


def default_scenario() -> Path:
    """The bundled default district (``scenarios/district`` beside the package)."""
    return Path(__file__).resolve().parent.parent / "scenarios" / "district"


def default_lang() -> str:
    """Chinese when the user's locale is Chinese, English otherwise."""
    for var in ("ROTATION_LANG", "LC_ALL", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def at_least_one(text: str) -> int:
    """An argparse type: a whole number ≥ 1 (a count of processes or repairs)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def format_moves(moves: pd.DataFrame, lang: str) -> str:
    """The rotation list as aligned text (wide Chinese characters counted twice)."""
    if moves.empty:
        return "（无人交流）" if lang == "zh" else "(nobody moves)"
    heads = (
        ["编号", "姓名", "原单位", "拟任单位", "理由"]
        if lang == "zh"
        else ["id", "name", "from", "to", "reasons"]
    )
    leaves = "（退休）" if lang == "zh" else "(retires)"
    rows = [
        [str(r.person), str(r.name), str(r.from_name), str(r.to_name) or leaves, str(r.reasons)]
        for r in moves.itertuples(index=False)
    ]
    widths = [max(_width(x) for x in col) for col in zip(heads, *rows, strict=False)]
    lines = []
    for row in [heads, *rows]:
        cells = [_pad(c, w) for c, w in zip(row[:-1], widths[:-1], strict=True)]
        lines.append("  ".join([*cells, row[-1]]))
    return "\n".join(lines)


def cmd_solve(args: argparse.Namespace) -> int:
    from rotation.io import read_scenario
    from rotation.io.published_io import assignments_file
    from rotation.precheck import infeasible_result, precheck
    from rotation.report.outputs import folder_hash, write_outputs
    from rotation.solvers import solve
    from rotation.solvers.staged import settings_for
    from rotation.validate import validate

    folder = Path(args.scenario) if args.scenario else default_scenario()
    scenario = read_scenario(folder)
    if args.previous:  # re-plan: keep the published plan where the rules allow
        from rotation.io import read_published

        scenario = scenario.replace(published=read_published(scenario, args.previous))
    lang = args.lang
    out = Path(args.out) if args.out else Path("out") / folder.name
    if out.resolve() == folder.resolve():  # absences.csv is an input and an output
        raise ScenarioError(
            "--out is the scenario folder: the outputs need a folder of their own (the "
            "scenario's files are only ever read)",
            zh="--out不能是方案文件夹本身：求解结果须另存一个文件夹（方案文件只读不写）",
            file=str(out),
        )
    if args.previous and out.resolve() == assignments_file(args.previous).parent.resolve():
        raise ScenarioError(  # the published plan would be replaced, or without a plan lost
            "--out is the folder of the published plan (--previous): the re-plan needs a "
            "folder of its own",
            zh="--out不能是已公布方案（--previous）所在的文件夹：重新规划的结果须另存一个文件夹",
            file=str(out),
        )
    out.mkdir(parents=True, exist_ok=True)  # a folder that cannot be made: now, not after
    started = time.perf_counter()
    findings = precheck(scenario)
    if findings:  # each one proves the hard rules cannot all hold: do not solve
        settings = settings_for(scenario, args.time_limit, args.seed, args.workers)
        result = infeasible_result(
            findings,
            time_limit=settings.time_limit,
            seed=settings.seed,
            workers=settings.workers,
            wall_time=time.perf_counter() - started,
        )
        print(result.summary(lang))
        print()
        print(
            "求解前检查发现以下问题，各项硬性规则无法同时满足，未进行求解："
            if lang == "zh"
            else "Checks before solving: the hard rules cannot all hold, so the solver was not run:"
        )
        print(format_findings(findings, lang))
        written = write_outputs(scenario, result, out, input_hash=folder_hash(folder), lang=lang)
        print(("结果已写入 " if lang == "zh" else "written: ") + ", ".join(map(str, written)))
        return EXIT_NO_PLAN
    limit = settings_for(scenario, args.time_limit).time_limit
    print(_solving_text(scenario, limit, lang), file=sys.stderr, flush=True)
    with interrupt.watching(lang):  # Ctrl-C: the best plan so far; twice: quit
        result = solve(
            scenario,
            solver=args.solver,
            time_limit=args.time_limit,
            seed=args.seed,
            workers=args.workers,
            log=args.log,
            jobs=args.jobs,
            scheduler=args.scheduler,
        )
    print(result.summary(lang))
    written = write_outputs(scenario, result, out, input_hash=folder_hash(folder), lang=lang)
    if result.plan is None:
        print(("结果已写入 " if lang == "zh" else "written: ") + ", ".join(map(str, written)))
        return EXIT_NO_PLAN
    broken = validate(scenario, result.plan)
    if broken:  # a bug, never expected: say so loudly rather than hand over a wrong list
        for v in broken:
            print(("方案校验失败: " if lang == "zh" else "plan fails a check: ") + v.text(lang))
        return EXIT_NO_PLAN
    print()
    print("交流轮岗建议名单" if lang == "zh" else "Proposed rotation list")
    print(format_moves(result.plan.moves(lang), lang))
    if scenario.published:
        from rotation.replan import summary

        print()
        see = "（明细见 changes.csv）" if lang == "zh" else " (see changes.csv)"
        print(summary(result.plan, lang) + see)
    stays = result.plan.stays_past_limit(lang)
    hard = stays[stays["rule"] == "mandatory_rotation"]
    if not hard.empty:
        print()
        print("超过任职年限但留任" if lang == "zh" else "Past the tenure limit and staying")
        for row in hard.itertuples(index=False):
            print(f"{row.person}  {row.name}  {row.reason}")
    soft = len(stays) - len(hard)
    if soft:
        print(
            f"另有{soft}人超过第2、7条应交流年限而留任，理由见 plan.xlsx"
            if lang == "zh"
            else f"{soft} more past the rule-2/rule-7 limits stay; their reasons are in plan.xlsx"
        )
    print()
    print(("结果已写入 " if lang == "zh" else "written: ") + ", ".join(map(str, written)))
    return EXIT_OK


def format_findings(findings: Sequence[Finding], lang: str) -> str:
    """The findings of :func:`rotation.precheck.precheck`, one numbered line each."""
    return "\n".join(f"{i}. {f.text(lang)}" for i, f in enumerate(findings, 1))


def _num(value: float) -> str:
    return f"{round(value, 6):g}"


def _diff(value: float) -> str:
    return "0" if abs(value) < 1e-9 else f"{round(value, 6):+g}"


def _table(rows: list[list[str]]) -> str:
    """Rows as aligned text, the first column left, the others right-aligned."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [_pad(row[0], widths[0])]
        cells += [" " * (w - _width(c)) + c for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


def format_costs(
    scenario: Scenario, plan: Plan, best: Plan | None, lang: str, proven: bool = True
) -> str:
    """What ``plan`` costs by the solver-free checker: each soft rule's amount, weight
    and cost, then each tier's value (the objective is lexicographic by tier), beside
    ``best`` (the solver's plan) and the difference when given. Rules that cost nothing
    in either plan are left out."""
    from rotation.validate import penalties, tier_values

    zh = lang == "zh"
    tiers = scenario.objective.tiers_for(scenario.rules)
    amount = penalties(scenario, plan)
    other = penalties(scenario, best) if best is not None else {}
    head = ["规则", "权重", "数量", "代价"] if zh else ["rule", "weight", "amount", "cost"]
    if best is not None:
        head += ["最优方案", "差额"] if zh else ["optimal", "difference"]
    rows = [head]
    for spec in (spec for tier in tiers for spec in tier):
        weight = spec.weight or 0.0
        mine, theirs = weight * amount[spec.name], weight * other.get(spec.name, 0.0)
        if not (amount[spec.name] or mine or theirs):
            continue
        row = [spec.title_zh if zh else spec.title_en, _num(weight)]
        row += [_num(amount[spec.name]), _num(mine)]
        if best is not None:
            row += [_num(theirs), _diff(mine - theirs)]
        rows.append(row)
    lines = ["各项目标的代价（软性规则）" if zh else "What the plan costs (soft rules)"]
    if len(rows) > 1:
        lines.append(_table(rows))
    else:
        lines.append("  （各项目标均无代价）" if zh else "  (no soft rule costs anything)")
    lines.append("各层目标（按优先顺序）" if zh else "Tiers (most important first)")
    values = tier_values(scenario, plan)
    optimum = tier_values(scenario, best) if best is not None else []
    for i, (tier, value) in enumerate(zip(tiers, values, strict=True), 1):
        names = ", ".join(spec.name for spec in tier)
        label = f"第{i}层目标 ({names})" if zh else f"tier {i} ({names})"
        if best is None:
            alone = f"本方案 {_num(value)}" if zh else f"this plan {_num(value)}"
            lines.append(f"  {label}: {alone}")
            continue
        best_value = optimum[i - 1]
        if zh:
            lines.append(
                f"  {label}: 本方案 {_num(value)}，最优方案 {_num(best_value)}，"
                f"差额 {_diff(value - best_value)}"
            )
        else:
            lines.append(
                f"  {label}: this plan {_num(value)}, optimal {_num(best_value)}, "
                f"difference {_diff(value - best_value)}"
            )
    if best is not None and not proven:
        lines.append(
            "注意：求解时限内未能证明最优，“最优方案”为已找到的最好方案"
            if zh
            else "note: the optimum was not proven within the time limit; "
            "'optimal' is the best plan found"
        )
    return "\n".join(lines)


def _solving_text(scenario: Scenario, time_limit: float, lang: str) -> str:
    """The line ``solve`` shows while it works (a plan of several rounds takes 4 s a
    round by default): what it plans, for how long at most, and that Ctrl-C keeps the
    best plan so far."""
    people, units, rounds = len(scenario.people), len(scenario.units), scenario.horizon
    if lang == "zh":
        over = f"，{rounds}轮" if rounds > 1 else ""
        return (
            f"正在求解{scenario.name}（{people}人，{units}个单位{over}），至多{time_limit:g}秒"
            "（按Ctrl-C可保留当前最优方案）"
        )
    over = f", {rounds} rounds" if rounds > 1 else ""
    return (
        f"solving {scenario.name} ({people} people, {units} units{over}) for up to "
        f"{time_limit:g} s (Ctrl-C keeps the best plan so far)"
    )


def _best_plan(scenario: Scenario, lang: str) -> tuple[Plan | None, bool]:
    """The solver's plan for ``scenario`` (its own time limit) and whether it is proven
    optimal; None (after saying why) when there is none."""
    from rotation.precheck import precheck, summarize
    from rotation.solvers import solve

    zh = lang == "zh"
    findings = precheck(scenario)
    if findings:
        en, zh_text = summarize(findings)
        print(("无最优方案可比较：" + zh_text) if zh else f"no optimal plan to compare with: {en}")
        return None, False
    with interrupt.watching(lang):  # Ctrl-C: compare with the best plan so far
        result = solve(scenario, explain=False)
    if result.plan is None:
        print(
            f"无最优方案可比较（{result.status}）：{result.message_zh}"
            if zh
            else f"no optimal plan to compare with ({result.status}): {result.message}"
        )
        return None, False
    return result.plan, result.is_optimal()


def cmd_check(args: argparse.Namespace) -> int:
    from rotation.io import read_plan, read_scenario
    from rotation.precheck import precheck
    from rotation.validate import validate

    scenario = read_scenario(args.scenario)
    lang = args.lang
    if args.assignments is None:  # the scenario alone: the checks before solving
        findings = precheck(scenario)
        if findings:
            print(format_findings(findings, lang))
            print(
                f"求解前发现{len(findings)}处问题，各项硬性规则无法同时满足"
                if lang == "zh"
                else f"{len(findings)} reason(s) found before solving: the hard rules cannot "
                "all hold"
            )
            return EXIT_NO_PLAN
        print(
            "预检未发现编制、专业配备和领导职数上的数量矛盾（能否排出方案以求解结果为准）"
            if lang == "zh"
            else "no counting argument rules the scenario out (headcount, skills, leadership "
            "posts); whether a plan exists is for the solver to say"
        )
        return EXIT_OK
    plan = read_plan(scenario, args.assignments)
    broken = validate(scenario, plan)
    for v in broken:
        print(v.text(lang))
    if broken:
        print(f"共{len(broken)}处违反规则" if lang == "zh" else f"{len(broken)} violation(s) found")
    else:
        print("方案符合全部硬性规则" if lang == "zh" else "the plan satisfies every hard rule")
    print()
    best, proven = (None, False) if args.no_compare else _best_plan(scenario, lang)
    print(format_costs(scenario, plan, best, lang, proven))
    return EXIT_NO_PLAN if broken else EXIT_OK


def _repair_costs(items: Sequence[str]) -> dict[str, float]:
    """``--repair-cost band=1`` options as {kind: cost}; a bad one is bad input."""
    from rotation.explain import POLICY_COSTS

    costs: dict[str, float] = {}
    for item in items:
        kind, _, value = item.partition("=")
        try:
            cost = float(value)
        except ValueError:
            cost = -1.0
        if kind not in POLICY_COSTS or cost < 0:
            raise ScenarioError(
                f"'{item}' is not KIND=COST with KIND one of {', '.join(POLICY_COSTS)} and a "
                "cost of 0 or more",
                zh=f"“{item}”不是“类别=代价”的形式（类别为{'、'.join(POLICY_COSTS)}之一，"
                "代价不小于0）",
                column="--repair-cost",
            )
        costs[kind] = cost
    return costs


def cmd_explain(args: argparse.Namespace) -> int:
    """Why there is no plan (a minimal conflict and verified repairs), why a person moves
    or stays (``--person``), what a posting would cost (``--why-not``)."""
    from rotation.explain import explain_infeasible, explain_person, why_not
    from rotation.explain.why import check_round
    from rotation.io import read_scenario
    from rotation.solvers import solve

    folder = Path(args.scenario) if args.scenario else default_scenario()
    scenario = read_scenario(folder)
    costs = _repair_costs(args.repair_cost)
    lang = args.lang
    asked = [args.person] if args.person else list(args.why_not or [])[:1]
    for pid in asked:
        if pid not in scenario.person:
            raise ScenarioError(
                f"unknown person '{pid}'", zh=f"未知的人员“{pid}”", table="people", column="id"
            )
    if args.why_not and args.why_not[1] not in scenario.unit:
        unit = args.why_not[1]
        raise ScenarioError(
            f"unknown unit '{unit}'", zh=f"未知的单位“{unit}”", table="units", column="id"
        )
    check_round(scenario, args.round)
    with interrupt.watching(lang):  # Ctrl-C: the solve and the explanations stop
        started = time.perf_counter()
        # a question about the plan needs time for the plan with the decision forced: a
        # plan not proven in time (several rounds) would otherwise leave it none
        asking = args.person or args.why_not
        first = args.time_limit * EXPLAIN_PLAN_SHARE if asking else args.time_limit
        result = solve(scenario, time_limit=first, explain=False)
        left = max(args.time_limit - (time.perf_counter() - started), 1.0)
        if result.plan is None:
            if result.status != "INFEASIBLE":
                print(result.message_zh if lang == "zh" else result.message)
                return EXIT_NO_PLAN
            found = explain_infeasible(scenario, time_limit=left, costs=costs, limit=args.repairs)
            print(found.text(lang))
            return EXIT_NO_PLAN
        if args.person:
            explained = explain_person(
                scenario, args.person, result=result, time_limit=left, period=args.round
            )
            print(explained.text(lang))
        elif args.why_not:
            pid, uid = args.why_not
            answer = why_not(scenario, pid, uid, result=result, time_limit=left, period=args.round)
            print(answer.text(lang))
        else:
            moves = sum(1 for _ in result.plan.iter_moves(retirements=False))
            print(
                f"方案可行（{result.status}），交流{moves}人；"
                "用 --person 编号 或 --why-not 编号 单位 查看理由"
                if lang == "zh"
                else f"the scenario has a plan ({result.status}, {moves} moves); ask about a "
                "person with --person ID or a posting with --why-not ID UNIT"
            )
        return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from rotation.generate import generate, generate_preset
    from rotation.io import write_scenario

    try:
        if args.preset:
            scenario = generate_preset(args.preset)
        else:
            scenario = generate(
                args.people, args.units, args.seed, counties=args.counties, horizon=args.horizon
            )
    except ScenarioError as exc:  # sizes that make no district: the generator says why
        raise ScenarioError(f"cannot generate: {exc}", zh=f"无法生成：{exc.text('zh')}") from None
    write_scenario(scenario, args.out, fmt=args.format)
    print(
        f"{scenario.name}: {len(scenario.people)} people, {len(scenario.units)} units -> {args.out}"
    )
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    top = argparse.ArgumentParser(
        prog="rotation",
        description="Staffing and rotation (交流轮岗) plans for discipline-inspection cadres.",
    )
    sub = top.add_subparsers(dest="command", required=True)

    def add_lang(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--lang",
            choices=("en", "zh"),
            default=default_lang(),
            help="language of messages and reasons (default from the locale)",
        )

    solve = sub.add_parser("solve", help="plan a round and write the rotation list")
    solve.add_argument(
        "scenario", nargs="?", help="scenario folder (default: the bundled district)"
    )
    solve.add_argument("--out", help="output folder (default: out/<scenario name>)")
    solve.add_argument(
        "--time-limit",
        type=float,
        help="seconds (default from scenario.toml; without one 10, or 4 a round beyond 2 rounds)",
    )
    solve.add_argument("--seed", type=int, help="random seed (default from scenario.toml)")
    solve.add_argument("--workers", type=int, help="CP-SAT workers (default from scenario.toml)")
    solve.add_argument(
        "--solver",
        choices=("cpsat", "highs"),
        default="cpsat",
        help="cpsat (default) or highs: the same model as a MIP (--workers = threads)",
    )
    solve.add_argument(
        "--jobs",
        type=at_least_one,
        help="processes for a city or province solved county by county (default: one per core)",
    )
    solve.add_argument(
        "--scheduler",
        help="address of a Dask scheduler (tcp://host:8786) to solve the counties on its "
        "workers (pip install 'rotation[cluster]')",
    )
    solve.add_argument(
        "--previous",
        metavar="PLAN_DIR",
        help="re-plan: the plan published earlier (a folder written by solve, or its "
        "assignments file) is kept where the rules allow; changes.csv says what changed and why",
    )
    solve.add_argument("--log", action="store_true", help="show CP-SAT's search log")
    add_lang(solve)
    solve.set_defaults(run=cmd_solve)

    check = sub.add_parser(
        "check",
        help="check a scenario before solving, or a (hand-edited) list against every rule "
        "and what it costs beside the optimal plan",
    )
    check.add_argument("scenario", help="scenario folder")
    check.add_argument(
        "assignments",
        nargs="?",
        help="assignments.csv or .xlsx (person, period, unit), or plan.xlsx (its sheet "
        "人员安排); without it, the checks before solving (headcount, skills, leadership posts)",
    )
    check.add_argument(
        "--no-compare",
        action="store_true",
        help="do not solve the scenario to compare the list with the optimal plan",
    )
    add_lang(check)
    check.set_defaults(run=cmd_check)

    explain = sub.add_parser(
        "explain",
        help="why there is no plan (and what would repair it), why a person moves or stays, "
        "why not a posting",
    )
    explain.add_argument(
        "scenario", nargs="?", help="scenario folder (default: the bundled district)"
    )
    asked = explain.add_mutually_exclusive_group()
    asked.add_argument("--person", metavar="ID", help="why this person moves or stays")
    asked.add_argument(
        "--why-not",
        nargs=2,
        metavar=("ID", "UNIT"),
        help="what posting this person to this unit would cost, or the rule that forbids it",
    )
    explain.add_argument(
        "--round",
        type=at_least_one,
        default=1,
        help="the round (year) of the decision asked about, in a plan of several rounds "
        "(default 1)",
    )
    explain.add_argument(
        "--time-limit", type=float, default=30.0, help="seconds in all (default 30)"
    )
    explain.add_argument(
        "--repairs", type=at_least_one, default=5, help="how many repairs to propose (default 5)"
    )
    explain.add_argument(
        "--repair-cost",
        action="append",
        default=[],
        metavar="KIND=COST",
        help="policy cost of one step of a kind of repair (band, vacancy, posts, unpin, "
        "exempt, unfreeze, kin, soften); repeatable",
    )
    add_lang(explain)
    explain.set_defaults(run=cmd_explain)

    sub.add_parser(
        "bench",
        help="run CP-SAT and HiGHS on the size ladder (rotation bench --help)",
        add_help=False,
    )
    gen = sub.add_parser("generate", help="write a fictional district, city or province")
    gen.add_argument("--people", type=int, default=150)
    gen.add_argument("--units", type=int, default=30)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument(
        "--counties",
        type=int,
        default=1,
        help="a city or province of this many counties, each a district of its share",
    )
    gen.add_argument("--horizon", type=int, default=1, help="rounds (years) to plan, 1 to 10")
    gen.add_argument("--preset", help="district, city, province or district-5y")
    gen.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    gen.add_argument("--out", required=True, help="folder to write")
    gen.set_defaults(run=cmd_generate)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rotation`` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:  # its own options: see rotation/bench.py
        from rotation.bench import main as bench_main

        return bench_main(argv[1:])
    args = parser().parse_args(argv)
    lang = getattr(args, "lang", default_lang())  # generate has no --lang: the locale's
    label = "错误：" if lang == "zh" else "error: "
    try:
        return int(args.run(args))
    except ScenarioError as exc:
        print(label + exc.text(lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:  # Ctrl-C outside a solve: stop, without a traceback
        print("已中断" if lang == "zh" else "interrupted", file=sys.stderr)
        return interrupt.EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # a folder that cannot be written (a bad --out, a full disk)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{label}{where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
