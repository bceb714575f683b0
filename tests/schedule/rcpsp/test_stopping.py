"""The stop relay: a set stop request stops the solver attached at the time, once."""

from __future__ import annotations

import threading
import time

from steerco.schedule.rcpsp.stopping import StopRelay


class FakeSolver:
    def __init__(self) -> None:
        self.stopped = threading.Event()

    def stop_search(self) -> None:
        self.stopped.set()


def test_stop_request_stops_the_attached_solver() -> None:
    stop = threading.Event()
    first, second = FakeSolver(), FakeSolver()
    with StopRelay(stop, first) as relay:
        relay.attach(second)
        stop.set()
        assert second.stopped.wait(2.0)
    assert not first.stopped.is_set()


def test_no_request_no_stop() -> None:
    solver = FakeSolver()
    with StopRelay(threading.Event(), solver):
        time.sleep(0.1)
    assert not solver.stopped.is_set()


def test_without_a_stop_event_the_relay_does_nothing() -> None:
    solver = FakeSolver()
    with StopRelay(None, solver):
        pass
    assert not solver.stopped.is_set()
