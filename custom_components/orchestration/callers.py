"""Who calls: a Home Assistant user id, described once for the policy's trust tiers.

Every entry point (services, websocket, Assist, LLM tools, notification answers) and
every check at a plan's start asks here, so a caller has the same tier everywhere: no
user is an automation (``basic``), an id Home Assistant does not know or a
deactivated user is ``untrusted``, a read-only user is at most ``basic``.
"""

from __future__ import annotations

from collections.abc import Mapping

from homeassistant.auth.const import GROUP_ID_READ_ONLY
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant

from .core.models import TrustTier
from .core.policy import Caller, trust_tier_for


def caller_of(user: User | None, user_id: str | None) -> Caller:
    """Describe the caller with ``user_id``; ``user`` is Home Assistant's user of it."""
    if user_id is None:
        return Caller(None)
    if user is None:
        return Caller(user_id, known_user=False)
    return Caller(
        user_id,
        is_owner=user.is_owner,
        is_admin=user.is_admin,
        active=user.is_active,
        read_only=any(group.id == GROUP_ID_READ_ONLY for group in user.groups),
    )


async def async_get_caller(hass: HomeAssistant, user_id: str | None) -> Caller:
    """Describe the Home Assistant user with ``user_id`` (None: no user)."""
    user = None if user_id is None else await hass.auth.async_get_user(user_id)
    return caller_of(user, user_id)


async def async_tier_of(
    hass: HomeAssistant, user_id: str | None, overrides: Mapping[str, str]
) -> TrustTier:
    """The trust tier of the user with ``user_id`` now, with the configured overrides."""
    return trust_tier_for(await async_get_caller(hass, user_id), overrides)
