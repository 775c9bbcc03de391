"""Who said it: the speaker of a quotation is an actor named in its attribution clause.

The clause is the text between the quotation and its sentence's end (“…,” Sullivan said.) or
its sentence's start (Sullivan said: “…”), stopping at another quotation. In it, a speech verb
(spans.VERBS, "told reporters", "according to") and, next to the verb, an actor's mention:
- before it ("Sullivan said", "Jake Sullivan, the adviser, said", "Sullivan also said"), not
  as an owner ("Putin’s spokesman said") nor after "for", "of", "to" ("an aide to Putin said");
- after it ("said Sullivan", "said U.S. adviser Jake Sullivan"), or after "according to";
- or "he"/"she" next to the verb, resolved only when exactly one person actor is named in the
  sentence before the quotation's, outside its quotations.
Anything else has no speaker rather than a guess. A quotation without any clause of its own
that follows the previous quotation's sentence at once carries on its speaker (a second
paragraph of the same speech).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.quotes.spans import VERBS

_VERB = re.compile(
    rf"\b(?:(?:told|tells)\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w+)|according\s+to|{VERBS})\b",
    re.I,
)
# Between a speaker's mention and the verb after it: nothing, an appositive, or an auxiliary.
_GAP_BEFORE = re.compile(
    r"^(?:\s*,[^,;:.!?\u201c\u201d\"]{1,80},)?\s+(?:(?:has|had|have|was|is|would|will|also|then|"
    r"later|again|\w+ly|on\s+\w+day)\s+)*$"
)
# Between the verb and a speaker's mention after it: a few capitalised title words.
_GAP_AFTER = re.compile(r"^\s+(?:(?:the|a|an)\s+)?(?:(?:[A-Z][\w.\u2019'-]*|of|for)\s+){0,6}$")
_OWNED = re.compile(r"^\s*['\u2019]s?\b")  # "Putin’s spokesman": someone of Putin's
# "an aide to (USDA Secretary) Richard Lyng said": someone for the actor.
_FOR = re.compile(r"\b(?:for|of|to|from|with|by)\s+(?:the\s+)?(?:[A-Z][\w.'-]*\s+){0,4}$")
# After a name that follows its verb, the clause ends (an appositive or "as arranger" at
# most): in "predicted National Amusements, controlled by ..., would need" the name is no
# speaker but the subject of what is said.
_ENDS = re.compile(r"^\s*(?:,[^,;]{0,150}|\s(?:as|in|on|at)\s[^,;]{0,60})?[,.:;!?]?\s*$")
_PRONOUN_BEFORE = re.compile(r"\b(?:he|she)(?:\s+(?:also|then|later|\w+ly|has|had))*\s+$", re.I)
_PRONOUN_AFTER = re.compile(r"^\s+(?:he|she)\b", re.I)


@dataclass(frozen=True)
class Mention:
    """An actor's mention at text offsets [start, end), in sentence `sent_idx`."""

    start: int
    end: int
    actor_id: str
    sent_idx: int


def speaker_in(
    text: str, clause: tuple[int, int], mentions: Sequence[Mention], after: bool
) -> tuple[str | None, bool]:
    """(the speaker's actor id or None, whether the clause says "he"/"she" instead) of an
    attribution clause text[clause]; `after`: the clause follows the quotation (the first
    verb in it counts), else it comes before (the last verb counts)."""
    cs, ce = clause
    verbs = list(_VERB.finditer(text, cs, ce))
    if not verbs:
        return None, False
    verb = verbs[0] if after else verbs[-1]
    inside = [m for m in mentions if cs <= m.start and m.end <= ce]
    according = verb.group().lower().startswith("according")
    if not according:
        before = [m for m in inside if m.end <= verb.start()]
        if before:
            m = max(before, key=lambda m: m.end)
            gap = text[m.end : verb.start()]
            if (
                _GAP_BEFORE.match(gap)
                and not _OWNED.match(gap)
                and not _FOR.search(text[max(cs, m.start - 60) : m.start])
            ):
                return m.actor_id, False
    # The name ends the title run: "said U.S. Secretary of State Antony Blinken" is Blinken.
    later = [
        m for m in inside if m.start >= verb.end() and _GAP_AFTER.match(text[verb.end() : m.start])
    ]
    if later:
        m = max(later, key=lambda m: m.start)
        if not _OWNED.match(text[m.end : m.end + 3]) and _ENDS.match(text[m.end : ce]):
            return m.actor_id, False
    near = text[max(cs, verb.start() - 30) : verb.start()]
    pronoun = bool(_PRONOUN_BEFORE.search(near) or _PRONOUN_AFTER.match(text[verb.end() : ce]))
    return None, pronoun and not according


def resolve_pronoun(
    previous: int,
    mentions: Sequence[Mention],
    persons: set[str],
    quoted: Sequence[tuple[int, int]] = (),
    unnamed: frozenset[int] = frozenset(),
) -> str | None:
    """The one person actor named outside the quotations `quoted` ((start, end) spans: a
    person quoted about is not the one who speaks) in the nearest of the BACK sentences up to
    `previous` that names a person at all ("Ruiz Ligero attributed ... The EC accounts ...
    "...," he said."), or None (none, or two in that sentence, or someone unnamed spoke
    nearer: `unnamed`, the sentences where a speech verb has no person named, "The spokesman
    said ...")."""
    named: dict[int, set[str]] = {}
    for m in mentions:
        if (
            previous - BACK < m.sent_idx <= previous
            and m.actor_id in persons
            and not any(s <= m.start and m.end <= e for s, e in quoted)
        ):
            named.setdefault(m.sent_idx, set()).add(m.actor_id)
    if not named:
        return None
    near = max(named)
    if any(near < k <= previous for k in unnamed):
        return None
    return next(iter(named[near])) if len(named[near]) == 1 else None


BACK = 4  # sentences a "he said" looks back for its person: newswire's facts come between
