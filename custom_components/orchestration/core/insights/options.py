"""Options of the recommender: each rule on or off with its thresholds, and delivery.

``InsightOptions.from_options`` reads a config entry's options (flat keys, listed in
``OPTION_KEYS``); missing, mistyped or out-of-range values fall back to the default,
so a bad stored value never stops the recommender. ``as_options`` writes them back.
Keys are ``insights_<group>_<field>`` (``insights_window_open_minutes``), plus
``insights_enabled`` and ``insights_excluded_entities``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
import math
from typing import Any, Final, Self

PREFIX: Final = "insights"
CONF_ENABLED: Final = f"{PREFIX}_enabled"
CONF_EXCLUDED_ENTITIES: Final = f"{PREFIX}_excluded_entities"


def _bounded(default: float, low: float, high: float) -> Any:
    """A field with its default and the range a stored value must lie in."""
    return field(default=default, metadata={"range": (low, high)})


@dataclass(frozen=True, slots=True)
class WindowOpenOptions:
    """A window or door open while its area is heated or cooled."""

    enabled: bool = True
    # How long an opening must be open before it counts.
    minutes: int = _bounded(10, 1, 24 * 60)


@dataclass(frozen=True, slots=True)
class IdleAreaOptions:
    """Lights or media on where nobody has been for a while."""

    enabled: bool = True
    minutes: int = _bounded(30, 1, 24 * 60)


@dataclass(frozen=True, slots=True)
class AwayOptions:
    """Devices left on after everyone left."""

    enabled: bool = True
    minutes: int = _bounded(20, 1, 24 * 60)


@dataclass(frozen=True, slots=True)
class PricePeakOptions:
    """A deferrable load running or about to start into a price peak."""

    enabled: bool = True
    # Least saving (in the tariff's currency) worth a suggestion.
    min_saving: float = _bounded(0.10, 0.0, 1000.0)
    # The peak costs at least this multiple of the cheaper window's price.
    ratio: float = _bounded(1.3, 1.0, 100.0)
    horizon_hours: int = _bounded(24, 1, 72)


@dataclass(frozen=True, slots=True)
class CheapWindowOptions:
    """A load that has been waiting, and a cheap window or solar surplus."""

    enabled: bool = True
    # How long the load must have been ready before it is suggested.
    waiting_minutes: int = _bounded(30, 0, 24 * 60)
    min_saving: float = _bounded(0.10, 0.0, 1000.0)
    horizon_hours: int = _bounded(24, 1, 72)
    # How long the surplus must have lasted.
    surplus_minutes: int = _bounded(15, 0, 24 * 60)


@dataclass(frozen=True, slots=True)
class UnusualConsumptionOptions:
    """Consumption far above the home's own history at that time of day."""

    enabled: bool = True
    # The recent energy is at least this multiple of the usual.
    ratio: float = _bounded(2.0, 1.0, 100.0)
    # …and at least this much more, in kWh.
    min_excess_kwh: float = _bounded(0.5, 0.0, 1000.0)
    # The recent period compared, in whole hours.
    window_hours: int = _bounded(3, 1, 24)
    # Days of history compared against, and how many must be complete.
    baseline_days: int = _bounded(14, 1, 60)
    min_days: int = _bounded(7, 1, 60)


@dataclass(frozen=True, slots=True)
class DeliveryOptions:
    """How often suggestions may be made and how long answers are remembered."""

    # At most this many new suggestions per rule, and in all, per period.
    per_rule: int = _bounded(3, 0, 100)
    total: int = _bounded(10, 0, 1000)
    period_hours: int = _bounded(24, 1, 24 * 7)
    # The same rule and target is not suggested again sooner than this.
    repeat_minutes: int = _bounded(240, 0, 24 * 60 * 7)
    snooze_minutes: int = _bounded(60, 1, 24 * 60 * 7)
    dismiss_days: int = _bounded(7, 1, 365)
    # A suggestion nobody answers is withdrawn after this long.
    lifetime_hours: int = _bounded(12, 1, 24 * 7)

    @property
    def period(self) -> timedelta:
        """The rate-limit period."""
        return timedelta(hours=self.period_hours)

    @property
    def repeat_after(self) -> timedelta:
        """Least time between two suggestions of one rule and target."""
        return timedelta(minutes=self.repeat_minutes)

    @property
    def snooze_for(self) -> timedelta:
        """How long a snooze lasts unless the caller says."""
        return timedelta(minutes=self.snooze_minutes)

    @property
    def dismiss_for(self) -> timedelta:
        """How long a dismissal silences a rule for a target."""
        return timedelta(days=self.dismiss_days)

    @property
    def lifetime(self) -> timedelta:
        """How long an unanswered suggestion stays up."""
        return timedelta(hours=self.lifetime_hours)


