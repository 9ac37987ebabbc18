"""What people read about plans, in their language: the catalogue of texts.

Every text about a plan — explanations, the planner's and the intake's reasons,
policy reasons, history entries, notes, notifications, suggestions — is a template
in one table per language (``en.yaml``, ``de.yaml`` beside this module), found by a
dotted key. Code names the key and passes the figures; it never holds a sentence.
UI texts and errors are Home Assistant's (``translations/<language>.json``), and
Assist's spoken answers are in ``assist_sentences/<language>.yaml``.

Adding a language: copy ``en.yaml`` to ``<code>.yaml`` and translate its values,
keeping keys and ``{placeholders}``; the tests check that every key and placeholder
is there. The language is then spoken wherever a plan's language is ``<code>``.
Pure: no Home Assistant imports.
"""

from .catalogue import (
    LANGUAGES,
    Listing,
    Localizable,
    Message,
    Reason,
    Term,
    has,
    language_of,
    localize_all,
    localized,
    number,
    render,
    text,
)
from .describe import (
    GoalLabel,
    TargetsText,
    describe_step,
    describe_wait,
    domain_term,
    goal_label,
    goal_term,
    listing,
    state_term,
    step_numbers,
    targets_text,
    tier_term,
    tradeoff,
)
from .formats import (
    Duration,
    Money,
    Percent,
    Power,
    Price,
    Temperature,
    clock,
    duration,
    energy,
    humanized,
    local_time,
    money,
    name_of,
    names,
    power,
    price,
    spoken_duration,
    temperature,
)

__all__ = [
    "LANGUAGES",
    "Duration",
    "GoalLabel",
    "Listing",
    "Localizable",
    "Message",
    "Money",
    "Percent",
    "Power",
    "Price",
    "Reason",
    "TargetsText",
    "Temperature",
    "Term",
    "clock",
    "describe_step",
    "describe_wait",
    "domain_term",
    "duration",
    "energy",
    "goal_label",
    "goal_term",
    "has",
    "humanized",
    "language_of",
    "listing",
    "local_time",
    "localize_all",
    "localized",
    "money",
    "name_of",
    "names",
    "number",
    "power",
    "price",
    "render",
    "spoken_duration",
    "state_term",
    "step_numbers",
    "targets_text",
    "temperature",
    "text",
    "tier_term",
    "tradeoff",
]
