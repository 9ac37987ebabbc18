"""The consent registry: who granted which scope to whom, until when.

Consents are kept in the plan store's file. Only trusted or privileged users may grant
or revoke one; the engine replans the plans a revoked consent leaves without cover.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.util import dt as dt_util, ulid as ulid_util

from ..core.models import ConsentReference, TrustTier
from .errors import refusal


def _check_may_manage(tier: TrustTier) -> None:
    if tier.rank < TrustTier.TRUSTED.rank:
        raise refusal("consent_not_allowed", tier=tier)


class ConsentRegistry:
    """Every consent record, active or not."""

    def __init__(self) -> None:
        """Start empty; the store loads the saved consents."""
        self._consents: dict[str, ConsentReference] = {}

    def load(self, data: Any) -> None:
        """Take the stored consents (none stored: none)."""
        for item in data or []:
            consent = ConsentReference.from_dict(item)
            self._consents[consent.consent_id] = consent

    def dump(self) -> list[dict[str, Any]]:
        """Return the stored consents."""
        return [consent.as_dict() for consent in self._consents.values()]

    def all(self) -> list[ConsentReference]:
        """Every consent record, the earliest granted first."""
        return sorted(self._consents.values(), key=lambda item: item.granted_at)

    def grant(
        self,
        scope: str,
        *,
        user_id: str | None,
        expires: datetime | None,
        granted_by: str | None,
        granter_tier: TrustTier,
        now: datetime,
    ) -> ConsentReference:
        """Record a consent to ``scope`` for ``user_id`` (None: everyone).

        An ``expires`` without a time zone is the home's local time.
        """
        _check_may_manage(granter_tier)
        if expires is not None:
            expires = dt_util.as_utc(expires)
        if expires is not None and expires <= now:
            raise refusal("consent_expiry_past")
        consent = ConsentReference(
            consent_id=ulid_util.ulid_now(),
            scope=scope,
            user_id=user_id,
            granted_by=granted_by,
            granted_at=now,
            expires=expires,
        )
        self._consents[consent.consent_id] = consent
        return consent

    def revoke(
        self,
        scope: str,
        *,
        user_id: str | None,
        revoker_tier: TrustTier,
        now: datetime,
    ) -> list[ConsentReference]:
        """Revoke the active consents to ``scope`` for ``user_id``; return them."""
        _check_may_manage(revoker_tier)
        revoked = [
            consent
            for consent in self._consents.values()
            if consent.scope == scope
            and consent.user_id == user_id
            and consent.is_active(now)
        ]
        if not revoked:
            raise refusal("consent_not_found", scope=scope)
        for consent in revoked:
            consent.revoked_at = now
        return revoked
