"""End-to-end test of the dashboard card against a real Home Assistant.

Starts Home Assistant from a fresh copy of the development configuration, completes
onboarding through the HTTP API, sets up the integration through its config flow, adds a
non-admin household member, creates a dashboard holding the card, and tries every
request example of the README in that demo home (``readme_examples.py``). Then it hands
over to ``card.e2e.mjs``, which drives headless Chromium: the member previews and asks
for a plan, the owner sees it waiting, asks for a scheduled, a running and an impossible
plan and reads them at phone width, approves the member's plan, and both watch it
complete.

Run by ``scripts/test-e2e``; prints ``1 passed, 0 failed`` or ``0 passed, 1 failed``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from datetime import UTC, datetime
import json
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp
from readme_examples import check_readme_examples

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = "orchestration-e2e"
OWNER = {"name": "Olivia Owner", "username": "owner", "password": "owner-pass-1234"}
MEMBER = {"name": "Max Member", "username": "member", "password": "member-pass-1234"}
# The demo home's garage door: a member on the basic tier needs approval to open it.
GARAGE = "cover.garage_door"
BOOT_TIMEOUT_S = 180
BROWSER_TIMEOUT_S = 240


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def midday_time_zone(now: datetime) -> str:
    """A fixed-offset zone in which ``now`` is between 13:00 and 14:00.

    The README's examples are bound to the clock ("before 7am": a two-hour run cannot
    finish once it is past five), so the demo home runs at midday, whatever hour CI starts.
    """
    offset = (13 - now.astimezone(UTC).hour + 12) % 24 - 12
    # The Etc zones count the other way round: Etc/GMT-13 is thirteen hours ahead of UTC.
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def develop_command(config: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """``scripts/develop`` with a fresh demo home in ``config``, served on ``port``."""
    environment = {
        **os.environ,
        "DEMO_TIME_ZONE": midday_time_zone(datetime.now(UTC)),
        "DEVELOP_CONFIG": str(config),
        "DEVELOP_HOST": "127.0.0.1",
        "DEVELOP_PORT": str(port),
    }
    # Onboarding is part of what this test checks: scripts/develop must not do it.
    environment.pop("DEVELOP_USER", None)
    environment.pop("DEVELOP_PASSWORD", None)
    return [str(ROOT / "scripts" / "develop")], environment


class HomeAssistantClient:
    """Talks to the running Home Assistant over HTTP and the websocket API."""

    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        """Keep the session and the base URL."""
        self.session = session
        self.base = base
        self.client_id = f"{base}/"

    async def wait_until_up(self, process: asyncio.subprocess.Process) -> None:
        """Wait for the HTTP server; fail early when Home Assistant exits."""
        deadline = time.monotonic() + BOOT_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"Home Assistant exited with {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError):
                async with self.session.get(f"{self.base}/api/onboarding") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(1)
        raise TimeoutError("Home Assistant did not start in time")

    async def wait_until_running(self, token: str) -> None:
        """Wait until Home Assistant has set everything up.

        Assist decides what is exposed as it first meets each entity; an entity set
        up after it last looked is looked at from a worker thread, which Home
        Assistant refuses (an unknown_error for that sentence).
        """
        deadline = time.monotonic() + BOOT_TIMEOUT_S
        while time.monotonic() < deadline:
            if (await self.rest(token, "GET", "/api/config"))["state"] == "RUNNING":
                return
            await asyncio.sleep(1)
        raise TimeoutError("Home Assistant did not finish starting in time")

    async def token(self, code: str) -> dict[str, Any]:
        """Exchange an authorization code for tokens."""
        async with self.session.post(
            f"{self.base}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self.client_id,
            },
        ) as response:
            response.raise_for_status()
            tokens: dict[str, Any] = await response.json()
        return tokens

    async def onboard(self) -> dict[str, Any]:
        """Create the owner and finish the steps not done yet; return owner tokens."""
        async with self.session.get(f"{self.base}/api/onboarding") as response:
            response.raise_for_status()
            done = {step["step"] for step in await response.json() if step["done"]}
        async with self.session.post(
            f"{self.base}/api/onboarding/users",
            json={**OWNER, "client_id": self.client_id, "language": "en"},
        ) as response:
            response.raise_for_status()
            code = (await response.json())["auth_code"]
        tokens = await self.token(code)
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        for step, body in (
            ("core_config", {}),
            ("analytics", {}),
            (
                "integration",
                {"client_id": self.client_id, "redirect_uri": self.client_id},
            ),
        ):
            if step in done:
                continue
            async with self.session.post(
                f"{self.base}/api/onboarding/{step}", json=body, headers=headers
            ) as response:
                response.raise_for_status()
        return tokens

    async def login(self, username: str, password: str) -> dict[str, Any]:
        """Log a user in through the login flow, as the frontend does."""
        async with self.session.post(
            f"{self.base}/auth/login_flow",
            json={
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.client_id,
            },
        ) as response:
            response.raise_for_status()
            flow_id = (await response.json())["flow_id"]
        async with self.session.post(
            f"{self.base}/auth/login_flow/{flow_id}",
            json={
                "client_id": self.client_id,
                "username": username,
                "password": password,
            },
        ) as response:
            response.raise_for_status()
            result = await response.json()
        return await self.token(result["result"])

    async def rest(self, token: str, method: str, path: str, body: Any = None) -> Any:
        """Call the REST API and return its JSON answer."""
        async with self.session.request(
            method,
            f"{self.base}{path}",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        ) as response:
            text = await response.text()
            if response.status >= 400:
                raise RuntimeError(f"{method} {path}: {response.status} {text}")
            return json.loads(text) if text else None


class Websocket:
    """A minimal websocket API client: one command, one answer."""

    def __init__(self, connection: aiohttp.ClientWebSocketResponse) -> None:
        """Wrap an authenticated connection."""
        self.connection = connection
        self.next_id = 0

    @classmethod
    async def connect(
        cls, session: aiohttp.ClientSession, base: str, token: str
    ) -> Websocket:
        """Open and authenticate a connection."""
        connection = await session.ws_connect(
            f"{base.replace('http', 'ws')}/api/websocket"
        )
        assert (await connection.receive_json())["type"] == "auth_required"
        await connection.send_json({"type": "auth", "access_token": token})
        answer = await connection.receive_json()
        if answer["type"] != "auth_ok":
            raise RuntimeError(f"websocket auth failed: {answer}")
        return cls(connection)

    async def call(self, message: dict[str, Any]) -> Any:
        """Send one command and return its result; raise on an error."""
        self.next_id += 1
        await self.connection.send_json({**message, "id": self.next_id})
        while True:
            answer = await self.connection.receive_json()
            if answer.get("id") == self.next_id and answer["type"] == "result":
                break
        if not answer["success"]:
            raise RuntimeError(f"{message['type']}: {answer['error']}")
        return answer["result"]


async def flow_step(
    ha: HomeAssistantClient, token: str, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Post one step of a config or options flow."""
    step: dict[str, Any] = await ha.rest(token, "POST", path, body)
    return step


