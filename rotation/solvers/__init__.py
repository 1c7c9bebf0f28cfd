"""Solver back ends."""

from rotation.solvers.cpsat import solve

__all__ = ["solve"]
