"""Plain-language explanations of plans, in English and German.

Every text a person reads about a plan comes from here: step descriptions, reasons why
something cannot be done, the trade-off of an alternative, and the explanation of
DESIGN §4. The same inputs always give the same text. Pure: no Home Assistant imports.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .models import (
    Alternative,
    ContextSnapshot,
    Decision,
    ExecutionPlan,
    ExecutionStep,
    Explanation,
    Guardrail,
    GuardrailKind,
    PolicyDecision,
    StepKind,
    StepProgress,
    StepState,
    TaskSpec,
    Wait,
    WaitKind,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime, tzinfo

LANGUAGES: Final = ("en", "de")

# Message templates by code; ``{name}`` fields come from a Reason's args.
_TEXTS: Final[dict[str, dict[str, str]]] = {
    "en": {
        # reasons
        "no_targets": "Goal {goal}: nothing in the home matches {targets}.",
        "not_capable": "Goal {goal}: {detail}.",
        "nothing_capable": "Goal {goal}: nothing selected can {goal_type}.",
        "unavailable": "Goal {goal}: {entity} is unavailable and nothing else in its "
        "area can do it.",
        "substituted": "Goal {goal}: {entity} is unavailable, {substitute} does it "
        "instead.",
        "not_local": "Goal {goal}: {entity} needs a cloud service, but this task must "
        "stay local.",
        "timed_out": "Planning time ran out before goal {goal}; the plan is the best "
        "found so far.",
        "nothing_to_do": "Nothing in this request can be carried out.",
        "unlock_refused": "Goal {goal}: {entity} is not unlocked: nobody is home and "
        "unlocking was not asked for explicitly.",
        "not_local_sensitive": "Goal {goal}: {entity} needs a cloud service, but "
        "sensitive steps stay local (privacy first).",
        "temperature_clamped": "Goal {goal}: {entity} is set to {used}° instead of "
        "{wanted}° to stay within its safe range.",
        "volume_capped": "Goal {goal}: the volume is kept at {volume} during quiet "
        "hours.",
        "quiet_deferred": "Goal {goal}: noisy devices wait until quiet hours end at "
        "{time}.",
        "not_appliance": "Goal {goal}: {entity} cannot be switched on to run.",
        "power_limit_together": "Goal {goal}: {entity} ({power} W) is not switched "
        "on: with {others} drawing power it would pass the home's power limit of "
        "{limit} W.",
        "over_power_limit": "Goal {goal}: {entity} draws {power} W, more than the "
        "home's power limit of {limit} W (the most the supply may deliver at once, "
        "set in the options).",
        "power_limit_no_window": "Goal {goal}: {entity} ({power} W) fits in no "
        "allowed time: with {others} drawing power it would pass the home's power "
        "limit of {limit} W.",
        "power_limit_moved": "{name} ({power} W) runs {start}\u2013{end} instead of "
        "the cheapest time, {best}: then {others} draw power and together they would "
        "pass the home's power limit of {limit} W ({extra} more).",
        "draws": "{names}",
        "draws_and_rest": "{names} and the rest of the home ({watts} W)",
        "draws_rest": "the rest of the home ({watts} W)",
        "schedule_optimal": "The {count} loads are placed at the least total cost "
        "that keeps within the power limit.",
        "schedule_bound": "The {count} loads are placed within the power limit at "
        "most {gap} above the least possible cost (search cut short).",
        "no_window": "Goal {goal}: {entity} fits in no allowed time window.",
        "over_budget": "Goal {goal}: the cheapest run costs {cost}, above the "
        "budget of {budget}.",
        "no_temperature": "Goal {goal}: no target temperature was given.",
        "no_climate": "Goal {goal}: no climate device can heat or cool that area.",
        "precondition_late": "Goal {goal}: the target cannot be reached by the "
        "deadline; heating starts now and should reach it around {time}.",
        "thermal_estimate": "Warming from {current}° to {target}° takes about {lead} "
        "min (simple thermal estimate).",
        "nothing_wasted": "Goal {goal}: nothing is wasting energy right now.",
        "unknown_routine": "Goal {goal}: there is no routine, scene or script called "
        "{name}.",
        "yielded": "Steps {steps} leave out {devices}: another plan that comes first "
        "uses them at the same time.",
        "conflict_won": "Plan {plan} wanted {devices} at the same time; this plan "
        "has them: {why}.",
        "conflict_lost": "Plan {plan} keeps {devices} at that time, so this plan "
        "leaves them out: {why}.",
        "conflict_gave_up": "Plan {plan} took {devices} from this plan: {why}.",
        "conflict_kept": "Plan {plan} wanted {devices} at the same time; this plan "
        "keeps them: {why}.",
        "why_outranks": "{winner} ({winner_priority} priority) comes before {loser} "
        "({loser_priority})",
        "why_later": "both have {priority} priority and the later request wins",
        "origin_user_request": "a person's request",
        "origin_automation": "an automation",
        "origin_scheduled_routine": "a scheduled routine",
        "origin_insight_recommendation": "a suggestion of the home",
        "priority_highest": "highest",
        "priority_high": "high",
        "priority_normal": "normal",
        "priority_low": "low",
        "priority_lowest": "lowest",
        "reoptimised": "Re-planned because {trigger}: {name} moves from {old} to "
        "{new}{difference}.",
        "reoptimised_needed": "Re-planned because {trigger}: {name} can no longer "
        "start at {old} ({why}); it moves to {new}{difference}.",
        "trigger_prices": "the energy prices were published or revised",
        "trigger_presence": "who is home changed",
        "trigger_power": "the power available changed",
        "trigger_conflict": "another plan took a device it uses",
        "broken_started": "that time has passed",
        "broken_deadline": "it would end after the deadline",
        "broken_claimed": "another plan that comes first uses the device then",
        "broken_quiet": "that is in quiet hours",
        "broken_power": "with what draws power then it would pass the home's power "
        "limit of {limit} W",
        "money_less": ", {amount} cheaper at the current prices",
        "money_more": ", {amount} more at the current prices",
        "money_none": ", at the same cost",
        "right_away": "now",
        "degraded": "Degraded: ",
        "over_cost_budget": "It costs {cost}, more than the usual budget of {budget}.",
        "over_latency_budget": "It takes about {seconds} s, longer than the latency "
        "budget of {budget} s.",
        "check_someone_home": "someone is home",
        "guard_privacy": "{step}: sensitive; {detail}.",
        "guard_trust": "{step}: runs only after approval (needs trust level {detail}).",
        "guard_safety": "{step}: safety check ({detail}).",
        "guard_quiet_hours": "{step}: respects quiet hours.",
        "guard_power_limit": "{step}: keeps the total power under {detail} W.",
        "cost_load": "{name} runs {start}\u2013{end} at {price}/kWh ({cost})",
        "cost_saving": ", {saving} less than starting now",
        "cost_dearer": ", {saving} more than starting now",
        # step descriptions
        "step_action": "{verb} {names}",
        "step_notify": "Notify: {message}",
        "step_report": "Report the state of {names}",
        "step_wait": "Wait until {time}",
        "step_condition": "Check: {what}",
        "instead_of": " (instead of {names}, unavailable)",
        # explanation
        "summary": "{count} step(s) under the {strategy} strategy: {steps}.",
        "summary_infeasible": "This cannot be done as asked.",
        "privacy_all_local": "All {count} step(s) run locally; nothing leaves your "
        "home.",
        "privacy_some_cloud": "{local} of {count} step(s) run locally; {cloud} use a "
        "cloud service: {names}.",
        "privacy_none": "No step acts on a device.",
        "consent_allow": "Allowed for your trust level ({tier}); no approval needed.",
        "consent_approval": "Needs approval before it runs (your trust level: {tier}).",
        "consent_deny": "Not allowed: {reasons}.",
        "consent_refs": " Consent on record: {refs}.",
        "consent_missing": " Missing consent: {scopes}.",
        "cost_none": "No energy cost.",
        "cost_total": "Estimated cost {cost}.",
        "alternative": "{strategy}: {tradeoff}",
        "alternative_named": "{what} ({strategy}): {tradeoff}",
        "tradeoff_same": "same outcome, scored differently",
        "tradeoff_cost_less": "{amount} cheaper",
        "tradeoff_cost_more": "{amount} more expensive",
        "tradeoff_faster": "done {duration} sooner",
        "tradeoff_slower": "done {duration} later",
        "tradeoff_more_local": "more steps run locally",
        "tradeoff_less_local": "more steps use the cloud",
        "tradeoff_more_comfort": "more comfortable",
        "tradeoff_less_comfort": "less comfortable",
        "guard_entity_available": "{step}: runs only if its devices are available, "
        "otherwise a fallback is tried.",
        "guard_fallbacks": "{step}: {count} fallback(s) ready if it fails.",
        "reasons": "Why: {reasons}",
        "alternatives": "Alternatives: {items}.",
        "at_time": " at {time}",
        "wait_unknown": "The request waits for '{what}', which cannot be watched.",
        "wait_no_persons": "It should wait for someone to arrive or leave, but no "
        "person is set up in Home Assistant to notice it by.",
        "wait_no_entity": "It should wait for {name}, which is not in the home.",
        "wait_no_sun": "It should wait for the {event}, but Home Assistant has no "
        "location to compute it for.",
        "wait_first_only": "Only the first condition is waited for; not: {ignored}.",
        "wait_arrival": "Wait until someone gets home",
        "wait_departure": "Wait until someone leaves home",
        "wait_someone_home": "Wait until someone is home",
        "wait_nobody_home": "Wait until nobody is home",
        "wait_state": "Wait until {name} changes to {state}",
        "wait_sunrise": "Wait until sunrise ({time})",
        "wait_sunset": "Wait until sunset ({time})",
        "wait_sunrise_offset": "Wait until {offset} {relation} sunrise ({time})",
        "wait_sunset_offset": "Wait until {offset} {relation} sunset ({time})",
        "wait_after": "after",
        "wait_before": "before",
        "wait_expires": " (at most until {time})",
        "summary_wait": " First: {wait}.",
        "guard_trust_checked": "{step}: needs trust level {detail}; allowed without "
        "approval, checked again when it runs.",
        "guard_trust_approved": "{step}: needs trust level {detail}; approved, the "
        "approver's trust level is checked again when it runs.",
        "guard_held": " Checked at {time}: held.",
        "guard_broken": " Checked at {time}: did not hold, the step did not run.",
        "consent_approved": "Approved; it runs with the approver's rights "
        "(trust level {tier}).",
    },
    "de": {
        "no_targets": "Ziel {goal}: Nichts im Zuhause passt zu {targets}.",
        "not_capable": "Ziel {goal}: {detail}.",
        "nothing_capable": "Ziel {goal}: Nichts Ausgewähltes kann {goal_type}.",
        "unavailable": "Ziel {goal}: {entity} ist nicht erreichbar und nichts anderes "
        "im Raum kann es übernehmen.",
        "substituted": "Ziel {goal}: {entity} ist nicht erreichbar, {substitute} "
        "übernimmt.",
        "not_local": "Ziel {goal}: {entity} braucht einen Cloud-Dienst, diese Aufgabe "
        "muss aber lokal bleiben.",
        "timed_out": "Die Planungszeit lief vor Ziel {goal} ab; der Plan ist der beste "
        "bis dahin gefundene.",
        "nothing_to_do": "Nichts an dieser Anfrage lässt sich ausführen.",
        "unlock_refused": "Ziel {goal}: {entity} wird nicht entriegelt: niemand ist "
        "zu Hause und das Entriegeln wurde nicht ausdrücklich verlangt.",
        "not_local_sensitive": "Ziel {goal}: {entity} braucht einen Cloud-Dienst, "
        "sensible Schritte bleiben aber lokal (Privatsphäre zuerst).",
        "temperature_clamped": "Ziel {goal}: {entity} wird auf {used}° statt "
        "{wanted}° gestellt, um im sicheren Bereich zu bleiben.",
        "volume_capped": "Ziel {goal}: Die Lautstärke bleibt während der Ruhezeit "
        "bei {volume}.",
        "quiet_deferred": "Ziel {goal}: Laute Geräte warten bis zum Ende der "
        "Ruhezeit um {time}.",
        "not_appliance": "Ziel {goal}: {entity} lässt sich nicht einschalten.",
        "power_limit_together": "Ziel {goal}: {entity} ({power} W) wird nicht "
        "eingeschaltet: Mit {others} würde die Leistungsgrenze des Hauses von "
        "{limit} W überschritten.",
        "over_power_limit": "Ziel {goal}: {entity} braucht {power} W, mehr als die "
        "Leistungsgrenze des Hauses von {limit} W (das Meiste, was der Anschluss auf "
        "einmal liefern darf, in den Optionen eingestellt).",
        "power_limit_no_window": "Ziel {goal}: {entity} ({power} W) passt in keine "
        "erlaubte Zeit: Mit {others} würde die Leistungsgrenze des Hauses von "
        "{limit} W überschritten.",
        "power_limit_moved": "{name} ({power} W) läuft {start}\u2013{end} statt zur "
        "günstigsten Zeit, {best}: Dann laufen {others}, zusammen würde die "
        "Leistungsgrenze des Hauses von {limit} W überschritten ({extra} mehr).",
        "draws": "{names}",
        "draws_and_rest": "{names} und der Rest des Hauses ({watts} W)",
        "draws_rest": "der Rest des Hauses ({watts} W)",
        "schedule_optimal": "Die {count} Verbraucher laufen zu den geringsten "
        "Gesamtkosten innerhalb der Leistungsgrenze.",
        "schedule_bound": "Die {count} Verbraucher laufen innerhalb der "
        "Leistungsgrenze höchstens {gap} über den geringstmöglichen Kosten (Suche "
        "abgebrochen).",
        "no_window": "Ziel {goal}: {entity} passt in kein erlaubtes Zeitfenster.",
        "over_budget": "Ziel {goal}: Der günstigste Lauf kostet {cost}, mehr als das "
        "Budget von {budget}.",
        "no_temperature": "Ziel {goal}: Keine Zieltemperatur angegeben.",
        "no_climate": "Ziel {goal}: Kein Klimagerät kann diesen Raum heizen oder "
        "kühlen.",
        "precondition_late": "Ziel {goal}: Das Ziel ist bis zur Frist nicht "
        "erreichbar; es wird sofort geheizt, erreicht etwa um {time}.",
        "thermal_estimate": "Von {current}° auf {target}° dauert etwa {lead} min "
        "(einfache Wärmeschätzung).",
        "nothing_wasted": "Ziel {goal}: Gerade wird keine Energie verschwendet.",
        "unknown_routine": "Ziel {goal}: Es gibt keine Routine, Szene oder kein "
        "Skript namens {name}.",
        "yielded": "Schritte {steps} lassen {devices} aus: Ein anderer Plan, der "
        "Vorrang hat, nutzt sie zur selben Zeit.",
        "conflict_won": "Plan {plan} wollte {devices} zur selben Zeit; dieser Plan "
        "bekommt sie: {why}.",
        "conflict_lost": "Plan {plan} behält {devices} zu der Zeit, daher lässt "
        "dieser Plan sie aus: {why}.",
        "conflict_gave_up": "Plan {plan} hat diesem Plan {devices} abgenommen: {why}.",
        "conflict_kept": "Plan {plan} wollte {devices} zur selben Zeit; dieser Plan "
        "behält sie: {why}.",
        "why_outranks": "{winner} (Priorität {winner_priority}) geht vor {loser} "
        "({loser_priority})",
        "why_later": "beide haben Priorität {priority}, und die spätere Anfrage "
        "gewinnt",
        "origin_user_request": "die Anfrage einer Person",
        "origin_automation": "eine Automatisierung",
        "origin_scheduled_routine": "eine geplante Routine",
        "origin_insight_recommendation": "ein Vorschlag des Hauses",
        "priority_highest": "höchste",
        "priority_high": "hoch",
        "priority_normal": "normal",
        "priority_low": "niedrig",
        "priority_lowest": "niedrigste",
        "reoptimised": "Neu geplant, weil {trigger}: {name} wechselt von {old} auf "
        "{new}{difference}.",
        "reoptimised_needed": "Neu geplant, weil {trigger}: {name} kann nicht mehr "
        "um {old} starten ({why}); neu: {new}{difference}.",
        "trigger_prices": "die Strompreise veröffentlicht oder geändert wurden",
        "trigger_presence": "sich geändert hat, wer zu Hause ist",
        "trigger_power": "sich die verfügbare Leistung geändert hat",
        "trigger_conflict": "ein anderer Plan ein Gerät übernommen hat",
        "broken_started": "die Zeit ist vorbei",
        "broken_deadline": "es wäre erst nach der Frist fertig",
        "broken_claimed": "ein vorrangiger Plan nutzt das Gerät dann",
        "broken_quiet": "das ist in der Ruhezeit",
        "broken_power": "mit dem, was dann Strom braucht, würde die Leistungsgrenze "
        "des Hauses von {limit} W überschritten",
        "money_less": ", {amount} günstiger zu den aktuellen Preisen",
        "money_more": ", {amount} teurer zu den aktuellen Preisen",
        "money_none": ", zu gleichen Kosten",
        "right_away": "sofort",
        "degraded": "Eingeschränkt: ",
        "over_cost_budget": "Es kostet {cost}, mehr als das übliche Budget von "
        "{budget}.",
        "over_latency_budget": "Es dauert etwa {seconds} s, länger als das "
        "Latenzbudget von {budget} s.",
        "check_someone_home": "jemand ist zu Hause",
        "guard_privacy": "{step}: sensibel; {detail}.",
        "guard_trust": "{step}: läuft erst nach Freigabe (braucht Vertrauensstufe "
        "{detail}).",
        "guard_safety": "{step}: Sicherheitsprüfung ({detail}).",
        "guard_quiet_hours": "{step}: beachtet die Ruhezeit.",
        "guard_power_limit": "{step}: hält die Gesamtleistung unter {detail} W.",
        "cost_load": "{name} läuft {start}\u2013{end} zu {price}/kWh ({cost})",
        "cost_saving": ", {saving} weniger als bei sofortigem Start",
        "cost_dearer": ", {saving} mehr als bei sofortigem Start",
        "step_action": "{verb}: {names}",
        "step_notify": "Benachrichtigen: {message}",
        "step_report": "Zustand melden: {names}",
        "step_wait": "Warten bis {time}",
        "step_condition": "Prüfen: {what}",
        "instead_of": " (statt {names}, nicht erreichbar)",
        "summary": "{count} Schritt(e) mit der Strategie {strategy}: {steps}.",
        "summary_infeasible": "Das lässt sich so nicht ausführen.",
        "privacy_all_local": "Alle {count} Schritt(e) laufen lokal; nichts verlässt "
        "Ihr Zuhause.",
        "privacy_some_cloud": "{local} von {count} Schritt(en) laufen lokal; {cloud} "
        "nutzen einen Cloud-Dienst: {names}.",
        "privacy_none": "Kein Schritt steuert ein Gerät.",
        "consent_allow": "Für Ihre Vertrauensstufe ({tier}) erlaubt; keine Freigabe "
        "nötig.",
        "consent_approval": "Braucht vor dem Start eine Freigabe (Ihre "
        "Vertrauensstufe: {tier}).",
        "consent_deny": "Nicht erlaubt: {reasons}.",
        "consent_refs": " Erteilte Einwilligungen: {refs}.",
        "consent_missing": " Fehlende Einwilligung: {scopes}.",
        "cost_none": "Keine Energiekosten.",
        "cost_total": "Geschätzte Kosten {cost}.",
        "alternative": "{strategy}: {tradeoff}",
        "alternative_named": "{what} ({strategy}): {tradeoff}",
        "tradeoff_same": "gleiches Ergebnis, anders bewertet",
        "tradeoff_cost_less": "{amount} günstiger",
        "tradeoff_cost_more": "{amount} teurer",
        "tradeoff_faster": "{duration} früher fertig",
        "tradeoff_slower": "{duration} später fertig",
        "tradeoff_more_local": "mehr Schritte laufen lokal",
        "tradeoff_less_local": "mehr Schritte nutzen die Cloud",
        "tradeoff_more_comfort": "komfortabler",
        "tradeoff_less_comfort": "weniger komfortabel",
        "guard_entity_available": "{step}: läuft nur, wenn die Geräte erreichbar "
        "sind, sonst wird ein Ersatz versucht.",
        "guard_fallbacks": "{step}: {count} Ersatzschritt(e) bereit, falls er "
        "fehlschlägt.",
        "reasons": "Gründe: {reasons}",
        "alternatives": "Alternativen: {items}.",
        "at_time": " um {time}",
        "wait_unknown": "Die Anfrage wartet auf „{what}“, das sich nicht "
        "beobachten lässt.",
        "wait_no_persons": "Es soll gewartet werden, bis jemand kommt oder geht, aber "
        "in Home Assistant ist keine Person eingerichtet, an der man es merkt.",
        "wait_no_entity": "Es soll auf {name} gewartet werden, das es im Zuhause "
        "nicht gibt.",
        "wait_no_sun": "Es soll auf den {event} gewartet werden, aber Home Assistant "
        "kennt keinen Standort, um ihn zu berechnen.",
        "wait_first_only": "Nur auf die erste Bedingung wird gewartet; nicht auf: "
        "{ignored}.",
        "wait_arrival": "Warten, bis jemand nach Hause kommt",
        "wait_departure": "Warten, bis jemand das Haus verlässt",
        "wait_someone_home": "Warten, bis jemand zu Hause ist",
        "wait_nobody_home": "Warten, bis niemand mehr zu Hause ist",
        "wait_state": "Warten, bis {name} zu {state} wechselt",
        "wait_sunrise": "Warten bis Sonnenaufgang ({time})",
        "wait_sunset": "Warten bis Sonnenuntergang ({time})",
        "wait_sunrise_offset": "Warten bis {offset} {relation} Sonnenaufgang ({time})",
        "wait_sunset_offset": "Warten bis {offset} {relation} Sonnenuntergang ({time})",
        "wait_after": "nach",
        "wait_before": "vor",
        "wait_expires": " (höchstens bis {time})",
        "summary_wait": " Zuerst: {wait}.",
        "guard_trust_checked": "{step}: braucht Vertrauensstufe {detail}; ohne "
        "Freigabe erlaubt, beim Start erneut geprüft.",
        "guard_trust_approved": "{step}: braucht Vertrauensstufe {detail}; "
        "freigegeben, die Vertrauensstufe der freigebenden Person wird beim Start "
        "erneut geprüft.",
        "guard_held": " Geprüft um {time}: erfüllt.",
        "guard_broken": " Geprüft um {time}: nicht erfüllt, der Schritt lief nicht.",
        "consent_approved": "Freigegeben; läuft mit den Rechten der freigebenden "
        "Person (Vertrauensstufe {tier}).",
    },
}

_VERBS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "turn_on": "Turn on",
        "turn_off": "Turn off",
        "open_cover": "Open",
        "close_cover": "Close",
        "open_valve": "Open",
        "close_valve": "Close",
        "set_cover_position": "Set the position of",
        "set_valve_position": "Set the position of",
        "set_percentage": "Set the speed of",
        "set_temperature": "Set the temperature of",
        "lock": "Lock",
        "unlock": "Unlock",
        "open": "Unlatch",
        "volume_set": "Set the volume of",
        "media_play": "Play",
        "media_pause": "Pause",
        "media_next_track": "Skip to the next track on",
        "media_previous_track": "Go back a track on",
        "start": "Start",
        "return_to_base": "Send back to the dock",
        "start_mowing": "Start",
        "dock": "Send back to the dock",
        "press": "Press",
        "alarm_disarm": "Disarm",
        "send_message": "Send a message to",
        "create": "Show a notification",
    },
    "de": {
        "turn_on": "Einschalten",
        "turn_off": "Ausschalten",
        "open_cover": "Öffnen",
        "close_cover": "Schließen",
        "open_valve": "Öffnen",
        "close_valve": "Schließen",
        "set_cover_position": "Position setzen",
        "set_valve_position": "Position setzen",
        "set_percentage": "Geschwindigkeit setzen",
        "set_temperature": "Temperatur setzen",
        "lock": "Verriegeln",
        "unlock": "Entriegeln",
        "open": "Öffnen (Falle)",
        "volume_set": "Lautstärke setzen",
        "media_play": "Abspielen",
        "media_pause": "Pausieren",
        "media_next_track": "Nächster Titel",
        "media_previous_track": "Vorheriger Titel",
        "start": "Starten",
        "return_to_base": "Zur Ladestation schicken",
        "start_mowing": "Starten",
        "dock": "Zur Ladestation schicken",
        "press": "Drücken",
        "alarm_disarm": "Unscharf schalten",
        "send_message": "Nachricht senden an",
        "create": "Benachrichtigung anzeigen",
    },
}

_STRATEGY_NAMES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "privacy_first": "privacy first",
        "cost": "lowest cost",
        "latency": "fastest",
        "comfort": "most comfortable",
        "balanced": "balanced",
    },
    "de": {
        "privacy_first": "Privatsphäre zuerst",
        "cost": "niedrigste Kosten",
        "latency": "am schnellsten",
        "comfort": "größter Komfort",
        "balanced": "ausgewogen",
    },
}

_DATA_LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "brightness_pct": "brightness {value} %",
        "brightness_step_pct": "brightness changed by {value} %",
        "temperature": "{value} °",
        "position": "position {value} %",
        "percentage": "{value} %",
        "volume_level": "volume {value}",
        "color_name": "colour {value}",
        "color_temp_kelvin": "{value} K",
    },
    "de": {
        "brightness_pct": "Helligkeit {value} %",
        "brightness_step_pct": "Helligkeit um {value} % geändert",
        "temperature": "{value} °",
        "position": "Position {value} %",
        "percentage": "{value} %",
        "volume_level": "Lautstärke {value}",
        "color_name": "Farbe {value}",
        "color_temp_kelvin": "{value} K",
    },
}


def _language(language: str) -> str:
    base = language.partition("-")[0].lower()
    return base if base in LANGUAGES else "en"


def text(code: str, language: str = "en", **args: Any) -> str:
    """Render one message template; Reasons among the args in the same language."""
    rendered = {
        name: value.render(language) if isinstance(value, Reason) else value
        for name, value in args.items()
    }
    return _TEXTS[_language(language)][code].format(**rendered)


class Reason(str):
    """A message that is plain English text but can be rendered in any language.

    The planner reports Reasons; they serialise as their English text, and the
    explainer renders them again in the user's language.
    """

    code: str
    args: dict[str, Any]

    def __new__(cls, code: str, **args: Any) -> Self:
        """Create the reason ``code`` with its template args."""
        value = super().__new__(cls, text(code, "en", **args))
        value.code = code
        value.args = args
        return value

    def render(self, language: str) -> str:
        """Render the reason in ``language``."""
        return text(self.code, language, **self.args)

    def __reduce__(self) -> tuple[Any, tuple[str, dict[str, Any]]]:
        """Copy and pickle as code and args, not as the rendered text."""
        return _reason, (self.code, self.args)


def _reason(code: str, args: dict[str, Any]) -> Reason:
    return Reason(code, **args)


#: Plan notes the summary says (the others go with the cost): how long the plan
#: takes, and what a re-plan changed.
_SUMMARY_NOTES: Final = frozenset(
    {"over_latency_budget", "reoptimised", "reoptimised_needed"}
)


def _timing_note(note: str) -> bool:
    """Whether a plan note belongs in the summary rather than with the cost."""
    return isinstance(note, Reason) and note.code in _SUMMARY_NOTES


def _render(reason: str, language: str) -> str:
    return reason.render(language) if isinstance(reason, Reason) else str(reason)


def names(entity_ids: Sequence[str], snapshot: ContextSnapshot) -> str:
    """Friendly names of entities, comma-separated."""
    found = [
        snapshot.entities[entity_id].name
        if entity_id in snapshot.entities
        else entity_id
        for entity_id in entity_ids
    ]
    return ", ".join(found)


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _data_text(data: Mapping[str, Any], language: str) -> str:
    labels = _DATA_LABELS[_language(language)]
    parts = [
        labels[key].format(value=_number(value))
        for key, value in data.items()
        if key in labels
    ]
    return f" ({', '.join(parts)})" if parts else ""


def local_time(moment: datetime, time_zone: str) -> datetime:
    """``moment`` in the home's time zone (UTC when the zone is unknown)."""
    zone: tzinfo
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone)


