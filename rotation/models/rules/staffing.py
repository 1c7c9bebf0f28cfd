"""Staffing rules: one unit per person, headcount bands, skill cover."""

from __future__ import annotations

from rotation.facts import retired_by
from rotation.models.variables import ModelContext, Penalty
from rotation.rules import Assignment, Headcount, SkillCover


def encode_assignment(ctx: ModelContext, spec: Assignment) -> list[Penalty]:
    """Each person is in exactly one of their candidate units in every period (the
    retired have no variables and no unit)."""
    for p in ctx.scenario.people:
        for t in ctx.scenario.periods:
            if not retired_by(ctx.scenario, p.id, t):
                ctx.model.add_exactly_one(var for _, var in ctx.by_person.get((p.id, t), []))
    return []


def encode_headcount(ctx: ModelContext, spec: Headcount) -> list[Penalty]:
    """min_staff ≤ |unit| ≤ max_staff; soft: each person short or over costs once."""
    model, penalties = ctx.model, []
    for u in ctx.scenario.units:
        for t in ctx.scenario.periods:
            members = [var for _, var in ctx.by_unit.get((u.id, t), [])]
            size = ctx.size(u.id, t)
            if spec.hard:
                ctx.post(model.add(size >= u.min_staff), spec.name, u.id, t, "min")
                ctx.post(model.add(size <= u.max_staff), spec.name, u.id, t, "max")
                continue
            short = model.new_int_var(0, u.min_staff, f"short[{u.id},{t}]")
            over = model.new_int_var(0, len(members), f"over[{u.id},{t}]")
            model.add(size + short >= u.min_staff)
            model.add(size - over <= u.max_staff)
            penalties.append(Penalty(spec.name, short + over, spec.weight or 0))
    return penalties


def encode_skill_cover(ctx: ModelContext, spec: SkillCover) -> list[Penalty]:
    """Σ holders of a skill in a unit ≥ the unit's need; soft: each holder short costs."""
    model, penalties = ctx.model, []
    person = ctx.scenario.person
    for u in ctx.scenario.units:
        for skill, need in u.needs:
            if need <= 0:
                continue
            for t in ctx.scenario.periods:
                holders = sum(
                    var
                    for pid, var in ctx.by_unit.get((u.id, t), [])
                    if skill in person[pid].skills
                )
                if spec.hard:
                    ctx.post(model.add(holders >= need), spec.name, u.id, skill, t)
                    continue
                short = model.new_int_var(0, need, f"short[{u.id},{skill},{t}]")
                model.add(holders + short >= need)
                penalties.append(Penalty(spec.name, short, spec.weight or 0))
    return penalties
