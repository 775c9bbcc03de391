"""analysis/throttle.py: free tries, then a doubling wait, on a fake clock (no sleeping)."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wrong() -> bool:
    return False


def right() -> bool:
    return True


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_throttle_free_tries_then_a_wait(clock):
    t = Throttle(free_tries=3, base_delay_s=2.0, clock=clock)
    waits = [t.attempt(wrong).wait_s for _ in range(3)]
    assert waits == [0.0, 0.0, 2.0]  # the third failure starts the wait
    assert t.wait() == 2.0
    clock.now += 1.5
    assert t.wait() == 0.5


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(4, 0.0), (5, 2.0), (6, 4.0), (7, 8.0), (9, 32.0), (16, 3600.0), (2000, 3600.0)],
)
def test_throttle_wait_doubles_up_to_the_cap(clock, failures, wait):
    t = Throttle(free_tries=5, base_delay_s=2.0, max_delay_s=3600.0, clock=clock)
    for _ in range(failures):
        clock.now += 10_000  # each guess after its wait
        t.attempt(wrong)
    assert t.failures == failures
    assert t.wait() == wait


def test_throttle_refuses_even_the_right_passcode_during_the_wait(clock):
    t = Throttle(free_tries=1, base_delay_s=30.0, clock=clock)
    t.attempt(wrong)
    checked = []
    result = t.attempt(lambda: checked.append(1) or True)
    assert (result.checked, result.correct, result.wait_s) == (False, False, 30.0)
    assert not checked  # the comparison never ran
    assert t.failures == 1  # a refused attempt neither counts nor restarts the wait
    clock.now += 30.0
    result = t.attempt(right)
    assert (result.checked, result.correct) == (True, True)


def test_throttle_success_resets(clock):
    t = Throttle(free_tries=2, base_delay_s=2.0, clock=clock)
    t.attempt(wrong)
    assert t.attempt(right).correct
    assert t.failures == 0
    assert t.attempt(wrong).wait_s == 0.0  # the free tries are back


def test_throttle_guesses_sent_together_get_one_check(clock):
    """Threads racing at the end of a wait: the lock lets exactly one comparison through."""
    t = Throttle(free_tries=0, base_delay_s=5.0, clock=clock)
    checks = []
    start = threading.Barrier(8)

    def guess() -> None:
        start.wait()
        t.attempt(lambda: checks.append(1) or False)

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checks) == 1
    assert t.failures == 1


@given(st.lists(st.tuples(st.booleans(), st.floats(0, 5000)), max_size=40))
def test_throttle_never_checks_during_a_wait(steps):
    clock = Clock()
    t = Throttle(free_tries=2, base_delay_s=1.0, max_delay_s=600.0, clock=clock)
    for correct, pause in steps:
        clock.now += pause
        before = t.wait()
        result = t.attempt(right if correct else wrong)
        assert result.checked == (before == 0)
        assert 0 <= result.wait_s <= 600.0


def test_locked_out_message_is_not_pushed_up_by_float_error() -> None:
    from app_pages.settings import locked_out

    # A clock value at which a 600 s delay comes back as a hair over 600 s.
    t = next(t / 1000 for t in range(3_000_000, 4_000_000, 7) if (t / 1000 + 600) - t / 1000 > 600)
    assert locked_out((t + 600) - t) == "Too many wrong passcodes: try again in 10 min"
    assert locked_out(600.4) == "Too many wrong passcodes: try again in 11 min"
    assert locked_out(59.5) == "Too many wrong passcodes: try again in 60 s"
