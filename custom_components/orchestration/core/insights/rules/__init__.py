"""The insight rules, each a function of an observation and the options.

Every rule returns suggestions whose goals name entities explicitly, never areas or
domains, so what a suggestion would touch is known before anything is planned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ..observation import Observation
from ..options import InsightOptions
from ..suggestion import Suggestion
from . import (
    away,
    cheap_window,
    idle_area,
    price_peak,
    unusual_consumption,
    window_open,
)

Rule = Callable[[Observation, InsightOptions], list[Suggestion]]

#: Rule id -> rule, in evaluation order (that of ``options.RULE_GROUPS``); an earlier
#: rule's suggestion that covers a later one's targets makes the later one redundant.
RULES: Final[dict[str, Rule]] = {
    away.RULE: away.evaluate,
    window_open.RULE: window_open.evaluate,
    idle_area.RULE: idle_area.evaluate,
    price_peak.RULE: price_peak.evaluate,
    cheap_window.RULE: cheap_window.evaluate,
    unusual_consumption.RULE: unusual_consumption.evaluate,
}