async def orchestration_entry_id(ha: HomeAssistantClient, token: str) -> str:
    """The integration's config entry: the demo home's, else one made by the flow."""
    entries = await ha.rest(
        token, "GET", "/api/config/config_entries/entry?domain=orchestration"
    )
    if entries:
        return str(entries[0]["entry_id"])
    path = "/api/config/config_entries/flow"
    step = await flow_step(ha, token, path, {"handler": "orchestration"})
    step = await flow_step(ha, token, f"{path}/{step['flow_id']}", {})
    if step["type"] != "create_entry":
        raise RuntimeError(f"config flow did not create the entry: {step}")
    return str(step["result"]["entry_id"])


async def trust_member_as_guest(
    ha: HomeAssistantClient, token: str, entry_id: str
) -> None:
    """Put the member on the ``basic`` tier with the options flow, as an owner would."""
    path = "/api/config/config_entries/options/flow"
    menu = await flow_step(ha, token, path, {"handler": entry_id})
    form = await flow_step(
        ha, token, f"{path}/{menu['flow_id']}", {"next_step_id": "trust"}
    )
    fields = [field["name"] for field in form["data_schema"]]
    if MEMBER["name"] not in fields:
        raise RuntimeError(f"the member is not in the trust form: {fields}")
    done = await flow_step(
        ha, token, f"{path}/{form['flow_id']}", {MEMBER["name"]: "basic"}
    )
    if done["type"] != "create_entry":
        raise RuntimeError(f"options flow did not finish: {done}")


async def wait_for_entry(ha: HomeAssistantClient, token: str, entry_id: str) -> None:
    """Wait until the entry is loaded again after its options changed."""
    deadline = time.monotonic() + BOOT_TIMEOUT_S
    while time.monotonic() < deadline:
        entries = await ha.rest(
            token, "GET", "/api/config/config_entries/entry?domain=orchestration"
        )
        if any(e["entry_id"] == entry_id and e["state"] == "loaded" for e in entries):
            return
        await asyncio.sleep(0.5)
    raise TimeoutError("the Orchestration entry did not load")