def clock(moment: datetime, snapshot: ContextSnapshot) -> str:
    """Return a time of day as the home sees it, e.g. ``02:00``."""
    return local_time(moment, snapshot.time_zone).strftime("%H:%M")


def describe_step(step: ExecutionStep, snapshot: ContextSnapshot, language: str) -> str:
    """One line saying what a step does."""
    listed = names(step.entity_ids, snapshot)
    if step.kind is StepKind.WAIT:
        wait = step.wait
        if wait is not None and wait.kind is not WaitKind.TIME:
            return describe_wait(wait, snapshot, language)
        moment = step.not_before or snapshot.now
        return text("step_wait", language, time=clock(moment, snapshot))
    if step.kind is StepKind.CONDITION:
        if step.action is None and step.entity_ids:
            return text("step_report", language, names=listed)
        return text("step_condition", language, what=step.description or "-")
    if step.kind is StepKind.NOTIFY and (
        not step.entity_ids or (step.action or "").startswith("persistent_")
    ):
        return text("step_notify", language, message=step.data.get("message", ""))
    service = (step.action or "").partition(".")[2]
    verb = _VERBS[_language(language)].get(service, service.replace("_", " "))
    described = text("step_action", language, verb=verb, names=listed)
    described += _data_text(step.data, language)
    if step.not_before is not None:
        described += text("at_time", language, time=clock(step.not_before, snapshot))
    return described


