"""Options of the recommender, read from a config entry's options."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.orchestration.core.insights.options import (
    OPTION_KEYS,
    RULE_GROUPS,
    DeliveryOptions,
    InsightOptions,
    PricePeakOptions,
    WindowOpenOptions,
)


def test_defaults() -> None:
    options = InsightOptions()
    assert options.enabled
    assert all(options.rule(rule).enabled for rule in RULE_GROUPS)
    assert options.window_open.minutes == 10
    assert options.idle_area.minutes == 30
    assert options.away.minutes == 20
    assert (options.price_peak.min_saving, options.price_peak.ratio) == (0.10, 1.3)
    delivery = options.delivery
    assert (delivery.per_rule, delivery.total, delivery.period) == (
        3,
        10,
        timedelta(hours=24),
    )
    assert delivery.repeat_after == timedelta(hours=4)
    assert delivery.snooze_for == timedelta(hours=1)
    assert delivery.dismiss_for == timedelta(days=7)
    assert delivery.lifetime == timedelta(hours=12)
    with pytest.raises(KeyError):
        options.rule("delivery")


def test_the_keys() -> None:
    assert OPTION_KEYS[:2] == ("insights_enabled", "insights_excluded_entities")
    assert "insights_window_open_minutes" in OPTION_KEYS
    assert "insights_price_peak_min_saving" in OPTION_KEYS
    assert "insights_delivery_per_rule" in OPTION_KEYS
    assert "insights_unusual_consumption_enabled" in OPTION_KEYS
    assert len(OPTION_KEYS) == len(set(OPTION_KEYS)) == 30


def test_round_trip_through_config_entry_options() -> None:
    options = InsightOptions(
        enabled=False,
        window_open=WindowOpenOptions(enabled=False, minutes=5),
        price_peak=PricePeakOptions(min_saving=0.5, ratio=2.0, horizon_hours=12),
        delivery=DeliveryOptions(per_rule=1, total=4, snooze_minutes=30),
        excluded_entity_ids=frozenset({"light.night", "switch.fridge"}),
    )
    stored = options.as_options()
    assert stored["insights_excluded_entities"] == ["light.night", "switch.fridge"]
    assert InsightOptions.from_options(stored) == options
    assert InsightOptions.from_options({}) == InsightOptions()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("insights_window_open_minutes", 0),
        ("insights_window_open_minutes", 2.5),
        ("insights_window_open_minutes", "ten"),
        ("insights_window_open_minutes", True),
        ("insights_window_open_enabled", "yes"),
        ("insights_price_peak_ratio", 0.5),
        ("insights_price_peak_min_saving", float("nan")),
        ("insights_delivery_total", -1),
        ("insights_enabled", None),
    ],
)
def test_unusable_values_fall_back_to_the_default(key: str, value: object) -> None:
    assert InsightOptions.from_options({key: value}) == InsightOptions()


def test_whole_floats_and_ints_are_accepted() -> None:
    read = InsightOptions.from_options(
        {
            "insights_window_open_minutes": 15.0,
            "insights_price_peak_min_saving": 1,
            "insights_excluded_entities": ["light.a", 3],
        }
    )
    assert read.window_open.minutes == 15
    assert isinstance(read.window_open.minutes, int)
    assert read.price_peak.min_saving == 1.0
    assert read.excluded_entity_ids == frozenset({"light.a"})
    assert (
        InsightOptions.from_options(
            {"insights_excluded_entities": "light.a"}
        ).excluded_entity_ids
        == frozenset()
    )
