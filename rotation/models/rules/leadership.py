"""Leadership rules: posts per unit (职数), who leads, and how teams turn over."""

from __future__ import annotations

from rotation.facts import Duty, base_roles, duty_in_round, round_date
from rotation.models.horizon import later_rounds
from rotation.models.variables import Expr, ModelContext, Penalty
from rotation.rules import HeadDeputyApart, LeadershipSlots, Promotions, TeamTurnover
from rotation.scenario import Scenario


def encode_leadership_slots(ctx: ModelContext, spec: LeadershipSlots) -> list[Penalty]:
    """Heads between the posts filled today and the unit's head posts, deputies at most
    its deputy posts, per unit and period; soft: each head missing or extra and each deputy
    extra costs once. (That leaders keep their level is in the role domains,
    :func:`rotation.facts.base_roles`.)"""
    model, penalties = ctx.model, []
    for unit in ctx.scenario.units:
        need = spec.heads_needed(ctx.scenario, unit)
        for t in ctx.scenario.periods:
            heads = sum(expr for _, expr in ctx.holders(unit.id, t, "head"))
            deputies = sum(expr for _, expr in ctx.holders(unit.id, t, "deputy"))
            if spec.hard:
                ctx.post(model.add(heads >= need), spec.name, unit.id, t, "head")
                ctx.post(model.add(heads <= unit.heads), spec.name, unit.id, t, "heads")
                ctx.post(model.add(deputies <= unit.deputies), spec.name, unit.id, t, "deputy")
                continue
            missing = model.new_int_var(0, need, f"no_head[{unit.id},{t}]")
            extra = model.new_int_var(0, len(ctx.scenario.people), f"heads+[{unit.id},{t}]")
            over = model.new_int_var(0, len(ctx.scenario.people), f"deputies+[{unit.id},{t}]")
            model.add(heads + missing >= need)
            model.add(heads - extra <= unit.heads)
            model.add(deputies - over <= unit.deputies)
            penalties.append(Penalty(spec.name, missing + extra + over, spec.weight or 0))
    _keep_levels(ctx)
    return penalties


ABOVE = {"member": ("deputy", "head"), "deputy": ("head",), "head": ()}
"""The roles above each role (a promotion)."""


def _above(ctx: ModelContext, person: str, period: int) -> list[Expr]:
    """The expressions of ``person`` holding, in ``period``, a role above today's one."""
    out = []
    for uid, _ in ctx.by_person.get((person, period), []):
        for role in ABOVE[ctx.scenario.person[person].role]:
            held = ctx.role(person, uid, period, role)
            if not isinstance(held, int):
                out.append(held)
    return out


def _keep_levels(ctx: ModelContext) -> None:
    """Across rounds a member or deputy promoted stays promoted (``above[t] ≥ above[t-1]``:
    nobody is promoted for a year and put back), and a head steps down to a member post
    elsewhere (rule 4) only from the round in which they reach ``level_limit.years`` at
    the level: the variables allow it in every round in which any round allows it
    (:func:`rotation.facts.base_roles` at the last round's date), so the earlier rounds
    are held back here. Structural, like the role domains: posted whether the rule is
    hard or soft."""
    scenario = ctx.scenario
    for p in scenario.people:
        if p.role == "head":
            for t in scenario.periods:
                on = round_date(scenario, t)
                for uid, _ in ctx.by_person.get((p.id, t), []):
                    unit = scenario.unit[uid]
                    member = ctx.role(p.id, uid, t, "member")
                    if isinstance(member, int) or "member" in base_roles(scenario, p, unit, on):
                        continue
                    ctx.model.add(member == 0)
            continue
        for t in range(2, scenario.horizon + 1):
            now, before = _above(ctx, p.id, t), _above(ctx, p.id, t - 1)
            if before and ctx.in_plan(p.id, t):
                ctx.model.add(sum(now) >= sum(before))


def encode_promotions(ctx: ModelContext, spec: Promotions) -> list[Penalty]:
    """Each person who holds a role above their current one costs once. Promotions last
    (see :func:`_keep_levels`), so over several rounds the count is the people above
    their role in the last round they are in the plan."""
    terms = []
    for p in ctx.scenario.people:
        last = max((t for t in ctx.scenario.periods if ctx.in_plan(p.id, t)), default=None)
        if last is not None:
            terms.extend(_above(ctx, p.id, last))
    return [Penalty(spec.name, sum(terms), spec.weight or 0)] if terms else []


