"""Energy prices from every supported source, normalised to per-kWh slots in UTC.

Pure: nothing here imports Home Assistant. Each source (DESIGN §7) has its own reader
for the shape it really publishes; ``normalize_prices`` recognises a price entity's
attributes by shape. Bad rows (missing keys, unparsable or naive times, non-numeric
prices, overlaps) are skipped with one logged warning; nothing here raises into the
planner. Negative prices are valid prices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice, pairwise
import logging
import math
import statistics
from typing import Any, Final

from ..models import PriceSlot, Tariff

_LOGGER = logging.getLogger(__name__)

SOURCE_NORDPOOL: Final = "nordpool"
SOURCE_NORDPOOL_HACS: Final = "nordpool_hacs"
SOURCE_TIBBER: Final = "tibber"
SOURCE_OCTOPUS: Final = "octopus_energy"
SOURCE_ENERGYZERO: Final = "energyzero"
SOURCE_EASYENERGY: Final = "easyenergy"
SOURCE_AMBER: Final = "amberelectric"
SOURCE_CURRENT_PRICE: Final = "current_price"

_DEFAULT_SLOT: Final = timedelta(hours=1)

# Price units: the currency they name and the factor that turns them into "per kWh".
_ENERGY_FACTORS: Final[Mapping[str, float]] = {"wh": 1000.0, "kwh": 1.0, "mwh": 0.001}
# Sub-units of a currency, priced in hundredths.
_SUBUNITS: Final[Mapping[str, str | None]] = {
    "ct": "EUR",
    "cent": "EUR",
    "cents": None,
    "c": None,
    "öre": None,
    "ore": None,
    "øre": None,
    "p": "GBP",
    "pence": "GBP",
}
_CURRENCY_SYMBOLS: Final[Mapping[str, str]] = {"€": "EUR", "£": "GBP"}


@dataclass(slots=True, frozen=True)
class PriceRow:
    """One raw price entry as a source publishes it, before validation."""

    start: Any
    end: Any
    price: Any


@dataclass(slots=True, frozen=True)
class PriceUnit:
    """What a unit string like ``SEK/kWh`` or ``c/kWh`` means."""

    currency: str | None
    factor: float


def parse_unit(unit: str | None) -> PriceUnit | None:
    """Read a price unit; None when it is not a price per energy unit."""
    if not unit or "/" not in unit:
        return None
    money, _, energy = unit.partition("/")
    energy_factor = _ENERGY_FACTORS.get(energy.strip().lower())
    if energy_factor is None:
        return None
    money = money.strip()
    lowered = money.lower()
    if lowered in _SUBUNITS:
        return PriceUnit(_SUBUNITS[lowered], energy_factor / 100)
    # Symbols shared by several currencies ("$", "kr") name none.
    currency = _CURRENCY_SYMBOLS.get(money, money.upper() if money.isalpha() else None)
    if lowered == "kr":
        currency = None
    return PriceUnit(currency, energy_factor)


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def _parse_price(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        price = float(value)
    except ValueError:
        return None
    return price if math.isfinite(price) else None


def build_slots(
    rows: Iterable[PriceRow], *, source: str, factor: float = 1.0
) -> list[PriceSlot]:
    """Validated, sorted, non-overlapping slots from raw rows; bad rows are skipped.

    A row without an end lasts until the next row starts; the last one lasts as long
    as the source's usual slot (the most common spacing of its starts, else an hour).
    """
    parsed: list[tuple[datetime, datetime | None, float]] = []
    skipped: list[str] = []
    for row in rows:
        start = _parse_time(row.start)
        price = _parse_price(row.price)
        end = None if row.end is None else _parse_time(row.end)
        if start is None or price is None or (row.end is not None and end is None):
            skipped.append(repr(row))
            continue
        if end is not None and end <= start:
            skipped.append(repr(row))
            continue
        # Rounding keeps per-MWh to per-kWh exact to the digits sources publish.
        parsed.append((start, end, round(price * factor, 10)))
    parsed.sort(key=lambda item: item[0])
    spacing = _usual_spacing([item[0] for item in parsed])
    slots: list[PriceSlot] = []
    for position, (start, given_end, price) in enumerate(parsed):
        end = given_end
        if end is None:
            following = next(
                (
                    item[0]
                    for item in islice(parsed, position + 1, None)
                    if item[0] > start
                ),
                None,
            )
            end = following if following is not None else start + spacing
            # A gap in the data is not a long slot: cap at the usual spacing.
            end = min(end, start + spacing)
        if slots and start < slots[-1].end:
            skipped.append(f"overlapping slot at {start.isoformat()}")
            continue
        slots.append(PriceSlot(start=start, end=end, price=price))
    if skipped:
        _LOGGER.warning(
            "Skipped %d unusable price rows from %s, e.g. %s",
            len(skipped),
            source,
            skipped[0],
        )
    return slots


def _usual_spacing(starts: Sequence[datetime]) -> timedelta:
    steps = [later - earlier for earlier, later in pairwise(starts)]
    steps = [step for step in steps if step > timedelta(0)]
    if not steps:
        return _DEFAULT_SLOT
    return statistics.mode(steps)


def _rows(value: Any) -> list[Mapping[str, Any]]:
    """The mapping entries of a list attribute; anything else yields nothing."""
    if not isinstance(value, list | tuple):
        return []
    return [row for row in value if isinstance(row, Mapping)]


def _tariff(
    source: str,
    slots: list[PriceSlot],
    *,
    currency: str | None,
    now: datetime,
    current_price: float | None = None,
    entity_id: str | None = None,
) -> Tariff:
    """A tariff of the slots still to come, with the price now."""
    upcoming = [slot for slot in slots if slot.end > now]
    if current_price is None:
        current_price = next(
            (slot.price for slot in upcoming if slot.start <= now), None
        )
    return Tariff(
        source=source,
        currency=currency,
        slots=upcoming,
        current_price=current_price,
        entity_id=entity_id,
    )


# --- Entity attributes -------------------------------------------------------------


def prices_from_hacs_nordpool(attributes: Mapping[str, Any]) -> list[PriceSlot]:
    """The HACS nordpool sensor: ``raw_today`` and, once published, ``raw_tomorrow``.

    Rows are ``{"start", "end", "value"}`` in the sensor's unit (cents when
    ``price_in_cents`` is set), per ``unit`` (kWh, MWh or Wh).
    """
    factor = _ENERGY_FACTORS.get(str(attributes.get("unit", "kWh")).lower(), 1.0)
    if attributes.get("price_in_cents"):
        factor /= 100
    rows = _rows(attributes.get("raw_today"))
    if attributes.get("tomorrow_valid", True):
        rows += _rows(attributes.get("raw_tomorrow"))
    return build_slots(
        (PriceRow(row.get("start"), row.get("end"), row.get("value")) for row in rows),
        source=SOURCE_NORDPOOL_HACS,
        factor=factor,
    )


def prices_from_octopus(*rate_attributes: Mapping[str, Any]) -> list[PriceSlot]:
    """Octopus Energy ``event.*_current_day_rates`` (and ``*_next_day_rates``) ``rates``.

    Rows are ``{"start", "end", "value_inc_vat", ...}`` in GBP per kWh.
    """
    rows = [
        row for attributes in rate_attributes for row in _rows(attributes.get("rates"))
    ]
    return build_slots(
        (
            PriceRow(row.get("start"), row.get("end"), row.get("value_inc_vat"))
            for row in rows
        ),
        source=SOURCE_OCTOPUS,
    )


def prices_from_amber(attributes: Mapping[str, Any]) -> list[PriceSlot]:
    """Amber Electric forecast sensors' ``forecasts``.

    Rows are ``{"start_time", "end_time", "per_kwh", ...}`` in dollars per kWh.
    """
    return build_slots(
        (
            PriceRow(row.get("start_time"), row.get("end_time"), row.get("per_kwh"))
            for row in _rows(attributes.get("forecasts"))
        ),
        source=SOURCE_AMBER,
    )


def _state_price(state: str | None, price_unit: PriceUnit | None) -> float | None:
    price = _parse_price(state)
    if price is None:
        return None
    return price * (price_unit.factor if price_unit else 1.0)


def normalize_prices(
    state_attributes: Mapping[str, Any],
    *,
    state: str | None,
    unit: str | None,
    entity_id: str,
    now: datetime,
) -> Tariff:
    """The tariff of a price entity, recognising its source by its attributes' shape.

    Without a price list the entity's own state is the current price; when that is not
    a number either, the tariff has no price at all (``current_price`` None, no slots).
    """
    price_unit = parse_unit(unit)
    currency = price_unit.currency if price_unit else None
    current = _state_price(state, price_unit)
    if "raw_today" in state_attributes:
        hacs_currency = state_attributes.get("currency")
        if hacs_currency:
            currency = str(hacs_currency)
        slots = prices_from_hacs_nordpool(state_attributes)
        # Prefer the per-kWh slot price over the state, whose unit may be in cents.
        return _tariff(
            SOURCE_NORDPOOL_HACS, slots, currency=currency, now=now, entity_id=entity_id
        )
    if "rates" in state_attributes:
        slots = prices_from_octopus(state_attributes)
        return _tariff(
            SOURCE_OCTOPUS,
            slots,
            currency=currency or "GBP",
            now=now,
            entity_id=entity_id,
        )
    if "forecasts" in state_attributes:
        slots = prices_from_amber(state_attributes)
        return _tariff(
            SOURCE_AMBER,
            slots,
            currency=currency or "AUD",
            now=now,
            current_price=current,
            entity_id=entity_id,
        )
    return _tariff(
        SOURCE_CURRENT_PRICE,
        [],
        currency=currency,
        now=now,
        current_price=current,
        entity_id=entity_id,
    )


# --- Service responses ---------------------------------------------------------------


def prices_from_nordpool_service(
    response: Mapping[str, Any], *, area: str | None = None
) -> list[PriceSlot]:
    """Core ``nordpool.get_prices_for_date``: ``{area: [{start, end, price}]}`` per MWh.

    Without ``area`` the first area of the response is used.
    """
    if area is None:
        area = next(iter(response), None)
    if area is None:
        return []
    return build_slots(
        (
            PriceRow(row.get("start"), row.get("end"), row.get("price"))
            for row in _rows(response.get(area))
        ),
        source=SOURCE_NORDPOOL,
        factor=_ENERGY_FACTORS["mwh"],
    )


def prices_from_tibber_service(
    response: Mapping[str, Any], *, home: str | None = None
) -> list[PriceSlot]:
    """``tibber.get_prices``: ``{"prices": {home: [{start_time, price, level}]}}``.

    Slots (15 minutes or an hour) have no end: each lasts until the next one.
    Without ``home`` the first home of the response is used.
    """
    homes = response.get("prices")
    if not isinstance(homes, Mapping):
        _LOGGER.warning("Tibber prices response has no homes: %r", response)
        return []
    if home is None:
        home = next(iter(homes), None)
    return build_slots(
        (
            PriceRow(row.get("start_time"), None, row.get("price"))
            for row in _rows(homes.get(home))
        ),
        source=SOURCE_TIBBER,
    )


def prices_from_energy_prices_service(
    response: Mapping[str, Any], *, source: str = SOURCE_ENERGYZERO
) -> list[PriceSlot]:
    """EnergyZero ``get_energy_prices`` or easyEnergy ``get_energy_usage_prices``.

    ``{"prices": [{"timestamp": "2023-01-01 23:00:00+00:00", "price": 0.3}]}``: the
    timestamp has a space instead of a ``T`` and slots have no end.
    """
    return build_slots(
        (
            PriceRow(row.get("timestamp"), None, row.get("price"))
            for row in _rows(response.get("prices"))
        ),
        source=source,
    )


def tariff_from_slots(
    source: str,
    slots: list[PriceSlot],
    *,
    currency: str | None,
    now: datetime,
    entity_id: str | None = None,
    current_price: float | None = None,
) -> Tariff:
    """A tariff of the slots still to come.

    The current price is the price of the slot of ``now`` unless given.
    """
    return _tariff(
        source,
        slots,
        currency=currency,
        now=now,
        current_price=current_price,
        entity_id=entity_id,
    )


def is_usable(tariff: Tariff) -> bool:
    """Whether a tariff has any price the planner can use."""
    return bool(tariff.slots) or tariff.current_price is not None


def price_at(tariff: Tariff | None, moment: datetime) -> float | None:
    """The price per kWh at ``moment``: its slot's, else the current price, else None."""
    if tariff is None:
        return None
    for slot in tariff.slots:
        if slot.start <= moment < slot.end:
            return slot.price
    return tariff.current_price
