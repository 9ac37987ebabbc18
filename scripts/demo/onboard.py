"""Finish Home Assistant's onboarding over its HTTP API: create the owner user.

Used by scripts/develop when DEVELOP_USER and DEVELOP_PASSWORD are set, so the demo
home can be used without a browser (end-to-end tests). Waits for Home Assistant to
answer, then does the steps that are not done yet. The core configuration step is
already done in the demo home (its location and units are in configuration.yaml).

    python scripts/demo/onboard.py URL USERNAME PASSWORD
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

WAIT_S = 600


def _call(
    url: str, data: dict[str, Any] | None = None, token: str | None = None
) -> Any:
    """GET (or POST JSON) and return the decoded JSON answer."""
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = None if data is None else json.dumps(data).encode()
    with urlopen(Request(url, body, headers), timeout=30) as response:
        return json.loads(response.read() or b"null")


def _wait_for_steps(base: str) -> list[dict[str, Any]]:
    """Onboarding steps, once Home Assistant answers."""
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            steps: list[dict[str, Any]] = _call(f"{base}/api/onboarding")
        except (URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(2)
        else:
            return steps


def onboard(base: str, username: str, password: str) -> None:
    """Create the owner and finish the remaining steps."""
    done = {step["step"] for step in _wait_for_steps(base) if step["done"]}
    if "user" in done:
        print(f"onboard: already onboarded; log in as the owner at {base}")
        return
    client_id = f"{base}/"
    created = _call(
        f"{base}/api/onboarding/users",
        {
            "client_id": client_id,
            "name": username,
            "username": username,
            "password": password,
            "language": "en",
        },
    )
    form = urlencode(
        {
            "grant_type": "authorization_code",
            "code": created["auth_code"],
            "client_id": client_id,
        }
    ).encode()
    with urlopen(Request(f"{base}/auth/token", form), timeout=30) as response:
        token = json.loads(response.read())["access_token"]
    if "analytics" not in done:
        _call(f"{base}/api/onboarding/analytics", {}, token)
    if "integration" not in done:
        _call(
            f"{base}/api/onboarding/integration",
            {"client_id": client_id, "redirect_uri": f"{base}/?auth_callback=1"},
            token,
        )
    print(f"onboard: owner {username!r} created; log in at {base}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    onboard(sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3])
