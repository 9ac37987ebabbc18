#!/usr/bin/env python3
"""Planner benchmarks; prints one JSON document.

Sections:
* ``single_load`` - the exact single-load schedule against a brute force over every
  minute, on random price curves (all optima lie on whole minutes by construction).
* ``multi_load`` - several loads under a power cap against an exhaustive search over
  the grid; when the search is cut short the stated lower bound must hold.
* ``planning_latency`` - build_plan for goal-level intents on synthetic homes of
  100, 500 and 5,000 entities (median and p95 in ms).

Run: ``.venv/bin/python scripts/bench_planner.py [--curves 1000] [--section NAME]``.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from itertools import product
import json
import os
from pathlib import Path
import random
import statistics
import sys
import time
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.orchestration.core.energy.scheduling import (
    Load,
    cheapest_start,
    schedule_loads,
)
from custom_components.orchestration.core.models import (
    Constraint,
    ConstraintType,
    Goal,
    GoalType,
    PriceSlot,
    Strategy,
    Targets,
    TaskSpec,
    TimeWindow,
)
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.core.planning.steps import PlannerOptions
from tests.synthetic_home import synthetic_home

ORIGIN = datetime(2026, 1, 1, tzinfo=UTC)


def random_slots(rng: random.Random, hours: int) -> list[PriceSlot]:
    """A random price curve of 15, 30 or 60 minute slots, sometimes with a gap."""
    slot_minutes = rng.choice([15, 30, 60])
    slots = []
    gap_at = rng.randrange(hours * 60 // slot_minutes) if rng.random() < 0.2 else -1
    for index in range(hours * 60 // slot_minutes):
        if index == gap_at:
            continue
        start = ORIGIN + timedelta(minutes=index * slot_minutes)
        price = round(rng.uniform(-0.05, 0.6), 4)
        slots.append(PriceSlot(start, start + timedelta(minutes=slot_minutes), price))
    return slots


def minute_prices(slots: list[PriceSlot]) -> dict[int, float]:
    """Price of every priced minute since ORIGIN."""
    prices: dict[int, float] = {}
    for slot in slots:
        first = int((slot.start - ORIGIN).total_seconds() // 60)
        last = int((slot.end - ORIGIN).total_seconds() // 60)
        for minute in range(first, last):
            prices[minute] = slot.price
    return prices


def brute_single(
    prices: dict[int, float],
    duration: int,
    power: float,
    earliest: int,
    latest_end: int,
    forbidden: list[tuple[int, int]],
) -> float | None:
    """The cheapest start by trying every minute."""
    best: float | None = None
    for start in range(earliest, latest_end - duration + 1):
        if any(start < end and begin < start + duration for begin, end in forbidden):
            continue
        minutes = range(start, start + duration)
        if any(minute not in prices for minute in minutes):
            continue
        cost = sum(prices[minute] for minute in minutes) * power / 60
        if best is None or cost < best:
            best = cost
    return best


def single_load(curves: int, seed: int) -> dict[str, Any]:
    """Exact single-load optimum against brute force over ``curves`` random curves."""
    rng = random.Random(seed)
    matches = infeasible_both = 0
    worst = 0.0
    mismatches: list[dict[str, Any]] = []
    elapsed: list[float] = []
    for _ in range(curves):
        hours = rng.choice([12, 24, 36])
        slots = random_slots(rng, hours)
        prices = minute_prices(slots)
        duration = rng.randrange(15, 300)
        power = round(rng.uniform(0.5, 11.0), 2)
        earliest = rng.randrange(0, hours * 60 // 2)
        latest_end = earliest + duration + rng.randrange(-30, hours * 60)
        forbidden = []
        for _ in range(rng.randrange(0, 3)):
            begin = rng.randrange(0, hours * 60)
            forbidden.append((begin, begin + rng.randrange(10, 240)))
        started = time.perf_counter()
        result = cheapest_start(
            slots,
            duration=timedelta(minutes=duration),
            power_kw=power,
            earliest=ORIGIN + timedelta(minutes=earliest),
            latest_end=ORIGIN + timedelta(minutes=latest_end),
            forbidden=[
                TimeWindow(ORIGIN + timedelta(minutes=a), ORIGIN + timedelta(minutes=b))
                for a, b in forbidden
            ],
        )
        elapsed.append((time.perf_counter() - started) * 1000)
        expected = brute_single(
            prices, duration, power, earliest, latest_end, forbidden
        )
        if result is None or expected is None:
            if result is None and expected is None:
                infeasible_both += 1
                matches += 1
            else:
                mismatches.append({"expected": expected, "got": None})
            continue
        error = abs(result.cost - expected)
        worst = max(worst, error)
        if error <= 1e-9:
            matches += 1
        else:
            mismatches.append({"expected": expected, "got": result.cost})
    return {
        "curves": curves,
        "equal_to_brute_force": matches,
        "both_infeasible": infeasible_both,
        "max_abs_error": worst,
        "mismatches": mismatches[:5],
        "median_ms": round(statistics.median(elapsed), 3),
        "p95_ms": round(sorted(elapsed)[int(0.95 * len(elapsed)) - 1], 3),
    }


def brute_multi(
    slots: list[PriceSlot], loads: list[Load], cap: float, grid: int
) -> float | None:
    """The cheapest joint schedule by trying every combination of grid starts."""
    prices = minute_prices(slots)
    per_load = []
    for load in loads:
        duration = int(load.duration.total_seconds() // 60)
        earliest = int((load.earliest - ORIGIN).total_seconds() // 60)
        latest_end = int((load.latest_end - ORIGIN).total_seconds() // 60)
        options = []
        for start in range(earliest, latest_end - duration + 1, grid):
            minutes = range(start, start + duration)
            if all(minute in prices for minute in minutes):
                cost = sum(prices[m] for m in minutes) * load.power_kw / 60
                options.append((start, duration, cost))
        per_load.append(options)
    best: float | None = None
    for combo in product(*per_load):
        cost = sum(item[2] for item in combo)
        if best is not None and cost >= best:
            continue
        events = sorted({item[0] for item in combo})
        ok = True
        for moment in events:
            power = sum(
                load.power_kw
                for load, item in zip(loads, combo, strict=True)
                if item[0] <= moment < item[0] + item[1]
            )
            if power > cap + 1e-9:
                ok = False
                break
        if ok:
            best = cost
    return best


def multi_load(instances: int, seed: int) -> dict[str, Any]:
    """Multi-load schedules under a cap against exhaustive search."""
    rng = random.Random(seed)
    optimal_equal = optimal_claims = bounded = bound_holds = 0
    worst_gap_ratio = 0.0
    failures: list[dict[str, Any]] = []
    elapsed: list[float] = []
    for number in range(instances):
        slots = [
            PriceSlot(
                ORIGIN + timedelta(minutes=30 * i),
                ORIGIN + timedelta(minutes=30 * (i + 1)),
                round(rng.uniform(0.0, 0.5), 3),
            )
            for i in range(24)
        ]
        loads = [
            Load(
                key=f"load{i}",
                duration=timedelta(minutes=30 * rng.randrange(1, 5)),
                power_kw=round(rng.uniform(1.0, 3.0), 1),
                earliest=ORIGIN + timedelta(minutes=30 * rng.randrange(0, 6)),
                latest_end=ORIGIN + timedelta(hours=12),
            )
            for i in range(rng.randrange(2, 4))
        ]
        cap = round(rng.uniform(3.0, 5.5), 1)
        # Every tenth instance gets a tiny search budget to exercise the bound.
        budget = 3 if number % 10 == 0 else 200_000
        started = time.perf_counter()
        result = schedule_loads(loads, slots, power_limit_kw=cap, max_nodes=budget)
        elapsed.append((time.perf_counter() - started) * 1000)
        # The instance is built on 30 minutes: exhaustive on that grid is exact.
        expected = brute_multi(slots, loads, cap, 30)
        if expected is None:
            continue
        if result.unplaced:
            failures.append({"instance": number, "unplaced": result.unplaced})
            continue
        if result.optimal:
            optimal_claims += 1
            if abs(result.cost - expected) <= 1e-9:
                optimal_equal += 1
            else:
                failures.append({"instance": number, "expected": expected})
        else:
            bounded += 1
            if result.lower_bound - 1e-9 <= expected <= result.cost + 1e-9:
                bound_holds += 1
                if expected > 0:
                    worst_gap_ratio = max(worst_gap_ratio, result.cost / expected - 1)
            else:
                failures.append({"instance": number, "bound": result.lower_bound})
    return {
        "instances": instances,
        "optimal_claimed": optimal_claims,
        "optimal_equal_to_exhaustive": optimal_equal,
        "bounded": bounded,
        "bound_holds": bound_holds,
        "worst_bounded_excess_ratio": round(worst_gap_ratio, 6),
        "failures": failures[:5],
        "median_ms": round(statistics.median(elapsed), 3),
        "p95_ms": round(sorted(elapsed)[int(0.95 * len(elapsed)) - 1], 3),
    }


def _intents() -> dict[str, TaskSpec]:
    deadline = Constraint(
        ConstraintType.DEADLINE, {"before": "2026-11-24T07:00:00+01:00"}
    )
    return {
        "optimize_energy": TaskSpec(
            "save energy", goals=[Goal(GoalType.OPTIMIZE_ENERGY)]
        ),
        "bedtime_routine": TaskSpec(
            "good night", goals=[Goal(GoalType.ROUTINE, params={"name": "bedtime"})]
        ),
        "secure_home": TaskSpec("secure the house", goals=[Goal(GoalType.SECURE_HOME)]),
        "run_appliances_cheapest": TaskSpec(
            "run the dishwasher and the washer when power is cheapest before 7am",
            goals=[
                Goal(GoalType.RUN_APPLIANCE, Targets(entity_ids=["switch.dishwasher"])),
                Goal(GoalType.RUN_APPLIANCE, Targets(entity_ids=["switch.washer"])),
            ],
            constraints=[Constraint(ConstraintType.MINIMIZE_COST), deadline],
        ),
        "precondition": TaskSpec(
            "warm room 1 to 22 degrees by 7am",
            goals=[
                Goal(
                    GoalType.PRECONDITION,
                    Targets(area_ids=["area_1"]),
                    {"temperature": 22},
                )
            ],
            constraints=[deadline],
        ),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def planning_latency(repeats: int, seed: int) -> dict[str, Any]:
    """Latency of build_plan on synthetic homes, per size and per intent."""
    report: dict[str, Any] = {
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    options = PlannerOptions()
    for size in (100, 500, 5000):
        snapshot = synthetic_home(size, seed)
        timings: dict[str, list[float]] = {}
        cpu: list[float] = []
        feasible: dict[str, bool] = {}
        steps: dict[str, int] = {}
        for name, task in _intents().items():
            build_plan(task, snapshot, strategy=Strategy.BALANCED, options=options)
            for _ in range(repeats):
                started, started_cpu = time.perf_counter(), time.process_time()
                result = build_plan(
                    task, snapshot, strategy=Strategy.BALANCED, options=options
                )
                timings.setdefault(name, []).append(
                    (time.perf_counter() - started) * 1000
                )
                cpu.append((time.process_time() - started_cpu) * 1000)
            feasible[name] = result.feasible
            steps[name] = len(result.plan.steps)
        every = [value for values in timings.values() for value in values]
        report[str(size)] = {
            "entities": len(snapshot.entities),
            "samples": len(every),
            "median_ms": round(statistics.median(every), 3),
            "p95_ms": round(_percentile(every, 0.95), 3),
            "cpu_median_ms": round(statistics.median(cpu), 3),
            "cpu_p95_ms": round(_percentile(cpu, 0.95), 3),
            "per_intent_p95_ms": {
                name: round(_percentile(values, 0.95), 3)
                for name, values in timings.items()
            },
            "plan_steps": steps,
            "feasible": feasible,
        }
    return report


SECTIONS = ("single_load", "multi_load", "planning_latency")


def main() -> None:
    """Run the chosen sections and print their JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--curves", type=int, default=1000)
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--section", choices=SECTIONS, action="append")
    args = parser.parse_args()
    sections = args.section or list(SECTIONS)
    report: dict[str, Any] = {}
    if "single_load" in sections:
        report["single_load"] = single_load(args.curves, args.seed)
    if "multi_load" in sections:
        report["multi_load"] = multi_load(args.instances, args.seed)
    if "planning_latency" in sections:
        report["planning_latency"] = planning_latency(args.repeats, args.seed)
    print(json.dumps({"planner": report}, indent=2))


if __name__ == "__main__":
    main()