RuleOptions = (
    WindowOpenOptions
    | IdleAreaOptions
    | AwayOptions
    | PricePeakOptions
    | CheapWindowOptions
    | UnusualConsumptionOptions
)


@dataclass(frozen=True, slots=True)
class InsightOptions:
    """Everything the recommender can be told; the defaults are sensible for a home."""

    enabled: bool = True
    window_open: WindowOpenOptions = field(default_factory=WindowOpenOptions)
    idle_area: IdleAreaOptions = field(default_factory=IdleAreaOptions)
    away: AwayOptions = field(default_factory=AwayOptions)
    price_peak: PricePeakOptions = field(default_factory=PricePeakOptions)
    cheap_window: CheapWindowOptions = field(default_factory=CheapWindowOptions)
    unusual_consumption: UnusualConsumptionOptions = field(
        default_factory=UnusualConsumptionOptions
    )
    delivery: DeliveryOptions = field(default_factory=DeliveryOptions)
    # Entities no rule may suggest acting on or report about.
    excluded_entity_ids: frozenset[str] = frozenset()

    def rule(self, rule_id: str) -> RuleOptions:
        """The options of one rule, by its id."""
        if rule_id not in RULE_GROUPS:
            raise KeyError(rule_id)
        options: RuleOptions = getattr(self, rule_id)
        return options

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Self:
        """Read a config entry's options; anything unusable is the default."""
        groups = {
            group: _read_group(getattr(cls(), group), group, options)
            for group in (*RULE_GROUPS, "delivery")
        }
        excluded = options.get(CONF_EXCLUDED_ENTITIES)
        return cls(
            enabled=_value(True, options.get(CONF_ENABLED), None),
            excluded_entity_ids=frozenset(
                item for item in excluded or () if isinstance(item, str)
            )
            if isinstance(excluded, list | tuple | set | frozenset)
            else frozenset(),
            **groups,
        )

    def as_options(self) -> dict[str, Any]:
        """The flat options ``from_options`` reads."""
        options: dict[str, Any] = {
            CONF_ENABLED: self.enabled,
            CONF_EXCLUDED_ENTITIES: sorted(self.excluded_entity_ids),
        }
        for group in (*RULE_GROUPS, "delivery"):
            value = getattr(self, group)
            for item in fields(value):
                options[f"{PREFIX}_{group}_{item.name}"] = getattr(value, item.name)
        return options


#: Rule ids, which are also the names of their option groups, in evaluation order.
RULE_GROUPS: Final = (
    "away",
    "window_open",
    "idle_area",
    "price_peak",
    "cheap_window",
    "unusual_consumption",
)


def _value(default: Any, stored: Any, bounds: tuple[float, float] | None) -> Any:
    """``stored`` when it has the default's type and lies in bounds, else default."""
    if isinstance(default, bool):
        return stored if isinstance(stored, bool) else default
    if isinstance(stored, bool) or not isinstance(stored, int | float):
        return default
    if not math.isfinite(stored):
        return default
    value: int | float
    if isinstance(default, int):
        if float(stored) != int(stored):
            return default
        value = int(stored)
    else:
        value = float(stored)
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        return default
    return value


def _read_group[T: RuleOptions | DeliveryOptions](
    default: T, group: str, options: Mapping[str, Any]
) -> T:
    changes = {
        item.name: _value(
            getattr(default, item.name),
            options[key],
            item.metadata.get("range"),
        )
        for item in fields(default)
        if (key := f"{PREFIX}_{group}_{item.name}") in options
    }
    return replace(default, **changes)


def _keys() -> tuple[str, ...]:
    return tuple(InsightOptions().as_options())


#: Every option key the recommender reads, for the options flow.
OPTION_KEYS: Final = _keys()
