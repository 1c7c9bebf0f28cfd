"""A solve freezes the objects alive before it (``gc.freeze``) only while it runs."""

from __future__ import annotations

import gc

import rotation
import rotation.solvers.cpsat as cpsat
from rotation.generate import generate


def test_a_solve_freezes_the_heap_only_while_it_runs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the objects alive before the solve are left out of full collections during the
    # build and the search, and handed back afterwards
    seen: list[int] = []
    build = cpsat.build_model

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.get_freeze_count())
        return build(*args, **kwargs)

    monkeypatch.setattr(cpsat, "build_model", watched)
    assert gc.get_freeze_count() == 0
    r = rotation.solve(generate(40, 8, 1), time_limit=10)
    assert r.status == "OPTIMAL"
    assert seen and seen[0] > 0
    assert gc.get_freeze_count() == 0


def test_a_solve_leaves_objects_the_caller_froze_frozen() -> None:
    gc.freeze()
    try:
        rotation.solve(generate(40, 8, 1), time_limit=10)
        # still frozen (the count only falls by the frozen objects freed meanwhile)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