_STATE_WORDS: Final[dict[str, dict[str, str]]] = {
    "en": {},
    "de": {
        "on": "an",
        "off": "aus",
        "open": "offen",
        "closed": "geschlossen",
        "locked": "verriegelt",
        "unlocked": "entriegelt",
        "home": "zu Hause",
        "not_home": "unterwegs",
        "idle": "bereit",
        "docked": "angedockt",
        "playing": "spielt",
        "paused": "pausiert",
    },
}


def _moment(moment: datetime, snapshot: ContextSnapshot) -> str:
    """A time of day, with the date when it is not today (``2024-05-02 07:00``)."""
    local = local_time(moment, snapshot.time_zone)
    if local.date() == local_time(snapshot.now, snapshot.time_zone).date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def describe_wait(wait: Wait, snapshot: ContextSnapshot, language: str) -> str:
    """What a plan waits for, in a few words, and until when at most."""
    match wait.kind:
        case WaitKind.STATE:
            entity_id = wait.entity_id or ""
            state = wait.to or ""
            described = text(
                "wait_state",
                language,
                name=names([entity_id], snapshot),
                state=_STATE_WORDS[_language(language)].get(state, state),
            )
        case WaitKind.SUN | WaitKind.TIME:
            moment = _moment(wait.at or snapshot.now, snapshot)
            if wait.kind is WaitKind.TIME:
                return text("step_wait", language, time=moment)
            event = "sunrise" if wait.event == "sunrise" else "sunset"
            if not wait.offset:
                return text(f"wait_{event}", language, time=moment)
            return text(
                f"wait_{event}_offset",
                language,
                offset=duration(abs(wait.offset) * 60, language),
                relation=text(
                    "wait_after" if wait.offset > 0 else "wait_before", language
                ),
                time=moment,
            )
        case _:
            described = text(f"wait_{wait.kind.value}", language)
    if wait.expires_at is not None:
        described += text(
            "wait_expires", language, time=_moment(wait.expires_at, snapshot)
        )
    return described


