"""First-in-first-out service with a daily capacity: used for warehouse picking and for the
helpdesk's first responses."""

from __future__ import annotations

import numpy as np


def fifo_service_days(
    arrival: np.ndarray,
    capacity: np.ndarray,
    first_day: int,
    period_end: int,
    carry: float,
    surge: float = 0.0,
    surge_after_days: float = 2.0,
) -> tuple[np.ndarray, float]:
    """Day each item is served, and the queue left at the end of the period.

    ``arrival`` holds the arrival day of each item in queue order (non-decreasing, all before
    ``period_end``), ``capacity`` the items that can be served on each day from ``first_day`` on
    (reaching well past ``period_end``), and ``carry`` the items still queued from before
    ``first_day``, which go first. With a backlog, overtime adds up to ``surge`` x capacity, in
    full once the backlog reaches ``surge_after_days`` days of work, so queues drain again after
    a spike. Items that arrived before ``first_day`` join the queue on it; items the capacity
    cannot reach are served on its last day.
    """
    n_days = len(capacity)
    arrival = np.maximum(arrival, first_day)
    arrivals = np.bincount(arrival - first_day, minlength=n_days)[:n_days]
    served_by = np.empty(n_days)  # cumulative items served (carry included) by the end of each day
    backlog, done = carry, 0.0
    for d in range(n_days):
        cap = capacity[d]
        if surge and cap > 0:
            cap *= 1 + surge * min(1.0, backlog / (cap * surge_after_days))
        work = backlog + arrivals[d]
        served = min(work, cap)
        backlog = work - served
        done += served
        served_by[d] = done
    last = period_end - 1 - first_day
    carry_out = carry + arrivals[: last + 1].sum() - served_by[last]
    position = carry + np.arange(1, len(arrival) + 1) - 1e-9
    day = np.minimum(np.searchsorted(served_by, position, side="left"), n_days - 1)
    return first_day + day, float(carry_out)
