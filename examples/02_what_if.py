"""What if the townships' tenure limit were 8 years instead of 5? Scenarios are values:
change one rule parameter, solve again and compare the number of moves.

Run: python examples/02_what_if.py
"""

import dataclasses
from pathlib import Path

import rotation as rt

HERE = Path(__file__).resolve().parent
base = rt.read_scenario(HERE.parent / "scenarios" / "district")
rule = base.rules.mandatory_rotation
longer = dataclasses.replace(rule, years={**rule.years, "township": 8, "area": 8})
what_if = base.replace(rules=dataclasses.replace(base.rules, mandatory_rotation=longer))

for label, scenario in (("5-year limit", base), ("8-year limit", what_if)):
    result = rt.solve(scenario, time_limit=10)
    assert result.plan is not None and rt.validate(scenario, result.plan) == []
    moves = sum(1 for _ in result.plan.iter_moves(retirements=False))
    print(f"{label}: {result.status}, {moves} moves, objective {result.objective:g}")