def strategy_name(strategy: str, language: str) -> str:
    """Return the strategy as a person would say it."""
    return _STRATEGY_NAMES[_language(language)].get(strategy, strategy)


def money(amount: float, currency: str | None, language: str) -> str:
    """Format an amount of money, e.g. ``0.42 €``."""
    symbol = {"EUR": "€", "GBP": "£", "USD": "$"}.get(currency or "", currency or "")
    number = f"{amount:.2f}"
    if _language(language) == "de":
        number = number.replace(".", ",")
    return f"{number} {symbol}".strip()


def duration(seconds: float, language: str) -> str:
    """Format a duration such as ``2 h 30 min`` or ``45 s``."""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _currency(snapshot: ContextSnapshot) -> str | None:
    return snapshot.tariff.currency if snapshot.tariff else None


def tradeoff(
    chosen: ExecutionPlan,
    other: ExecutionPlan,
    *,
    chosen_latency_s: float,
    other_latency_s: float,
    currency: str | None,
    language: str,
    what: str = "",
) -> str:
    """Say what ``other`` gains or loses against ``chosen``, e.g. ``0.42 € cheaper``.

    ``what`` names the alternative by what it does (its own steps), when it differs
    by more than its scores.
    """
    parts: list[str] = []
    delta = other.estimated_cost - chosen.estimated_cost
    if abs(delta) >= 0.005:
        code = "tradeoff_cost_less" if delta < 0 else "tradeoff_cost_more"
        parts.append(text(code, language, amount=money(abs(delta), currency, language)))
    latency = other_latency_s - chosen_latency_s
    if abs(latency) >= 1:
        code = "tradeoff_faster" if latency < 0 else "tradeoff_slower"
        parts.append(text(code, language, duration=duration(latency, language)))
    privacy = other.privacy_score - chosen.privacy_score
    if abs(privacy) > 1e-9:
        code = "tradeoff_more_local" if privacy > 0 else "tradeoff_less_local"
        parts.append(text(code, language))
    comfort = other.scores.comfort - chosen.scores.comfort
    if abs(comfort) > 1e-9:
        code = "tradeoff_more_comfort" if comfort > 0 else "tradeoff_less_comfort"
        parts.append(text(code, language))
    if not parts:
        parts.append(text("tradeoff_same", language))
    return text(
        "alternative_named" if what else "alternative",
        language,
        what=what,
        strategy=strategy_name(other.strategy.value, language),
        tradeoff=", ".join(parts),
    )


