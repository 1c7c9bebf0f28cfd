"""Checkers of the leadership rules: posts per unit, promotions, team turnover."""

from __future__ import annotations

from typing import Any

from rotation.facts import Duty, base_roles, duty_in_round, round_date
from rotation.plan import Plan
from rotation.scenario import Scenario
from rotation.validate.common import ROLE_ZH, Names, Violation, round_text

ORDER = ("member", "deputy", "head")


def check_leadership_slots(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each unit has exactly its heads and at most its deputies; leaders keep their level
    (or rise one), except a head barred by rule 4 who steps down elsewhere."""
    n, out = Names(scenario), []
    for t in scenario.periods:
        for unit in scenario.units:
            members = plan.members(unit.id, t)
            heads = sum(plan.role_of(m, t) == "head" for m in members)
            deputies = sum(plan.role_of(m, t) == "deputy" for m in members)
            need = spec.heads_needed(scenario, unit)
            if heads < need:
                out.append(
                    Violation(
                        "leadership_slots",
                        t,
                        f"{n.u(unit.id)} has {heads} heads in {n.r(t)}, below the {need} "
                        "head post(s) it must fill",
                        f"{n.u(unit.id)} {n.r(t, 'zh')}有{heads}名负责人，应至少配备{need}名",
                        unit=unit.id,
                        amount=need - heads,
                    )
                )
            if heads > unit.heads:
                out.append(
                    Violation(
                        "leadership_slots",
                        t,
                        f"{n.u(unit.id)} has {heads} heads in {n.r(t)}, above its "
                        f"{unit.heads} head post(s)",
                        f"{n.u(unit.id)} {n.r(t, 'zh')}有{heads}名负责人，超过职数{unit.heads}名",
                        unit=unit.id,
                        amount=heads - unit.heads,
                    )
                )
            if deputies > unit.deputies:
                out.append(
                    Violation(
                        "leadership_slots",
                        t,
                        f"{n.u(unit.id)} has {deputies} deputies in {n.r(t)}, above its "
                        f"{unit.deputies} posts",
                        f"{n.u(unit.id)} {n.r(t, 'zh')}有{deputies}名副职，"
                        f"超过职数{unit.deputies}名",
                        unit=unit.id,
                        amount=deputies - unit.deputies,
                    )
                )
        for p in scenario.people:
            unit_id, role = plan.unit_of(p.id, t), plan.role_of(p.id, t)
            if unit_id is None or role is None or unit_id not in scenario.unit:
                continue
            allowed = base_roles(scenario, p, scenario.unit[unit_id], round_date(scenario, t))
            if role not in allowed:
                out.append(
                    Violation(
                        "leadership_slots",
                        t,
                        f"{n.p(p.id)}, now {p.role}, may not be {role} in {n.u(unit_id)} "
                        f"(allowed: {', '.join(allowed) or 'none'})",
                        f"{n.p(p.id)} 现任{ROLE_ZH[p.role]}，不能在{n.u(unit_id)}任{ROLE_ZH[role]}",
                        person=p.id,
                        unit=unit_id,
                    )
                )
            before = plan.role_of(p.id, t - 1) or ""
            demoted = t > 1 and p.role != "head" and before in ORDER and role in ORDER
            if demoted and ORDER.index(role) < ORDER.index(before):
                out.append(
                    Violation(
                        "leadership_slots",
                        t,
                        f"{n.p(p.id)}, promoted to {before}, is put back to {role} in "
                        f"{round_text(scenario, t)}",
                        f"{n.p(p.id)} 已提任{ROLE_ZH[before]}，"
                        f"{round_text(scenario, t, 'zh')}又改任{ROLE_ZH[role]}",
                        person=p.id,
                        unit=unit_id,
                    )
                )
    return out


def check_promotions(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Each person in a role above their current one counts once (in the first round in
    which they hold it)."""
    n, out = Names(scenario), []
    for p in scenario.people:
        for t in scenario.periods:
            role, unit = plan.role_of(p.id, t), plan.unit_of(p.id, t)
            if role is None or role not in ORDER or ORDER.index(role) <= ORDER.index(p.role):
                continue
            when = "" if scenario.horizon == 1 else f" in {round_text(scenario, t)}"
            when_zh = "" if scenario.horizon == 1 else round_text(scenario, t, "zh")
            out.append(
                Violation(
                    "promotions",
                    t,
                    f"{n.p(p.id)} is promoted from {p.role} to {role} of {n.u(unit)}{when}",
                    f"{n.p(p.id)} {when_zh}由{ROLE_ZH[p.role]}提任{n.u(unit)}{ROLE_ZH[role]}",
                    person=p.id,
                    unit=unit,
                )
            )
            break
    return out


def _pinned(scenario: Scenario, person: str, period: int) -> bool:
    return duty_in_round(scenario, person, period) is Duty.PINNED


def check_head_deputy_apart(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 10: a unit whose head and a deputy both move (one record per such deputy;
    pairs whose two moves are both forced are exempt, see ``HeadDeputyApart.pairs``).
    From round 2 on, the heads and deputies of the round before who move in the round
    (pins are the forced moves)."""
    n, out = Names(scenario), []
    for t in range(2, scenario.horizon + 1):
        for unit in scenario.units:
            team = plan.members(unit.id, t - 1)
            heads = [p for p in team if plan.role_of(p, t - 1) == "head" and plan.moved(p, t)]
            for deputy in team:
                if plan.role_of(deputy, t - 1) != "deputy" or not plan.moved(deputy, t):
                    continue
                bound = heads
                if _pinned(scenario, deputy, t):
                    bound = [h for h in heads if not _pinned(scenario, h, t)]
                if not bound:
                    continue
                who = ", ".join(n.p(h) for h in bound)
                who_zh = "、".join(n.p(h) for h in bound)
                when, when_zh = round_text(scenario, t), round_text(scenario, t, "zh")
                out.append(
                    Violation(
                        "head_deputy_apart",
                        t,
                        f"{n.u(unit.id)}: head {who} and deputy {n.p(deputy)} both move in "
                        f"{when} (the deputy to {n.u(plan.unit_of(deputy, t))})",
                        f"{n.u(unit.id)} 负责人{who_zh}与副职{n.p(deputy)}在{when_zh}同时交流"
                        f"（副职调往{n.u(plan.unit_of(deputy, t))}）",
                        person=deputy,
                        unit=unit.id,
                    )
                )
    for uid, deputy, heads in spec.pairs(scenario):
        if not plan.moved(deputy, 1):
            continue
        moved = [h for h in heads if plan.moved(h, 1)]
        if not moved:
            continue
        who = ", ".join(n.p(h) for h in moved)
        who_zh = "、".join(n.p(h) for h in moved)
        out.append(
            Violation(
                "head_deputy_apart",
                1,
                f"{n.u(uid)}: head {who} and deputy {n.p(deputy)} both move in {n.r(1)} "
                f"(the deputy to {n.u(plan.unit_of(deputy, 1))})",
                f"{n.u(uid)} 负责人{who_zh}与副职{n.p(deputy)}在{n.r(1, 'zh')}同时交流"
                f"（副职调往{n.u(plan.unit_of(deputy, 1))}）",
                person=deputy,
                unit=uid,
            )
        )
    return out


def check_team_turnover(scenario: Scenario, plan: Plan, spec: Any) -> list[Violation]:
    """Rule 10: units where more of the team move away in a round than allowed (amount:
    how many more; see ``TeamTurnover``)."""
    n, out = Names(scenario), []
    share = spec.fraction()
    for t in range(2, scenario.horizon + 1):
        when, when_zh = round_text(scenario, t), round_text(scenario, t, "zh")
        for unit in scenario.units:
            team = [p for p in plan.members(unit.id, t - 1) if plan.unit_of(p, t) is not None]
            leavers = [p for p in team if plan.moved(p, t) and not _pinned(scenario, p, t)]
            cap = spec.cap(len(team))
            if len(leavers) <= cap:
                continue
            out.append(
                Violation(
                    "team_turnover",
                    t,
                    f"{len(leavers)} of the {len(team)} people in {n.u(unit.id)} move away in "
                    f"{when} ({', '.join(n.p(p) for p in leavers)}); at most {cap} may "
                    f"({share} of {len(team)} is {cap})",
                    f"{n.u(unit.id)} {when_zh}有{len(team)}人，交流出{len(leavers)}人"
                    f"（{'、'.join(n.p(p) for p in leavers)}），最多{cap}人"
                    f"（{len(team)}人的{share}为{cap}人）",
                    unit=unit.id,
                    amount=len(leavers) - cap,
                )
            )
    for unit in scenario.units:
        team = spec.team(scenario, unit.id)
        leavers = [pid for pid in team if plan.moved(pid, 1)]
        allowed = spec.allowance(scenario, unit.id)
        if len(leavers) <= allowed:
            continue
        cap = spec.cap(len(team))
        forced = "" if allowed == cap else f", {allowed} of them due to move"
        forced_zh = "" if allowed == cap else f"，其中{allowed}人须交流"
        out.append(
            Violation(
                "team_turnover",
                1,
                f"{len(leavers)} of the {len(team)} people in {n.u(unit.id)} move away in "
                f"period 1 ({', '.join(n.p(p) for p in leavers)}); at most {allowed} may "
                f"({share} of {len(team)} is {cap}{forced})",
                f"{n.u(unit.id)} 现有{len(team)}人，第1轮交流出{len(leavers)}人"
                f"（{'、'.join(n.p(p) for p in leavers)}），最多{allowed}人"
                f"（{len(team)}人的{share}为{cap}人{forced_zh}）",
                unit=unit.id,
                amount=len(leavers) - allowed,
            )
        )
    return out
