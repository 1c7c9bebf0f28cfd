"""A user edits the proposed list by hand; the checker says what the edit breaks.

Run: python examples/03_check_hand_edit.py
"""

from pathlib import Path

import rotation as rt

HERE = Path(__file__).resolve().parent
scenario = rt.read_scenario(HERE.parent / "scenarios" / "district")
result = rt.solve(scenario, time_limit=10)
assert result.plan is not None

# put two relatives in the same unit, as a hand edit might
relation = scenario.relations[0]
edited = dict(result.plan.assignments)
edited[(relation.b, 1)] = edited[(relation.a, 1)]
broken = rt.validate(scenario, rt.Plan(scenario, edited))
for violation in broken:
    print(violation.text("en"))
    print(violation.text("zh"))
assert any(v.rule == "kin_avoidance" for v in broken)