def _privacy(plan: ExecutionPlan, snapshot: ContextSnapshot, language: str) -> str:
    acting = [
        step for step in plan.steps if step.kind in (StepKind.ACTION, StepKind.NOTIFY)
    ]
    if not acting:
        return text("privacy_none", language)
    cloud = [step for step in acting if not step.local]
    if not cloud:
        return text("privacy_all_local", language, count=len(acting))
    cloud_names = names(
        [entity_id for step in cloud for entity_id in step.entity_ids], snapshot
    )
    return text(
        "privacy_some_cloud",
        language,
        local=len(acting) - len(cloud),
        count=len(acting),
        cloud=len(cloud),
        names=cloud_names,
    )


def _consent(decision: PolicyDecision, language: str) -> str:
    tier = decision.trust_tier.value
    if decision.decision is Decision.DENY:
        result = text(
            "consent_deny", language, reasons="; ".join(decision.reasons) or "-"
        )
    elif decision.decision is Decision.REQUIRE_APPROVAL or decision.approval_required:
        result = text("consent_approval", language, tier=tier)
    else:
        result = text("consent_allow", language, tier=tier)
    if decision.consent_refs:
        result += text("consent_refs", language, refs=", ".join(decision.consent_refs))
    if decision.missing_scopes:
        result += text(
            "consent_missing", language, scopes=", ".join(decision.missing_scopes)
        )
    return result