async def add_member(ws: Websocket) -> None:
    """Add a household member who is not an administrator."""
    user = await ws.call(
        {
            "type": "config/auth/create",
            "name": MEMBER["name"],
            "group_ids": ["system-users"],
        }
    )
    await ws.call(
        {
            "type": "config/auth_provider/homeassistant/create",
            "user_id": user["user"]["id"],
            "username": MEMBER["username"],
            "password": MEMBER["password"],
        }
    )


async def add_dashboard(ws: Websocket) -> None:
    """Create a dashboard whose only card is the plan card."""
    await ws.call(
        {
            "type": "lovelace/dashboards/create",
            "url_path": DASHBOARD,
            "title": "Orchestration",
            "icon": "mdi:robot",
            "show_in_sidebar": True,
            "require_admin": False,
        }
    )
    await ws.call(
        {
            "type": "lovelace/config/save",
            "url_path": DASHBOARD,
            "config": {
                "title": "Orchestration",
                "views": [
                    {
                        "title": "Plans",
                        "path": "plans",
                        "type": "panel",
                        "cards": [
                            {"type": "custom:orchestration-plan-card", "title": "Plans"}
                        ],
                    }
                ],
            },
        }
    )


async def check_examples(ws: Websocket) -> None:
    """Every README example works in the demo home; raise naming those that do not."""
    outcomes = await check_readme_examples(ws)
    failed = [f"{o.sentence!r}: {o.problem}" for o in outcomes if o.problem]
    if failed:
        raise RuntimeError(
            "README examples fail in the demo home:\n" + "\n".join(failed)
        )
    print(f"e2e: all {len(outcomes)} README examples work in the demo home")


def browser_tokens(tokens: dict[str, Any], ha: HomeAssistantClient) -> dict[str, Any]:
    """The ``hassTokens`` the frontend keeps in localStorage."""
    return {
        "hassUrl": ha.base,
        "clientId": ha.client_id,
        "access_token": tokens["access_token"],
        "refresh_token": tokens["refresh_token"],
        "token_type": "Bearer",
        "expires_in": tokens["expires_in"],
        "expires": int(time.time() * 1000) + int(tokens["expires_in"]) * 1000,
    }


async def run(artifacts: Path, keep: bool) -> None:
    """Run the whole scenario; raise on any failure."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="orchestration-e2e-"))
    command, environment = develop_command(workdir / "config", port)
    log = (artifacts / "e2e-home-assistant.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        *command,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        async with aiohttp.ClientSession() as session:
            ha = HomeAssistantClient(session, base)
            await ha.wait_until_up(process)
            owner = await ha.onboard()
            token = owner["access_token"]
            entry_id = await orchestration_entry_id(ha, token)
            ws = await Websocket.connect(session, base, token)
            await add_member(ws)
            await add_dashboard(ws)
            await ha.wait_until_running(token)
            await check_examples(ws)
            await ws.connection.close()
            await trust_member_as_guest(ha, token, entry_id)
            await wait_for_entry(ha, token, entry_id)
            member = await ha.login(MEMBER["username"], MEMBER["password"])
            scenario = {
                "base": base,
                "dashboard": f"/{DASHBOARD}/plans",
                "owner": browser_tokens(owner, ha),
                "member": browser_tokens(member, ha),
                "artifacts": str(artifacts),
            }
            browser = await asyncio.create_subprocess_exec(
                "node",
                str(ROOT / "tests" / "e2e" / "card.e2e.mjs"),
                json.dumps(scenario),
                cwd=ROOT / "frontend",
            )
            try:
                code = await asyncio.wait_for(browser.wait(), BROWSER_TIMEOUT_S)
            except TimeoutError:
                browser.kill()
                await browser.wait()
                raise
            if code != 0:
                raise RuntimeError(f"browser scenario failed with exit code {code}")
            state = await ha.rest(token, "GET", f"/api/states/{GARAGE}")
            if state["state"] != "open":
                raise RuntimeError(f"{GARAGE} is {state['state']}, not open")
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 60)
            except TimeoutError:
                os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
        log.close()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    """Run the scenario and print the closing line a CI runner reads."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--artifacts", type=Path, default=ROOT / "artifacts")
    parser.add_argument("--keep", action="store_true", help="keep the configuration")
    args = parser.parse_args()
    args.artifacts.mkdir(parents=True, exist_ok=True)
    try:
        asyncio.run(run(args.artifacts.resolve(), args.keep))
    except Exception as err:  # noqa: BLE001 - any failure is the test failing
        print(f"e2e: FAILED: {err!r}", file=sys.stderr)
        print("e2e: 0 passed, 1 failed")
        return 1
    print("e2e: 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