def encode_head_deputy_apart(ctx: ModelContext, spec: HeadDeputyApart) -> list[Penalty]:
    """Rule 10: the head and a deputy of one unit are not both moved in one round.

    Round 1: hard, ``stay[head] + stay[deputy] ≥ 1`` for each pair
    :meth:`HeadDeputyApart.pairs` binds. Soft: one Boolean per deputy that is exactly "the
    deputy moves and one of the bound heads moves" (``together ≥ 1 - stay[h] - stay[d]``
    for each head, ``together ≤ 1 - stay[d]``, ``together ≤ Σ (1 - stay[h])``); each
    costs once.

    From round 2 on the heads and deputies of a unit are those of round t - 1 in the plan:
    per unit and round one Boolean ``h ≥ head[p, t-1] - stay[p, t]`` for each possible
    head p ("a head of the unit leaves"; ``hp`` over the heads not pinned for the round),
    and per possible deputy q a Boolean ``c ≥ deputy[q, t-1] - stay[q, t] + h - 1`` (with
    ``hp`` when q is pinned for the round: both moves forced is exempt, as in round 1);
    each c costs once (hard: ``c = 0``). Minimising makes them exact.
    """
    model, amounts = ctx.model, []
    for uid, deputy, heads in spec.pairs(ctx.scenario):
        stay_d = ctx.stay(deputy, 1)
        if spec.hard:
            for head in heads:
                ctx.post(model.add(ctx.stay(head, 1) + stay_d >= 1), spec.name, uid, head, deputy)
            continue
        together = model.new_bool_var(f"together[{uid},{deputy}]")
        for head in heads:
            model.add(together + ctx.stay(head, 1) + stay_d >= 1)
        model.add(together + stay_d <= 1)
        model.add(together + sum(ctx.stay(h, 1) for h in heads) <= len(heads))
        amounts.append(together)
    scenario = ctx.scenario
    for t in later_rounds(ctx):
        for unit in scenario.units:
            bosses = ctx.holders(unit.id, t - 1, "head")
            seconds = ctx.holders(unit.id, t - 1, "deputy")
            bosses = [(p, e) for p, e in bosses if ctx.in_plan(p, t)]
            seconds = [(p, e) for p, e in seconds if ctx.in_plan(p, t)]
            if not bosses or not seconds:
                continue
            pinned = {p for p, _ in bosses + seconds if _pinned(scenario, p, t)}
            leaves = model.new_bool_var(f"head_leaves[{unit.id},{t}]")
            free = [(p, e) for p, e in bosses if p not in pinned]
            leaves_free = model.new_bool_var(f"free_head_leaves[{unit.id},{t}]") if free else 0
            for p, expr in bosses:
                model.add(leaves >= expr - ctx.stay(p, t))
                if p not in pinned:
                    model.add(leaves_free >= expr - ctx.stay(p, t))
            for q, expr in seconds:
                lead = leaves_free if q in pinned else leaves
                if isinstance(lead, int):
                    continue
                gap = expr - ctx.stay(q, t) + lead - 1
                if spec.hard:
                    ctx.post(model.add(gap <= 0), spec.name, unit.id, q, t)
                    continue
                together = model.new_bool_var(f"together[{unit.id},{q},{t}]")
                model.add(together >= gap)
                amounts.append(together)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []


def _pinned(scenario: Scenario, person: str, period: int) -> bool:
    """Whether a pin decides ``person``'s unit in ``period`` (their move is forced)."""
    return duty_in_round(scenario, person, period) is Duty.PINNED


def encode_team_turnover(ctx: ModelContext, spec: TeamTurnover) -> list[Penalty]:
    """Rule 10: at most :meth:`TeamTurnover.allowance` of a unit's team move away.

    Round 1: with n in the team and allowance a, the leavers ``n - Σ stay ≤ a``; soft:
    one integer slack per unit, ``Σ stay + slack ≥ n - a``, costing once per person over.

    From round 2 on the team is the unit's people in round t - 1 who are still in the
    plan in round t (n = Σ x[t-1], retiring is not rotation), and the leavers are ``n -
    Σ kept`` (:meth:`ModelContext.kept`) less those pinned elsewhere for the round;
    ``leavers ≤ ⌊a/b · n⌋`` with the share a/b is ``b · leavers ≤ a · n`` for integers;
    soft: ``b · (leavers - over) ≤ a · n``, whose least integer ``over`` is the number
    over the cap.
    """
    model, amounts = ctx.model, []
    for unit in ctx.scenario.units:
        team = spec.team(ctx.scenario, unit.id)
        must_keep = len(team) - spec.allowance(ctx.scenario, unit.id)
        if must_keep <= 0:
            continue
        stays = sum(ctx.stay(pid, 1) for pid in team)
        if spec.hard:
            ctx.post(model.add(stays >= must_keep), spec.name, unit.id)
            continue
        over = model.new_int_var(0, must_keep, f"turnover+[{unit.id}]")
        model.add(stays + over >= must_keep)
        amounts.append(over)
    share = spec.fraction()
    a, b = share.numerator, share.denominator
    scenario = ctx.scenario
    for t in later_rounds(ctx):
        for unit in scenario.units:
            crew = [
                (pid, var)
                for pid, var in ctx.by_unit.get((unit.id, t - 1), [])
                if ctx.in_plan(pid, t)
            ]
            if not crew:
                continue
            size = sum(var for _, var in crew)
            free = [(pid, var) for pid, var in crew if not _pinned(scenario, pid, t)]
            leavers = sum(var - ctx.kept(pid, unit.id, t) for pid, var in free)
            if spec.hard:
                ctx.post(model.add(b * leavers <= a * size), spec.name, unit.id, t)
                continue
            over = model.new_int_var(0, len(free), f"turnover+[{unit.id},{t}]")
            model.add(b * (leavers - over) <= a * size)
            amounts.append(over)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