def _cost(plan: ExecutionPlan, snapshot: ContextSnapshot, language: str) -> str:
    currency = _currency(snapshot)
    parts = [
        text("cost_none", language)
        if plan.estimated_cost <= 0
        else text(
            "cost_total", language, cost=money(plan.estimated_cost, currency, language)
        )
    ]
    for step in plan.steps:
        if step.kind is not StepKind.ACTION or step.energy_kwh <= 0:
            continue
        start = step.not_before or snapshot.now
        end = start + timedelta(seconds=step.estimated_duration_s)
        line = text(
            "cost_load",
            language,
            name=names(step.entity_ids, snapshot),
            start=clock(start, snapshot),
            end=clock(end, snapshot),
            price=money(step.estimated_cost / step.energy_kwh, currency, language),
            cost=money(step.estimated_cost, currency, language),
        )
        if step.baseline_cost is not None:
            saving = step.baseline_cost - step.estimated_cost
            if abs(saving) >= 0.005:
                code = "cost_saving" if saving > 0 else "cost_dearer"
                line += text(
                    code, language, saving=money(abs(saving), currency, language)
                )
        parts.append(line + ".")
    parts.extend(
        _render(note, language) for note in plan.notes if not _timing_note(note)
    )
    return " ".join(parts)


_GUARD_DETAILS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "local_only": "it runs locally only",
        "cloud": "it uses a cloud service because privacy first is off",
        "temperature_bounds": "temperature kept within {value}°",
        "unlock_explicit": "unlocking with nobody home, as you asked",
        "someone_home": "only if someone is home",
    },
    "de": {
        "local_only": "läuft nur lokal",
        "cloud": "nutzt einen Cloud-Dienst, weil Privatsphäre zuerst aus ist",
        "temperature_bounds": "Temperatur bleibt innerhalb {value}°",
        "unlock_explicit": "Entriegeln ohne jemanden zu Hause, wie gewünscht",
        "someone_home": "nur wenn jemand zu Hause ist",
    },
}


