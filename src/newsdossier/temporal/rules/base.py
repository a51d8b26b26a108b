"""What a rule is: a pattern, the trigger words it needs, and the normaliser written beside it.

Each kind of time expression is one ``Rule``.  Its regex finds the span by TimeML conventions and
its normaliser, defined right after it in the same module, turns the match into a TIMEX3 type,
value, modifier and anchor; an optional ``accept`` check drops matches that are usually not
temporal in context ("May" the verb, "a 6-year-old").  Keeping the three together is the point:
a pattern's named groups are only read by its own normaliser.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable

from newsdossier.temporal.rules.anchor import Context
from newsdossier.temporal.rules.vocabulary import POINT_MODS

# (type, value, mod, anchor); a normaliser returns None to drop the match
Result = tuple[str, str, str | None, str]
Normalizer = Callable[[dict[str, str], Context], Result | None]
Acceptor = Callable[[re.Match[str], str, int], bool]


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of time expression.

    name: the pattern name every result carries (``Timex.pattern``); two rules may share one.
    pattern: the compiled regex.
    triggers: the trigger-word categories the pattern needs, any one of (see ``timex.find``).
    normalize: (groups that matched, context) -> Result or None.
    accept: (match, text, start) -> False to reject a match before overlaps are resolved.
    """

    name: str
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]
    normalize: Normalizer
    accept: Acceptor | None = None

    def with_pattern(self, name: str, pattern: str) -> Rule:
        """The same normaliser and checks under another pattern ("dmy" reads like "mdy")."""
        return dataclasses.replace(self, name=name, pattern=re.compile(pattern))


def rule(name: str, pattern: str, triggers: tuple[str, ...],
         accept: Acceptor | None = None) -> Callable[[Normalizer], Rule]:
    """Decorator: the function below becomes the normaliser of a rule with this pattern."""
    def make(fn: Normalizer) -> Rule:
        return Rule(name, re.compile(pattern), triggers, fn, accept)
    return make


def point_mod(g: dict[str, str]) -> tuple[str | None, str | None]:
    """(TIMEX3 mod, half) of the point modifier before a date ("early", "the end of", "the second half of").

    A half is a value of its own only for a year ("the second half of 1989" -> 1989-H2); for
    anything else it reads as the START or END of it.
    """
    pm = POINT_MODS.get(re.sub(r"\s+", " ", g.get("pm", "")).lower()) or None
    if pm == "":
        pm = None
    half = pm if pm in ("H1", "H2") else None
    if half:
        pm = "START" if half == "H1" else "END"
    return pm, half
