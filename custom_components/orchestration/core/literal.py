"""User text as data: strings Home Assistant's script engine delivers as they are.

Home Assistant treats every string in a script's action ``data`` that contains
``{{``, ``{%`` or ``{#`` as a Jinja template and renders it when the action runs:
``announce {{ 6*7 }}`` would say 42, ``{{ states('sensor.alarm_pin') }}`` would read
a restricted sensor, a ``{% for %}`` loop would run on the event loop. Text the
planner took from a request (a message, a title) must arrive exactly as it was said,
so ``literal`` turns such text into one Jinja string literal that renders to it:
nothing of the text is ever evaluated, and the script config stays runnable as-is.

Pure Python: nothing here imports Home Assistant.
"""

from __future__ import annotations

from typing import Any

# Jinja's delimiters: a string with any of them is a template to Home Assistant.
_TEMPLATE_MARKERS = ("{{", "{%", "{#")
# Characters written as themselves inside the literal: none of them can end it,
# start or end a Jinja block, or be changed by Jinja's newline normalisation.
_PLAIN = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?-_()=+*/@&"
)


def is_template(text: str) -> bool:
    """Whether Home Assistant would render ``text`` as a template."""
    return "{" in text and any(marker in text for marker in _TEMPLATE_MARKERS)


def _escape(char: str) -> str:
    if char in _PLAIN:
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def literal(text: str) -> str:
    r"""``text`` in the form Home Assistant's script engine delivers unchanged.

    Text without template syntax stays as it is (Home Assistant passes it on
    untouched). Text with it becomes ``{{ '…' }}``: a Jinja string literal whose
    every character but letters, digits, spaces and plain punctuation is a
    ``\xNN``/``\uNNNN``/``\UNNNNNNNN`` escape, which Jinja decodes back to the
    character. Rendering it evaluates nothing and yields the text; Home Assistant
    then strips surrounding whitespace from every rendered template, so text meant to
    arrive byte for byte carries none (the intake never leaves any).
    """
    if not is_template(text):
        return text
    return "{{ " + string_literal(text) + " }}"


def string_literal(text: str) -> str:
    """``text`` as a Jinja string literal (``'…'``, escaped) that evaluates nothing."""
    return "'" + "".join(_escape(char) for char in text) + "'"


def literal_data(value: Any) -> Any:
    """``value`` (action data: dicts, lists, strings, numbers) with literal strings."""
    if isinstance(value, str):
        return literal(value)
    if isinstance(value, dict):
        return {key: literal_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [literal_data(item) for item in value]
    return value