#: The template of each guardrail kind, and for privacy and safety guardrails the
#: template of their detail (``_GUARD_DETAILS``).
_GUARD_TEXTS: Final[dict[GuardrailKind, tuple[str, str | None]]] = {
    GuardrailKind.ENTITY_AVAILABLE: ("guard_entity_available", None),
    GuardrailKind.LOCAL_ONLY: ("guard_privacy", "local_only"),
    GuardrailKind.CLOUD: ("guard_privacy", "cloud"),
    GuardrailKind.APPROVAL_REQUIRED: ("guard_trust", None),
    GuardrailKind.TEMPERATURE_BOUNDS: ("guard_safety", "temperature_bounds"),
    GuardrailKind.UNLOCK_EXPLICIT: ("guard_safety", "unlock_explicit"),
    GuardrailKind.SOMEONE_HOME: ("guard_safety", "someone_home"),
    GuardrailKind.QUIET_HOURS: ("guard_quiet_hours", None),
    GuardrailKind.POWER_LIMIT: ("guard_power_limit", None),
}


class TrustState(StrEnum):
    """How the plan stands with approval: what a trust guardrail says."""

    #: It waits (or waited in vain) for approval.
    NEEDS_APPROVAL = "needs_approval"
    #: Policy let it run without approval.
    ALLOWED = "allowed"
    #: A person approved it.
    APPROVED = "approved"


