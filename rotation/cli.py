"""The command line: ``rotation solve | check | generate``.

Exit codes: 0 a plan (or a clean check), 1 no plan (or violations found), 2 bad input.
Bad input is one sentence naming file, row and column, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from rotation.errors import ScenarioError

EXIT_OK, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2


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
    from rotation.report.outputs import folder_hash, write_outputs
    from rotation.solvers import solve
    from rotation.validate import validate

    folder = Path(args.scenario) if args.scenario else default_scenario()
    scenario = read_scenario(folder)
    result = solve(
        scenario,
        solver=args.solver,
        time_limit=args.time_limit,
        seed=args.seed,
        workers=args.workers,
        log=args.log,
    )
    lang = args.lang
    print(result.summary(lang))
    out = Path(args.out) if args.out else Path("out") / folder.name
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


def cmd_check(args: argparse.Namespace) -> int:
    from rotation.io import read_plan, read_scenario
    from rotation.validate import validate

    scenario = read_scenario(args.scenario)
    plan = read_plan(scenario, args.assignments)
    broken = validate(scenario, plan)
    lang = args.lang
    for v in broken:
        print(v.text(lang))
    if broken:
        print(f"共{len(broken)}处违反规则" if lang == "zh" else f"{len(broken)} violation(s) found")
        return EXIT_NO_PLAN
    print("方案符合全部硬性规则" if lang == "zh" else "the plan satisfies every hard rule")
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from rotation.generate import generate, generate_preset
    from rotation.io import write_scenario

    if args.preset:
        scenario = generate_preset(args.preset)
    else:
        scenario = generate(args.people, args.units, args.seed, horizon=args.horizon)
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
    solve.add_argument("--time-limit", type=float, help="seconds (default from scenario.toml)")
    solve.add_argument("--seed", type=int, help="random seed (default from scenario.toml)")
    solve.add_argument("--workers", type=int, help="CP-SAT workers (default from scenario.toml)")
    solve.add_argument(
        "--solver",
        choices=("cpsat", "highs"),
        default="cpsat",
        help="cpsat (default) or highs: the same model as a MIP (--workers = threads)",
    )
    solve.add_argument("--log", action="store_true", help="show CP-SAT's search log")
    add_lang(solve)
    solve.set_defaults(run=cmd_solve)

    check = sub.add_parser("check", help="check a (hand-edited) list against every hard rule")
    check.add_argument("scenario", help="scenario folder")
    check.add_argument("assignments", help="assignments.csv or .xlsx (person, period, unit)")
    add_lang(check)
    check.set_defaults(run=cmd_check)

    sub.add_parser(
        "bench",
        help="run CP-SAT and HiGHS on the size ladder (rotation bench --help)",
        add_help=False,
    )
    gen = sub.add_parser("generate", help="write a fictional district of any size")
    gen.add_argument("--people", type=int, default=150)
    gen.add_argument("--units", type=int, default=30)
    gen.add_argument("--seed", type=int, default=1)
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
    try:
        return int(args.run(args))
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
