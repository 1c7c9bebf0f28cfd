"""Regenerate the bundled default scenario ``scenarios/district`` from the district preset.

Run from the repository root: ``python scripts/make_default_scenario.py``. The preset
is deterministic, so the folder only changes when the generator does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rotation.generate import generate_preset
from rotation.io import write_scenario

ROOT = Path(__file__).resolve().parent.parent


def main(folder: Path = ROOT / "scenarios" / "district") -> None:
    """Write the district preset to ``folder``."""
    scenario = generate_preset("district")
    write_scenario(scenario, folder)
    print(f"wrote {len(scenario.people)} people in {len(scenario.units)} units to {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "scenarios" / "district")
