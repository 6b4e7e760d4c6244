"""The first-in-first-out queue shared by warehouse picking and helpdesk first responses."""

from __future__ import annotations

import numpy as np

from orchestration.simulator.queueing import fifo_service_days


def test_items_are_served_in_order_within_capacity() -> None:
    arrival = np.array([0, 0, 0, 1, 1, 3])
    capacity = np.full(10, 2.0)
    day, carry = fifo_service_days(arrival, capacity, first_day=0, period_end=4, carry=0.0)
    assert day.tolist() == [0, 0, 1, 1, 2, 3]
    assert carry == 0.0


def test_a_backlog_carries_over_and_goes_first() -> None:
    capacity = np.array([1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    day, carry = fifo_service_days(np.array([10, 10, 10]), capacity, first_day=10, period_end=12, carry=2.0)
    assert day.tolist() == [13, 14, 15]  # two queued items take days 10 and 11; day 12 is closed
    assert carry == 3.0  # nothing left of the period's work was done after the carry


def test_overtime_drains_a_backlog_faster() -> None:
    arrival = np.zeros(20, dtype=int)
    capacity = np.full(30, 2.0)
    plain, _ = fifo_service_days(arrival, capacity, 0, 1, 0.0)
    busy, _ = fifo_service_days(arrival, capacity, 0, 1, 0.0, surge=0.5)
    assert busy.max() < plain.max() and (busy <= plain).all()


def test_early_arrivals_join_on_the_first_day() -> None:
    day, _ = fifo_service_days(np.array([-1, 5]), np.full(10, 1.0), first_day=5, period_end=6, carry=0.0)
    assert day.tolist() == [5, 6]
