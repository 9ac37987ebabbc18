"""What the recommender remembers between passes and restarts.

* Offered suggestions, until a person answers or their situation ends.
* Dismissals and snoozes, per rule and target (the suggestion's key), until they
  lapse: a muted key is not offered again.
* A log of offers, for rate limits: per rule and in all within a period, and a
  least time between two offers of one key.
* Deliveries: an offer made during quiet hours is delivered when they end (unless
  its situation ended first); nothing is dropped for quiet hours.
* Counts for metrics: made, accepted, dismissed, snoozed, expired, withdrawn, and
  the estimated saving of accepted suggestions per currency.

Whatever depends on time takes it as an argument; nothing reads a clock. ``as_dict`` / ``from_dict``
round-trip through JSON for storage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final, Self

from ..energy.quiet_hours import in_force, quiet_until
from ..models import QuietHours
from ..serialisation import JsonModel
from .conditions import ended_by
from .observation import Observation
from .options import DeliveryOptions
from .suggestion import EndCondition, Suggestion

STORAGE_VERSION: Final = 1


class Outcome(StrEnum):
    """How an offered suggestion left the stage."""

    ACCEPTED = "accepted"
    DISMISSED = "dismissed"
    SNOOZED = "snoozed"
    EXPIRED = "expired"
    # The glue could not make a plan of it.
    WITHDRAWN = "withdrawn"


@dataclass(slots=True)
class Offered(JsonModel):
    """A suggestion on offer: its plan once made, and whether it was delivered."""

    suggestion: Suggestion
    offered_at: datetime
    plan_id: str | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Closed:
    """An offer that ended, how, and (when its situation ended) which condition."""

    offered: Offered
    outcome: Outcome
    condition: EndCondition | None = None


@dataclass(frozen=True, slots=True)
class Mute(JsonModel):
    """A key that is not offered until ``until``: dismissed or snoozed."""

    until: datetime
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class LoggedOffer(JsonModel):
    """One offer, for rate limits."""

    rule: str
    key: str
    at: datetime


@dataclass(slots=True)
class InsightStats(JsonModel):
    """Counts for metrics; the saving of accepted suggestions by currency code."""

    made: int = 0
    accepted: int = 0
    dismissed: int = 0
    snoozed: int = 0
    expired: int = 0
    withdrawn: int = 0
    saving_accepted: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class InsightMemory:
    """Offers, answers and limits of the recommender (see the module docstring)."""

    active: dict[str, Offered] = field(default_factory=dict)
    mutes: dict[str, Mute] = field(default_factory=dict)
    log: list[LoggedOffer] = field(default_factory=list)
    stats: InsightStats = field(default_factory=InsightStats)

    # --- Offering ------------------------------------------------------------

    def muted(self, key: str, now: datetime) -> bool:
        """Whether ``key`` is dismissed or snoozed at ``now``."""
        mute = self.mutes.get(key)
        return mute is not None and now < mute.until

    def _last_offer(self, key: str) -> datetime | None:
        return max((item.at for item in self.log if item.key == key), default=None)

    def _prune(self, now: datetime, delivery: DeliveryOptions) -> None:
        keep_from = now - max(delivery.period, delivery.repeat_after)
        self.log = [item for item in self.log if item.at > keep_from]
        # A lapsed snooze is kept while it still lifts the repeat wait.
        self.mutes = {
            key: mute
            for key, mute in self.mutes.items()
            if now < mute.until
            or (
                mute.outcome is Outcome.SNOOZED
                and now < mute.until + delivery.repeat_after
            )
        }

    def admit(
        self,
        candidates: Iterable[Suggestion],
        now: datetime,
        delivery: DeliveryOptions,
    ) -> list[Suggestion]:
        """Offer what may be offered now, in the order given; return those offered.

        A candidate is passed over while its key is on offer or muted, within
        ``repeat_after`` of its last offer (unless a snooze of it just ran out: the
        person asked to be reminded), or when its rule's or the overall budget for
        the period is spent. Passed-over candidates are not kept: the rules find
        them again on a later pass if the situation lasts.
        """
        self._prune(now, delivery)
        period_start = now - delivery.period
        offered = []
        for suggestion in candidates:
            key = suggestion.key
            if key in self.active or self.muted(key, now):
                continue
            mute = self.mutes.get(key)
            reminder = mute is not None and mute.outcome is Outcome.SNOOZED
            last = self._last_offer(key)
            if not reminder and last is not None and now - last < delivery.repeat_after:
                continue
            recent = [item for item in self.log if item.at > period_start]
            if len(recent) >= delivery.total:
                continue
            if (
                sum(item.rule == suggestion.rule for item in recent)
                >= delivery.per_rule
            ):
                continue
            self.mutes.pop(key, None)
            self.active[key] = Offered(suggestion, now)
            self.log.append(LoggedOffer(suggestion.rule, key, now))
            self.stats.made += 1
            offered.append(suggestion)
        return offered

    def attach_plan(self, key: str, plan_id: str) -> None:
        """Record the plan made of an offered suggestion."""
        if key in self.active:
            self.active[key].plan_id = plan_id

    def key_of_plan(self, plan_id: str) -> str | None:
        """The key of the offered suggestion a plan was made of."""
        return next(
            (key for key, item in self.active.items() if item.plan_id == plan_id),
            None,
        )

    # --- Endings -------------------------------------------------------------

    def expire(self, observation: Observation) -> list[Closed]:
        """End every offer whose situation has ended; return them with the reason."""
        closed = []
        for key, offered in list(self.active.items()):
            condition = ended_by(offered.suggestion, observation)
            if condition is None:
                continue
            del self.active[key]
            self.stats.expired += 1
            closed.append(Closed(offered, Outcome.EXPIRED, condition))
        return closed

    def accept(self, key: str) -> Closed | None:
        """A person accepted the offer (its plan goes ahead); None if not on offer."""
        offered = self.active.pop(key, None)
        if offered is None:
            return None
        self.stats.accepted += 1
        suggestion = offered.suggestion
        if suggestion.saving is not None and suggestion.saving > 0:
            currency = suggestion.currency or ""
            total = self.stats.saving_accepted.get(currency, 0.0)
            self.stats.saving_accepted[currency] = total + suggestion.saving
        return Closed(offered, Outcome.ACCEPTED)

    def dismiss(self, key: str, now: datetime, duration: timedelta) -> Closed | None:
        """Silence this rule for this target for ``duration``; end its offer if any."""
        return self._mute(key, now, duration, Outcome.DISMISSED)

    def snooze(self, key: str, now: datetime, duration: timedelta) -> Closed | None:
        """Withdraw the offer and offer it again after ``duration`` if still relevant."""
        return self._mute(key, now, duration, Outcome.SNOOZED)

    def _mute(
        self, key: str, now: datetime, duration: timedelta, outcome: Outcome
    ) -> Closed | None:
        self.mutes[key] = Mute(now + duration, outcome)
        offered = self.active.pop(key, None)
        if offered is None:
            return None
        if outcome is Outcome.DISMISSED:
            self.stats.dismissed += 1
        else:
            self.stats.snoozed += 1
        return Closed(offered, outcome)

    def withdraw(self, key: str) -> Closed | None:
        """End an offer no plan could be made of (it still counts for rate limits)."""
        offered = self.active.pop(key, None)
        if offered is None:
            return None
        self.stats.withdrawn += 1
        return Closed(offered, Outcome.WITHDRAWN)

    # --- Delivery ------------------------------------------------------------

    def due(self, now: datetime, quiet: QuietHours) -> list[Offered]:
        """Offers not yet delivered, oldest first; none while quiet hours hold."""
        if in_force(quiet, now):
            return []
        waiting = [item for item in self.active.values() if item.delivered_at is None]
        return sorted(waiting, key=lambda item: item.offered_at)

    def next_delivery(self, now: datetime, quiet: QuietHours) -> datetime | None:
        """When deferred deliveries fall due: now, when quiet hours end, or unknown.

        None when nothing waits, or quiet is held by an override with no known end.
        """
        if not any(item.delivered_at is None for item in self.active.values()):
            return None
        if not in_force(quiet, now):
            return now
        return quiet_until(quiet, now)

    def delivered(self, key: str, now: datetime) -> None:
        """Record that the offer was delivered (notified)."""
        if key in self.active:
            self.active[key].delivered_at = now

    # --- Storage -------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "version": STORAGE_VERSION,
            "active": [item.as_dict() for item in self.active.values()],
            "mutes": {key: mute.as_dict() for key, mute in self.mutes.items()},
            "log": [item.as_dict() for item in self.log],
            "stats": self.stats.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from the stored form."""
        active = [Offered.from_dict(item) for item in data.get("active") or []]
        return cls(
            active={item.suggestion.key: item for item in active},
            mutes={
                str(key): Mute.from_dict(value)
                for key, value in (data.get("mutes") or {}).items()
            },
            log=[LoggedOffer.from_dict(item) for item in data.get("log") or []],
            stats=InsightStats.from_dict(data.get("stats") or {}),
        )
