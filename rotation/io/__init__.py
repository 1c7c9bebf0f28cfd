"""Reading and writing scenario folders and plans (CSV, XLSX, TOML).

Every problem with input is a :class:`~rotation.errors.ScenarioError` that names the
file, the row (as a spreadsheet numbers it: the header is row 1) and the column as
written in the file. Input files are only ever read; outputs are written atomically
(:mod:`rotation.io.atomic`).
"""

from rotation.io.atomic import atomic_path, atomic_write_bytes, atomic_write_text
from rotation.io.plan_io import read_plan
from rotation.io.published_io import read_published
from rotation.io.scenario_io import read_scenario, write_scenario

__all__ = [
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "read_plan",
    "read_published",
    "read_scenario",
    "write_scenario",
]
