"""The engine's refusals: ServiceValidationError with this integration's translation key."""

from __future__ import annotations

from homeassistant.exceptions import ServiceValidationError

from ..const import DOMAIN


def refusal(key: str, **placeholders: str) -> ServiceValidationError:
    """The error that refuses a request, its text in ``translations/*.json``."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )
