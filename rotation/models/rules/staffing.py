"""Staffing rules: one unit per person, headcount bands, skill cover."""

from __future__ import annotations

from rotation.facts import retired_by
from rotation.models.hires import hire_vars, hired
from rotation.models.rules.training import absent
from rotation.models.variables import Expr, ModelContext, Penalty
from rotation.rules import Assignment, Headcount, SkillCover, Vacancies
from rotation.scenario import Unit


def encode_assignment(ctx: ModelContext, spec: Assignment) -> list[Penalty]:
    """Each person is in exactly one of their candidate units in every period (the
    retired have no variables and no unit); each planned hire in exactly one unit from
    their round on (:func:`rotation.models.hires.hire_vars`)."""
    for p in ctx.scenario.people:
        for t in ctx.scenario.periods:
            if not retired_by(ctx.scenario, p.id, t):
                ctx.model.add_exactly_one(var for _, var in ctx.by_person.get((p.id, t), []))
    hire_vars(ctx)
    return []


def vacancy(ctx: ModelContext, unit: Unit, period: int) -> Expr:
    """The posts of ``unit`` left to recruitment in ``period`` (0 unless the rule
    ``vacancies`` is on): one integer per unit and round, created on first use."""
    if not ctx.scenario.rules.vacancies.enabled:
        return 0
    key = (unit.id, period)
    if key not in ctx.vacancies:
        ctx.vacancies[key] = ctx.model.new_int_var(
            0, unit.max_staff, f"vacancy[{unit.id},{period}]"
        )
    return ctx.vacancies[key]


def skill_vacancy(ctx: ModelContext, unit: Unit, skill: str, need: int, period: int) -> Expr:
    """How many of ``unit``'s vacancies in ``period`` must hold ``skill`` (0 unless the
    rule ``vacancies`` is on)."""
    if not ctx.scenario.rules.vacancies.enabled:
        return 0
    key = (unit.id, skill, period)
    if key not in ctx.skill_vacancies:
        var = ctx.model.new_int_var(0, need, f"vacancy[{unit.id},{skill},{period}]")
        ctx.skill_vacancies[key] = var
        vacancy(ctx, unit, period)
    return ctx.skill_vacancies[key]


def encode_headcount(ctx: ModelContext, spec: Headcount) -> list[Penalty]:
    """min_staff ≤ |unit| ≤ max_staff; soft: each person short or over costs once. With
    the rule ``vacancies`` on, the posts left to recruitment count towards the minimum.
    Planned hires placed there count (:func:`rotation.models.hires.hired`); people away
    training or on a secondment (rule ``training``) do not count for the minimum, but
    keep their post in the maximum."""
    model, penalties = ctx.model, []
    for u in ctx.scenario.units:
        for t in ctx.scenario.periods:
            members = [var for _, var in ctx.by_unit.get((u.id, t), [])]
            books = ctx.size(u.id, t) + hired(ctx, u.id, t)
            size = books - (absent(ctx, u.id, t) if u.min_staff else 0)
            size += vacancy(ctx, u, t) if u.min_staff else 0
            if spec.hard:
                ctx.post(model.add(size >= u.min_staff), spec.name, u.id, t, "min")
                ctx.post(model.add(books <= u.max_staff), spec.name, u.id, t, "max")
                continue
            short = model.new_int_var(0, u.min_staff, f"short[{u.id},{t}]")
            over = model.new_int_var(0, len(members) + len(ctx.scenario.hires), f"over[{u.id},{t}]")
            model.add(size + short >= u.min_staff)
            model.add(books - over <= u.max_staff)
            penalties.append(Penalty(spec.name, short + over, spec.weight or 0))
    return penalties


def encode_skill_cover(ctx: ModelContext, spec: SkillCover) -> list[Penalty]:
    """Σ holders of a skill in a unit ≥ the unit's need; soft: each holder short costs.
    With the rule ``vacancies`` on, recruits with the skill count towards the need; so do
    planned hires with it, and holders away training or on a secondment do not."""
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
                ) + skill_vacancy(ctx, u, skill, need, t)
                holders += hired(ctx, u.id, t, skill) - absent(ctx, u.id, t, skill)
                if spec.hard:
                    ctx.post(model.add(holders >= need), spec.name, u.id, skill, t)
                    continue
                short = model.new_int_var(0, need, f"short[{u.id},{skill},{t}]")
                model.add(holders + short >= need)
                penalties.append(Penalty(spec.name, short, spec.weight or 0))
    return penalties


def encode_vacancies(ctx: ModelContext, spec: Vacancies) -> list[Penalty]:
    """Each post left to recruitment costs once per round (a goal): the recruits of a unit
    are at least as many as those a skill needs (one recruit may bring several skills),
    and they fit in the band with the people placed there (``size + vacancies ≤
    max_staff``: a vacancy is a post of the 编制). The headcount and skill-cover rules
    count them (:func:`vacancy`); minimising makes each the fewest that lets those rules
    hold."""
    model, amounts = ctx.model, []
    units = ctx.scenario.unit
    for (uid, t), var in ctx.vacancies.items():
        for (vid, _skill, vt), need in ctx.skill_vacancies.items():
            if (vid, vt) == (uid, t):
                model.add(var >= need)
        model.add(ctx.size(uid, t) + hired(ctx, uid, t) + var <= units[uid].max_staff)
        amounts.append(var)
    return [Penalty(spec.name, sum(amounts), spec.weight or 0)] if amounts else []
