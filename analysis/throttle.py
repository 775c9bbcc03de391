"""A server-wide limit on guessing a secret: a few free tries, then a doubling wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Attempt:
    """What one attempt came to: `checked` False means refused during the wait, unlooked at."""

    checked: bool
    correct: bool
    wait_s: float  # seconds before the next attempt is looked at


class Throttle:
    """Failures counted across every caller; after `free_tries` of them each further attempt
    waits base_delay_s * 2**k since the last failure (k = failures past the free ones), up to
    max_delay_s. A success resets the count.

    One instance per server process, shared by every session: a reload or a new session
    (what an attacker does for free) starts nothing afresh.
    """

    def __init__(
        self,
        free_tries: int = 5,
        base_delay_s: float = 2.0,
        max_delay_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free_tries = free_tries
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._last_failure = 0.0

    @property
    def failures(self) -> int:
        return self._failures

    def wait(self) -> float:
        """Seconds before an attempt is looked at (0: now)."""
        with self._lock:
            return self._wait(self._clock())

    def attempt(self, check: Callable[[], bool]) -> Attempt:
        """Call `check` (the comparison) unless waiting; record what it said.

        The wait is checked and the failure recorded under one lock, so guesses sent together
        when a wait ends get one comparison between them, not one each.
        """
        with self._lock:
            now = self._clock()
            left = self._wait(now)
            if left > 0:
                return Attempt(checked=False, correct=False, wait_s=left)
            if check():
                self._failures = 0
                return Attempt(checked=True, correct=True, wait_s=0.0)
            self._failures += 1
            self._last_failure = now
            return Attempt(checked=True, correct=False, wait_s=self._wait(now))

    def _wait(self, now: float) -> float:
        past = self._failures - self.free_tries
        if past < 0 or not self._failures:
            return 0.0
        # The exponent is capped so that a long siege cannot overflow the float.
        delay = min(self.base_delay_s * 2.0 ** min(past, 64), self.max_delay_s)
        return max(self._last_failure + delay - now, 0.0)
