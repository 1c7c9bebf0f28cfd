"""Solve the bundled district and print the rotation list with reasons.

Run: python examples/01_solve_district.py
"""

from pathlib import Path

import rotation as rt

HERE = Path(__file__).resolve().parent
scenario = rt.read_scenario(HERE.parent / "scenarios" / "district")
result = rt.solve(scenario, time_limit=10)
print(result.summary())
assert result.plan is not None
assert rt.validate(scenario, result.plan) == []  # the solver-free check agrees
print(result.plan.moves()[["name", "from_name", "to_name", "reasons"]].to_string(index=False))
