"""Intent translation: what a user says becomes a TaskSpec (DESIGN §4, §5).

Pure: nothing here imports Home Assistant. Device commands are recognised with hassil and
Home Assistant's own sentence data (``home_assistant_intents``), like Assist's default
agent; goal-level intents, constraints and compound requests come on top of that.
"""

from __future__ import annotations

from .translator import IntentTranslator

__all__ = ["IntentTranslator"]
