"""Free text that ends up in a message: plain words, never something to render.

A notification's message and title go into a Home Assistant script's action data,
which Home Assistant renders as a template. Whatever a person said ("notify me that
…", "broadcast …") or a language model proposed is therefore kept free of template and
markup syntax: said text loses it, a proposal that carries it is refused.
"""

from __future__ import annotations

import re
from typing import Any, Final

# Template (``{{ }}``, ``{% %}``) and markup characters.
MARKUP: Final = re.compile(r"[{}<>\[\]|\\`$]+|%(?=\})|(?<=\{)%")


def plain_text(value: Any) -> str | None:
    """``value`` as text without markup characters; None when nothing is left."""
    if value is None:
        return None
    text = " ".join(MARKUP.sub(" ", str(value)).split())
    return text or None


def has_markup(text: str) -> bool:
    """Whether ``text`` holds template or markup syntax."""
    return MARKUP.search(text) is not None
