"""Request text is data: Home Assistant's script engine delivers it byte for byte.

Every string with ``{{``, ``{%`` or ``{#`` in a script's action data is a template to
Home Assistant. The plan's script is run here by Home Assistant's own ``Script``
(as the executor does), the message recorded by a mocked notify service and compared
with what was said: nothing evaluated, nothing lost, nothing added.
"""

from __future__ import annotations

import logging

from homeassistant.core import Context, HomeAssistant, ServiceCall
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.script import Script, async_validate_actions_config
from hypothesis import HealthCheck, example, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from custom_components.orchestration.core.handover import step_actions
from custom_components.orchestration.core.literal import (
    is_template,
    literal,
    literal_data,
)
from custom_components.orchestration.core.models import ExecutionStep, StepKind

# Template syntax, quotes, escapes, newlines, non-ASCII: what could break a literal.
_PIECES = st.sampled_from(
    [
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "{% raw %}",
        "{% endraw %}",
        "{%- endraw -%}",
        "'",
        '"',
        "\\",
        "\\x41",
        "\\n",
        "\n",
        "\r\n",
        "\t",
        " ",
        "6*7",
        "states('sensor.alarm_pin')",
        "range(3)",
        "ü",
        "€",
        "🔒",
        "\u200b",
        "[0, 1, 2]",
        "1.50",
        "None",
        "True",
        "x",
    ]
)
TEXTS = st.lists(_PIECES, min_size=1, max_size=12).map("".join)


async def _deliver(hass: HomeAssistant, data: dict[str, object]) -> list[ServiceCall]:
    """Run a notify step with ``data`` as the handover and the executor run it."""
    calls = async_mock_service(hass, "notify", "record")
    step = ExecutionStep(
        step_id="s1", kind=StepKind.NOTIFY, action="notify.record", data=data
    )
    sequence = await async_validate_actions_config(
        hass, cv.SCRIPT_SCHEMA(step_actions(step))
    )
    script = Script(hass, sequence, "literal test", "orchestration")
    await script.async_run(context=Context())
    await hass.async_block_till_done()
    return calls


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("{{ 6*7 }}", "42"),
        ("pin={{ states('sensor.alarm_pin') }}", "pin=4711"),
        ("{% for i in range(3) %}x{{ i }}{% endfor %}", "x0x1x2"),
        (
            "{% for a in range(2000) %}{% for b in range(2000) %}{% endfor %}"
            "{% endfor %}done",
            "done",
        ),
        ("hello {# a comment #}", "hello"),
        ("{% raw %}{{ 6*7 }}{% endraw %}{{ 6*7 }}", "{{ 6*7 }}42"),
    ],
    ids=["expression", "state", "loop", "nested-loop", "comment", "raw"],
)
async def test_templates_in_a_message_arrive_as_said(
    hass: HomeAssistant, text: str, rendered: str
) -> None:
    """Expressions, state reads, loops, comments and raw blocks are not run."""
    hass.states.async_set("sensor.alarm_pin", "4711")
    calls = await _deliver(hass, {"message": text, "title": text})
    assert calls[0].data == {"message": text, "title": text}
    assert rendered not in (calls[0].data["message"], calls[0].data["title"])


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=TEXTS)
@example(text="}}{{")
@example(text="{{'")
async def test_any_text_arrives_byte_for_byte(hass: HomeAssistant, text: str) -> None:
    """Whatever it holds, a message arrives exactly as said.

    Home Assistant strips surrounding whitespace from a rendered template; the
    intake never leaves any, so it is not part of what is said here either.
    """
    said = text.strip()
    if not said:
        return
    calls = await _deliver(hass, {"message": said})
    assert calls[0].data["message"] == said


def test_plain_text_stays_as_it_is() -> None:
    """Text that is no template is passed on unchanged (Home Assistant does too)."""
    assert literal("turn off the lights {at 7}") == "turn off the lights {at 7}"
    assert not is_template("50% off, #1 {x}")
    assert literal_data({"message": "hi", "n": 3, "items": ["{{ x }}"]}) == {
        "message": "hi",
        "n": 3,
        "items": ["{{ '\\x7b\\x7b x \\x7d\\x7d' }}"],
    }


def test_the_literal_carries_no_delimiter_of_its_own() -> None:
    """Inside ``{{ '…' }}`` there is no quote, brace, percent, hash or newline."""
    inner = literal("{% endraw %}'\n}}{#")[4:-4]
    assert not set("'\"{}%#\n\r\\") & set(inner.replace("\\x", "").replace("\\u", ""))


async def test_nothing_is_logged_as_a_template_error(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A message that is a broken template is no error: it is text."""
    caplog.set_level(logging.WARNING)
    calls = await _deliver(hass, {"message": "{{ 6*"})
    assert calls[0].data["message"] == "{{ 6*"
    assert "TemplateError" not in caplog.text