_TRUST_TEXTS: Final[dict[TrustState, str]] = {
    TrustState.NEEDS_APPROVAL: "guard_trust",
    TrustState.ALLOWED: "guard_trust_checked",
    TrustState.APPROVED: "guard_trust_approved",
}


def trust_state(decision: PolicyDecision, *, approved: bool) -> TrustState:
    """What a trust guardrail says for a plan under ``decision``."""
    if approved:
        return TrustState.APPROVED
    if decision.decision is Decision.ALLOW and not decision.approval_required:
        return TrustState.ALLOWED
    return TrustState.NEEDS_APPROVAL


def _guardrail(
    step: ExecutionStep, guardrail: Guardrail, language: str, trust: TrustState
) -> str:
    code, aspect = _GUARD_TEXTS[guardrail.kind]
    if guardrail.kind is GuardrailKind.APPROVAL_REQUIRED:
        code = _TRUST_TEXTS[trust]
    detail = guardrail.detail
    if aspect is not None:
        template = _GUARD_DETAILS[_language(language)][aspect]
        detail = template.format(value=guardrail.detail)
    return text(code, language, step=step.step_id, detail=detail)


def guardrail_lines(
    plan: ExecutionPlan,
    language: str,
    *,
    trust: TrustState,
    time_zone: str,
    progress: Mapping[str, StepProgress] | None = None,
) -> list[str]:
    """One line per guardrail and fallback set; with ``progress``, how checks went.

    A step whose guardrails were checked when it was about to run says when, and
    whether they held; the guardrail that did not hold says so.
    """
    lines: list[str] = []
    for step in plan.steps:
        found = (progress or {}).get(step.step_id)
        checked = {check.guardrail.text for check in step.checks}
        for guardrail in step.guardrails:
            line = _guardrail(step, guardrail, language, trust)
            if found is not None and found.checked and guardrail.text in checked:
                at = local_time(found.checked, time_zone).strftime("%H:%M")
                broken = found.state is StepState.FAILED and (
                    found.guardrail == guardrail.text
                )
                line += text(
                    "guard_broken" if broken else "guard_held", language, time=at
                )
            lines.append(line)
        if step.fallbacks:
            lines.append(
                text(
                    "guard_fallbacks",
                    language,
                    step=step.step_id,
                    count=len(step.fallbacks),
                )
            )
    return lines


def consent_text(
    decision: PolicyDecision, language: str, *, approver_tier: str | None
) -> str:
    """The explanation's consent line; once approved, who it runs as."""
    if approver_tier is not None:
        return text("consent_approved", language, tier=approver_tier)
    return _consent(decision, language)


def _wait_summary(plan: ExecutionPlan, snapshot: ContextSnapshot, language: str) -> str:
    """What the plan waits for before anything else, for the summary (or nothing)."""
    for step in plan.steps:
        wait = step.wait if step.kind is StepKind.WAIT and not step.depends_on else None
        if wait is not None and wait.kind is not WaitKind.TIME:
            return text(
                "summary_wait", language, wait=describe_wait(wait, snapshot, language)
            )
    return ""


def explain(
    task: TaskSpec,
    plan: ExecutionPlan,
    decision: PolicyDecision,
    *,
    snapshot: ContextSnapshot,
    language: str = "en",
    alternatives: Sequence[Alternative] = (),
    infeasible_reasons: Sequence[str] = (),
) -> Explanation:
    """Explain ``plan`` for ``task`` under ``decision`` in ``language`` (en or de)."""
    steps = [
        f"{step.step_id}. {describe_step(step, snapshot, language)}"
        for step in plan.steps
    ]
    if plan.steps:
        summary = text(
            "summary",
            language,
            count=len(plan.steps),
            strategy=strategy_name(plan.strategy.value, language),
            steps="; ".join(
                describe_step(step, snapshot, language)
                for step in plan.steps
                if step.kind is not StepKind.WAIT
            ),
        )
        summary += _wait_summary(plan, snapshot, language)
    else:
        summary = text("summary_infeasible", language)
    for note in plan.notes:
        if _timing_note(note):
            summary += " " + _render(note, language)
    if alternatives:
        summary += " " + text(
            "alternatives",
            language,
            items="; ".join(item.summary for item in alternatives),
        )
    if infeasible_reasons:
        summary += " " + text(
            "reasons",
            language,
            reasons=" ".join(
                _render(reason, language) for reason in infeasible_reasons
            ),
        )
    return Explanation(
        summary=summary,
        steps=steps,
        privacy=_privacy(plan, snapshot, language),
        consent=_consent(decision, language),
        cost=_cost(plan, snapshot, language),
        guardrails=guardrail_lines(
            plan,
            language,
            trust=trust_state(decision, approved=False),
            time_zone=snapshot.time_zone,
        ),
    )
