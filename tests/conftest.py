"""Shared fixtures.

``custom_components`` is imported first so that Home Assistant's loader finds this
repository's package, not the empty one that ships with the test plugin.
"""

from __future__ import annotations

from collections.abc import Generator

import custom_components  # noqa: F401
import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    enable_custom_integrations: None,
) -> Generator[None]:
    """Let every test load custom integrations."""
    yield
