"""Every request example of the README works in the demo home (end-to-end half).

``tests/intake/test_readme_examples.py`` finds the examples in README.md and
services.yaml and says what each must do, in a home made to fit them. Here the same
examples go to the real demo home of ``scripts/develop``: a request is previewed over
the websocket API (unwrapped first, as Assist does with "make a plan to …"), and must
plan in full, with no open point, and contain the service calls the example is about;
a decision ("approve the plan") is said to Assist, which must answer it with one of
Orchestration's own sentences. Previews run nothing, so the home stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import sys
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The one table of examples and what they do; the e2e reads it, it does not keep a copy.
from custom_components.orchestration.assist_sentences import (  # noqa: E402
    CommandKind,
    SentenceMatcher,
    load_sentences,
)
from tests.intake.test_readme_examples import (  # noqa: E402
    CONTEXT_AREA,
    EXPECTED,
    readme_sentences,
    services_sentences,
)


class Caller(Protocol):
    """Sends one websocket command and returns its result."""

    async def call(self, message: dict[str, Any]) -> Any:
        """Send ``message``; raise when Home Assistant answers with an error."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one example did in the demo home; ``problem`` is empty when it worked."""

    sentence: str
    problem: str = ""


def _actions(plan: dict[str, Any]) -> set[str]:
    return {step["action"] for step in plan["plan"]["steps"] if step.get("action")}


async def _check(ws: Caller, matcher: SentenceMatcher, sentence: str) -> Outcome:
    expect = EXPECTED[sentence]
    command = matcher.match(sentence, expect.language)
    if expect.goals:
        request = command.intent if command is not None and command.intent else sentence
        message: dict[str, Any] = {
            "type": "orchestration/plans/preview",
            "intent": request,
            "language": expect.language,
        }
        if sentence in CONTEXT_AREA:
            message["area_id"] = CONTEXT_AREA[sentence]
        plan = await ws.call(message)
        unresolved = plan["task_spec"]["unresolved"]
        if plan["status"] == "infeasible" or unresolved:
            return Outcome(sentence, f"{plan['explanation']['summary']} {unresolved}")
        missing = expect.actions - _actions(plan)
        if missing:
            return Outcome(
                sentence, f"no {sorted(missing)} in {sorted(_actions(plan))}"
            )
        return Outcome(sentence)
    if expect.command in (None, CommandKind.PLAN, CommandKind.PREVIEW):
        # An example of what Orchestration leaves to Home Assistant ("set a timer").
        return Outcome(sentence)
    answer = await ws.call(
        {"type": "conversation/process", "text": sentence, "language": expect.language}
    )
    response = answer["response"]
    if response["response_type"] == "error":
        speech = response["speech"]["plain"]["speech"]
        return Outcome(sentence, f"Assist did not take it: {speech}")
    return Outcome(sentence)


async def check_readme_examples(ws: Caller) -> list[Outcome]:
    """Try every README and services.yaml example in the running home."""
    matcher = SentenceMatcher(load_sentences())
    examples = sorted(readme_sentences() | services_sentences())
    # Requests first: planning them reads the whole home, as Assist does.
    examples.sort(key=lambda sentence: not EXPECTED[sentence].goals)
    return [await _check(ws, matcher, sentence) for sentence in examples]
