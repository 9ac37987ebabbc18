"""Planner section: schedules against brute force, multi-load bounds, planning latency.

The measurements live in ``scripts/bench_planner.py`` (runnable alone with its own
options); this section runs them with the issue's sizes: 1,000 price curves, 200
multi-load instances, planning latency on homes of 100, 500 and 5,000 entities.
"""

from __future__ import annotations

from typing import Any

from bench_planner import multi_load, planning_latency, single_load

SEED = 20261123


def run() -> dict[str, Any]:
    """Return the planner measurements."""
    return {
        "single_load": single_load(1000, SEED),
        "multi_load": multi_load(200, SEED),
        "planning_latency": planning_latency(40, SEED),
    }
