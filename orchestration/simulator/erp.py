"""ERP (operations): warehouses, shipments and daily inventory snapshots.

Each warehouse picks orders first in, first out, as fast as its staff (from HRIS) allows; lines
whose product is out of stock wait for the next replenishment. Fulfilment time, transit and the
promised date decide whether a parcel is on time.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from orchestration.simulator.columns import codes, labels
from orchestration.simulator.company import CompanyState
from orchestration.simulator.exports import Exporter
from orchestration.simulator.hris import ORDERS_PER_FTE_DAY, Workforce
from orchestration.simulator.oms import B2B, Orders
from orchestration.simulator.queueing import fifo_service_days
from orchestration.simulator.reference import (
    REGIONS,
    TIMEZONES,
    WAREHOUSE_IDS,
    WAREHOUSE_TZ,
    WAREHOUSES,
)
from orchestration.simulator.rng import stream
from orchestration.simulator.timefmt import DAY, HOUR, NAT

CUTOFF_HOUR = 14  # orders placed later are picked from the next day on
_LOOKAHEAD_DAYS = 90
_WORKING_DAYS = np.array([1, 1, 1, 1, 1, 1, 0])  # warehouses pick Monday to Saturday
_PEAK_OVERTIME = 1.25  # extra shifts from mid-November to just before Christmas
_OVERTIME = 0.2  # extra capacity when orders pile up
SERVICE_LEVELS = ("standard", "express", "freight")
_PROMISED_DAYS = np.array([5, 3, 7])
_EXPRESS_SHARE = 0.2
_TRANSIT_MEAN_DAYS = np.array([2.3, 2.4, 1.9, 2.1, 1.5])  # standard service, per region
_EXPRESS_TRANSIT_DAYS = 1.1
_FREIGHT_TRANSIT_DAYS = 3.0
_CARRIERS = {
    "NA-E": ("Swiftline Parcel", "Atlas Express"),
    "NA-W": ("Swiftline Parcel", "Atlas Express"),
    "EU-N": ("Northern Parcel", "Atlas Express"),
    "EU-S": ("Iberia Courier", "Atlas Express"),
    "APAC": ("Sakura Express", "Atlas Express"),
}
_FREIGHT_CARRIER = "Atlas Freight"
_SAFETY_DAYS = 7  # reorder point covers the lead time plus this many days of demand
_COVER_DAYS = 45  # replenishment order covers this many days
_CASE = 12
_SUPPLIER_DELAY_P = 0.1


class Operations:
    """Warehouse queues and stock, carried from month to month."""

    def __init__(self, state: CompanyState, wf: Workforce) -> None:
        self.state = state
        cal = state.calendar
        n_wh, n_p = len(WAREHOUSES), state.catalogue.size
        overtime = np.ones(cal.n_total)
        md = cal.dates.astype("datetime64[D]")
        month_day = (md - md.astype("datetime64[M]")).astype(np.int64) + 1
        month = md.astype("datetime64[M]").astype(np.int64) % 12 + 1
        overtime[((month == 11) & (month_day >= 15)) | ((month == 12) & (month_day <= 23))] = _PEAK_OVERTIME
        self.capacity = (
            wf.warehouse_fte
            * ORDERS_PER_FTE_DAY
            * _WORKING_DAYS[cal.weekday][:, None]
            * overtime[:, None]
            * state.effects.warehouse_productivity
        )
        self.carry = np.zeros(n_wh)
        self.on_hand = np.zeros((n_wh, n_p))
        self.on_order = np.zeros((n_wh, n_p))
        self.arrival = np.full((n_wh, n_p), -1)
        self.reorder_point = np.zeros((n_wh, n_p))
        self.order_qty = np.zeros((n_wh, n_p))
        self.demand_history: list[np.ndarray] = []
        self.next_shipment = 1
        self._region_warehouses = [
            (
                np.array([i for i, w in enumerate(WAREHOUSES) if w.region == r.code]),
                np.array([w.region_share for w in WAREHOUSES if w.region == r.code]),
            )
            for r in REGIONS
        ]

    def fulfil(self, month: int, a: int, b: int, o: Orders, out: Exporter) -> None:
        """Set warehouse, promise, ship and delivery times of the month's orders; queue ERP rows."""
        rng = stream(self.state.seed, "erp", month)
        clock = self.state.clock
        n = len(o.placed)
        warehouse = np.full(n, -1)
        ship = np.flatnonzero(o.shippable)
        for r, (whs, shares) in enumerate(self._region_warehouses):
            mine = ship[o.region[ship] == r]
            warehouse[mine] = whs[rng.choice(len(whs), len(mine), p=shares)]
        o.warehouse = warehouse

        tz = WAREHOUSE_TZ[warehouse[ship]]
        local = clock.local(o.placed[ship], tz)
        arrival = o.day[ship] + ((local % DAY) // HOUR >= CUTOFF_HOUR)
        release = self._stock(rng, a, b, o, warehouse, out)
        order_release = np.full(n, -1)
        line_ship = np.flatnonzero(warehouse[o.line_order] >= 0)
        np.maximum.at(order_release, o.line_order[line_ship], release[line_ship])

        picked = np.empty(len(ship), dtype=np.int64)
        horizon = min(b + _LOOKAHEAD_DAYS, self.state.calendar.n_total)
        for w in range(len(WAREHOUSES)):
            mine = np.flatnonzero(warehouse[ship] == w)
            queue = mine[np.lexsort((o.placed[ship][mine], arrival[mine]))]
            picked[queue], self.carry[w] = fifo_service_days(
                arrival[queue], self.capacity[a:horizon, w], a, b, self.carry[w], surge=_OVERTIME
            )
        ship_day = np.maximum(picked, order_release[ship])
        shipped = clock.to_utc(clock.day_start(ship_day) + rng.integers(10 * HOUR, 19 * HOUR, len(ship)), tz)
        shipped = np.maximum(shipped, o.placed[ship] + HOUR + rng.integers(0, 2 * HOUR, len(ship)))

        service = np.where(
            o.channel[ship] == B2B, 2, (rng.random(len(ship)) < _EXPRESS_SHARE).astype(np.int64)
        )
        region = o.region[ship]
        mean = np.where(
            service == 0,
            _TRANSIT_MEAN_DAYS[region],
            np.where(service == 1, _EXPRESS_TRANSIT_DAYS, _FREIGHT_TRANSIT_DAYS),
        )
        transit = np.maximum(1, np.round(rng.gamma(4.0, mean / 4.0))).astype(np.int64)
        ship_local_day = clock.local_day(shipped, tz)
        deliver_day = ship_local_day + transit
        deliver_day += (
            self.state.calendar.weekday[np.minimum(deliver_day, self.state.calendar.n_total - 1)] == 6
        )
        delivered = clock.to_utc(
            clock.day_start(deliver_day) + rng.integers(9 * HOUR, 20 * HOUR, len(ship)), tz
        )
        promise_day = o.day[ship] + _PROMISED_DAYS[service]
        promised = clock.to_utc(clock.day_start(promise_day + 1), tz) - 1
        horizon_end = clock.t0 + self.state.calendar.n_total * DAY
        for name, values in (("promised", promised), ("shipped", shipped), ("delivered", delivered)):
            full = np.full(n, NAT)
            full[ship] = np.where(values < horizon_end, values, NAT)
            setattr(o, name, full)
        self._shipments(o, ship, service, out)

    def _stock(self, rng, a: int, b: int, o: Orders, warehouse: np.ndarray, out: Exporter) -> np.ndarray:
        """Run the month's stock day by day; returns per line the day its stock arrives if it was
        out of stock when ordered (else -1)."""
        cat = self.state.catalogue
        n_wh, n_p = self.on_hand.shape
        line_wh = warehouse[o.line_order]
        live = line_wh >= 0
        line_day = o.day[o.line_order]
        demand = np.zeros((b - a, n_wh, n_p))
        np.add.at(demand, (line_day[live] - a, line_wh[live], o.product[live]), o.quantity[live])
        recent = self.demand_history[-1] if self.demand_history else demand.mean(axis=0)
        self.reorder_point = np.ceil(recent * (cat.lead_time_days + _SAFETY_DAYS))
        self.order_qty = np.maximum(_CASE, np.ceil(recent * _COVER_DAYS / _CASE) * _CASE)
        if not self.demand_history:
            self.on_hand = self.reorder_point + self.order_qty // 2
        self.demand_history.append(demand.mean(axis=0))

        release = np.full((b - a, n_wh, n_p), -1)
        snapshots = np.empty((b - a, 3, n_wh, n_p))
        for k in range(b - a):
            d = a + k
            arrived = self.arrival == d
            self.on_hand += np.where(arrived, self.on_order, 0)
            self.on_order[arrived] = 0
            self.arrival[arrived] = -1
            snapshots[k] = self.on_hand, self.on_order, self.reorder_point
            out_of_stock = self.on_hand <= 0
            self.on_hand -= demand[k]
            reorder = (self.on_hand + self.on_order <= self.reorder_point) & (self.arrival < 0)
            delay = np.where(
                rng.random(reorder.shape) < _SUPPLIER_DELAY_P, rng.integers(3, 11, reorder.shape), 0
            )
            self.on_order = np.where(
                reorder,
                np.maximum(self.order_qty, self.reorder_point - self.on_hand + self.order_qty),
                self.on_order,
            )
            self.arrival = np.where(reorder, d + cat.lead_time_days[None, :] + delay, self.arrival)
            release[k] = np.where(out_of_stock, self.arrival, -1)
        self._snapshots(a, b, snapshots, out)
        line_release = np.full(len(line_wh), -1)
        line_release[live] = release[line_day[live] - a, line_wh[live], o.product[live]]
        return line_release

    def _snapshots(self, a: int, b: int, snapshots: np.ndarray, out: Exporter) -> None:
        cat, cal = self.state.catalogue, self.state.calendar
        n_wh, n_p = self.on_hand.shape
        day, wh, product = (x.ravel() for x in np.indices((b - a, n_wh, n_p)))
        on_hand = snapshots[:, 0].ravel()
        out.add(
            "erp.inventory_snapshots",
            {
                "snapshot_date": cal.dates[a + day],
                "warehouse_id": pa.array(list(WAREHOUSE_IDS), pa.string()).take(
                    pa.array(wh.astype(np.int32))
                ),
                "product_id": pa.array(cat.product_id.tolist(), pa.string()).take(
                    pa.array(product.astype(np.int32))
                ),
                "on_hand_units": np.maximum(on_hand, 0).astype(np.int64),
                "backordered_units": np.maximum(-on_hand, 0).astype(np.int64),
                "on_order_units": snapshots[:, 1].ravel().astype(np.int64),
                "reorder_point_units": snapshots[:, 2].ravel().astype(np.int64),
                "unit_cost_usd": cat.cost_usd[product],
            },
            a + day,
        )

    def _shipments(self, o: Orders, ship: np.ndarray, service: np.ndarray, out: Exporter) -> None:
        clock = self.state.clock
        number = np.arange(self.next_shipment, self.next_shipment + len(ship))
        self.next_shipment += len(ship)
        # A shipment is exported when it leaves the warehouse and again when it is delivered.
        versions = [
            (np.flatnonzero(o.shipped[ship] != NAT), o.shipped[ship], 1),
            (np.flatnonzero(o.delivered[ship] != NAT), o.delivered[ship], 2),
        ]
        pos = np.concatenate([v[0] for v in versions])
        when = np.concatenate([v[1][v[0]] for v in versions])
        stage = np.concatenate([np.full(len(v[0]), v[2]) for v in versions])
        orders = ship[pos]
        wh = o.warehouse[orders]
        region = o.region[orders]
        carriers = np.array(
            [[_CARRIERS[r.code][0], _CARRIERS[r.code][1], _FREIGHT_CARRIER] for r in REGIONS], dtype=object
        )
        out.add(
            "erp.shipments",
            {
                "shipment_id": codes("SHP-", number[pos], 9),
                "order_id": o.order_id.take(pa.array(orders)),
                "warehouse_id": labels(WAREHOUSE_IDS, wh),
                "carrier": carriers[region, service[pos]],
                "service_level": labels(SERVICE_LEVELS, service[pos]),
                "status": np.where(stage == 2, "delivered", "in_transit").astype(object),
                "promised_at": o.promised[orders],
                "shipped_at": o.shipped[orders],
                "delivered_at": np.where(stage >= 2, o.delivered[orders], NAT),
                "updated_at": when,
            },
            clock.local_day(when, WAREHOUSE_TZ[wh]),
        )


def export_warehouses(state: CompanyState, out: Exporter) -> None:
    out.add(
        "erp.warehouses",
        {
            "warehouse_id": np.asarray(WAREHOUSE_IDS, dtype=object),
            "warehouse_name": np.array([w.name for w in WAREHOUSES], dtype=object),
            "region_code": np.array([w.region for w in WAREHOUSES], dtype=object),
            "city": np.array([w.city for w in WAREHOUSES], dtype=object),
            "timezone": labels(TIMEZONES, WAREHOUSE_TZ),
            "opened_on": np.array([np.datetime64(w.opened_on) for w in WAREHOUSES]),
            "updated_at": np.full(len(WAREHOUSES), state.snapshot_time),
        },
        state.calendar.n_days - 1,
    )
