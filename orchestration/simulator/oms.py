"""Order management (sales): orders of the web shop, the retail stores and B2B accounts, their
lines and returns, the product catalogue, stores and daily FX rates.

Online orders are the purchasing web sessions, retail orders follow store footfall and B2B
orders come from CRM contracts. Whether a consumer order comes from a returning customer
depends on how satisfied the region's recent customers are (see CustomerBase).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.simulator import forecast
from orchestration.simulator.columns import codes, labels
from orchestration.simulator.company import CompanyState
from orchestration.simulator.crm import SEGMENT_DISCOUNT, Crm
from orchestration.simulator.exports import Exporter
from orchestration.simulator.reference import (
    CATEGORIES,
    CURRENCIES,
    CURRENCY_DECIMALS,
    FX_START_USD_PER_UNIT,
    REGION_CODES,
    REGION_CURRENCY,
    REGION_INDEX,
    REGION_TZ,
    REGIONS,
    SALES_CHANNELS,
    STORES,
    TIMEZONES,
    WAREHOUSE_IDS,
)
from orchestration.simulator.rng import stream
from orchestration.simulator.timefmt import DAY, HOUR, NAT
from orchestration.simulator.web import Sessions

ONLINE, RETAIL, B2B = 0, 1, 2
_ANNUAL_PRICE_INCREASE = 0.03
_COUPON_SHARE, _COUPON_RATE = 0.08, 0.10
_PROMO_ELIGIBLE = 0.7  # share of lines a running promotion applies to
_CANCEL_RATE = np.array([0.025, 0.0, 0.01])
_RETURN_CHANNEL_FACTOR = np.array([1.0, 0.45, 0.3])
_LATE_RETURN_FACTOR = 1.6

# Repeat purchases: each recent customer orders again at this daily rate times their
# satisfaction weight; late deliveries and poor service lower the weight.
_REPEAT_HAZARD = 0.0024
_RECENT_DAYS = 180
_MAX_REPEAT_SHARE = 0.85
_LATE_DELIVERY_WEIGHT = 0.55
_ON_TIME_WEIGHT = 1.03
_INITIAL_CUSTOMERS_PER_DAILY_ORDER = 145.0  # customers who bought in the half year before the start
_CONSUMER_ORDERS_PER_DAY = 630.0  # online and retail, scale 1, at the start

RETURN_REASONS = ("wrong_size", "damaged", "not_as_described", "changed_mind", "late_delivery")
_STORE_INDEX = {s.store_id: i for i, s in enumerate(STORES)}
STORE_REGION = np.array([REGION_INDEX[s.region] for s in STORES])
STORE_TZ = REGION_TZ[STORE_REGION]
_ONLINE_STORE = np.array([_STORE_INDEX[f"WEB-{r.code.replace('-', '')}"] for r in REGIONS])
_B2B_STORE = np.array([_STORE_INDEX[f"B2B-{r.code.replace('-', '')}"] for r in REGIONS])
_RETAIL_STORES = np.array([i for i, s in enumerate(STORES) if s.channel == "retail"])


class CustomerBase:
    """Consumer customers (online and retail) with their region, last order day and satisfaction weight."""

    def __init__(self, state: CompanyState) -> None:
        rng = stream(state.seed, "oms", "customers")
        daily_orders = state.scale * np.array([r.weight for r in REGIONS]) * _CONSUMER_ORDERS_PER_DAY
        initial = np.round(_INITIAL_CUSTOMERS_PER_DAILY_ORDER * daily_orders).astype(np.int64)
        self.region = np.repeat(np.arange(len(REGIONS)), initial)
        self.last_day = -rng.integers(1, _RECENT_DAYS, len(self.region))
        self.weight = np.ones(len(self.region))

    def assign(
        self, rng: np.random.Generator, region: np.ndarray, day: np.ndarray, month_start: int
    ) -> np.ndarray:
        """Customer number per order: a returning recent customer or a new one."""
        customer = np.empty(len(region), dtype=np.int64)
        recent = self.last_day >= month_start - _RECENT_DAYS
        n_days = max(1, int(day.max() - month_start + 1)) if len(day) else 1
        new_region: list[np.ndarray] = []
        for r in range(len(REGIONS)):
            mine = np.flatnonzero(region == r)
            if not len(mine):
                continue
            pool = np.flatnonzero(recent & (self.region == r))
            weight = self.weight[pool]
            share = (
                min(_MAX_REPEAT_SHARE, _REPEAT_HAZARD * weight.sum() * n_days / len(mine))
                if len(pool)
                else 0.0
            )
            back = rng.random(len(mine)) < share
            customer[mine[back]] = (
                rng.choice(pool, int(back.sum()), p=weight / weight.sum()) if back.any() else []
            )
            fresh = mine[~back]
            customer[fresh] = len(self.region) + sum(len(x) for x in new_region) + np.arange(len(fresh))
            new_region.append(np.full(len(fresh), r))
        if new_region:
            self.region = np.concatenate([self.region, *new_region])
            self.last_day = np.concatenate(
                [self.last_day, *[np.zeros(len(x), dtype=np.int64) for x in new_region]]
            )
            self.weight = np.concatenate([self.weight, *[np.ones(len(x)) for x in new_region]])
        np.maximum.at(self.last_day, customer, day)
        return customer

    def adjust(self, customer: np.ndarray, factor: np.ndarray | float) -> None:
        self.weight[customer] = np.clip(self.weight[customer] * factor, 0.05, 1.3)

    def remember_deliveries(self, o: Orders) -> None:
        """Customers whose parcel came late are less likely to buy again; on time helps a little."""
        delivered = np.flatnonzero((o.customer >= 0) & (o.delivered != NAT))
        late = o.late_days()[delivered] > 0
        self.adjust(o.customer[delivered], np.where(late, _LATE_DELIVERY_WEIGHT, _ON_TIME_WEIGHT))


@dataclass
class Orders:
    """One month of orders, sorted by time placed, with their lines; ERP fills in the fulfilment."""

    number: np.ndarray  # global order number
    channel: np.ndarray
    region: np.ndarray
    store: np.ndarray  # index into STORES
    customer: np.ndarray  # consumer customer number, or -1 - account index for B2B
    placed: np.ndarray  # UTC seconds
    day: np.ndarray  # local day index
    total: np.ndarray  # order currency
    cancelled_at: np.ndarray  # UTC seconds or NAT
    session: np.ndarray  # position in the month's purchasing sessions, -1 if not online
    line_order: np.ndarray  # per line: order position
    line_number: np.ndarray
    product: np.ndarray
    quantity: np.ndarray
    unit_price: np.ndarray
    discount: np.ndarray
    amount: np.ndarray
    unit_cost: np.ndarray
    warehouse: np.ndarray | None = None  # -1 for retail and cancelled orders
    promised: np.ndarray | None = None  # UTC seconds or NAT
    shipped: np.ndarray | None = None
    delivered: np.ndarray | None = None

    @property
    def currency(self) -> np.ndarray:
        return REGION_CURRENCY[self.region]

    @property
    def order_id(self) -> pa.Array:
        return codes("SO-", self.number, 9)

    @property
    def cancelled(self) -> np.ndarray:
        return self.cancelled_at != NAT

    @property
    def shippable(self) -> np.ndarray:
        return (self.channel != RETAIL) & ~self.cancelled

    def late_days(self) -> np.ndarray:
        """Whole days delivered after the promise (0 when on time or not delivered)."""
        late = (self.delivered - self.promised) / DAY
        return np.where((self.delivered != NAT) & (late > 0), np.ceil(late), 0).astype(np.int64)

    def customer_ids(self, crm: Crm) -> pa.Array:
        """Customer number per order: C######### for consumers, the CRM account id for B2B."""
        b2b = self.customer < 0
        ids = codes("C", np.maximum(self.customer, 0) + 1, 9)
        if b2b.any():
            accounts = pa.array(crm.account_id[-1 - self.customer[b2b]], pa.string())
            ids = pc.replace_with_mask(ids, pa.array(b2b), accounts)
        return ids


def round_money(amount: np.ndarray, currency: np.ndarray) -> np.ndarray:
    factor = 10.0 ** CURRENCY_DECIMALS[currency]
    return np.round(amount * factor) / factor


class OrderBook:
    """Builds each month's orders and keeps the running counters and customer base."""

    def __init__(self, state: CompanyState, crm: Crm) -> None:
        self.state, self.crm = state, crm
        self.customers = CustomerBase(state)
        self.next_order = 1
        self.next_return = 1
        cat = state.catalogue
        years = state.calendar.dates.astype("datetime64[Y]").astype(np.int64)
        self.price_year = years - years[0]
        # Local list prices per price year: converted at the opening rate, then rounded to x.99
        # (whole tens of yen); they rise every January.
        growth = (1 + _ANNUAL_PRICE_INCREASE) ** np.arange(self.price_year.max() + 1)[:, None, None]
        raw = cat.list_price_usd[None, None, :] * growth / FX_START_USD_PER_UNIT[None, :, None]
        whole = CURRENCY_DECIMALS[None, :, None] == 0
        self.price_list = np.where(whole, np.round(raw / 10) * 10, np.ceil(raw) - 0.01)

    def build_month(self, month: int, a: int, b: int, sessions: Sessions) -> Orders:
        state, rng = self.state, stream(self.state.seed, "oms", month)
        clock = state.clock
        # Online: the purchasing sessions, placed when the session ends (same local day).
        p = sessions.purchased
        on_region = sessions.region[p]
        on_day = sessions.day[p]
        day_end = clock.to_utc(clock.day_start(on_day + 1), REGION_TZ[on_region]) - 1
        on_placed = np.minimum(sessions.start[p] + sessions.duration[p], day_end)
        # Retail: store footfall.
        stores = _RETAIL_STORES
        counts = rng.poisson(forecast.retail_orders(state)[a:b])
        cell = np.repeat(np.arange(counts.size), counts.ravel())
        rt_day, rt_store = np.unravel_index(cell, counts.shape)
        rt_day, rt_store = rt_day + a, stores[rt_store]
        rt_local = clock.day_start(rt_day) + ((9 + 12 * rng.beta(2.2, 1.8, len(cell))) * HOUR).astype(
            np.int64
        )
        rt_placed = clock.to_utc(rt_local, STORE_TZ[rt_store])
        # B2B: scheduled orders of contracts.
        crm = self.crm
        sel = (crm.order_day >= a) & (crm.order_day < b)
        acc, b2b_day, b2b_value = crm.order_account[sel], crm.order_day[sel], crm.order_value[sel]
        b2b_region = crm.account_region[acc]
        b2b_local = clock.day_start(b2b_day) + rng.integers(8 * HOUR, 17 * HOUR, len(acc))
        b2b_placed = clock.to_utc(b2b_local, REGION_TZ[b2b_region])

        channel = np.concatenate(
            [np.full(len(p), ONLINE), np.full(len(cell), RETAIL), np.full(len(acc), B2B)]
        )
        region = np.concatenate([on_region, STORE_REGION[rt_store], b2b_region])
        store = np.concatenate([_ONLINE_STORE[on_region], rt_store, _B2B_STORE[b2b_region]])
        placed = np.concatenate([on_placed, rt_placed, b2b_placed])
        day = np.concatenate([on_day, rt_day, b2b_day])
        session = np.concatenate([np.arange(len(p)), np.full(len(cell) + len(acc), -1)])
        target = np.concatenate([np.zeros(len(p) + len(cell)), b2b_value])
        account = np.concatenate([np.full(len(p) + len(cell), -1), acc])
        order = np.argsort(placed, kind="stable")
        channel, region, store, placed, day, session, target, account = (
            x[order] for x in (channel, region, store, placed, day, session, target, account)
        )
        n = len(order)
        customer = np.full(n, -1, dtype=np.int64)
        consumer = channel != B2B
        customer[consumer] = self.customers.assign(rng, region[consumer], day[consumer], a)
        customer[~consumer] = -1 - account[~consumer]
        number = np.arange(self.next_order, self.next_order + n)
        self.next_order += n

        lines = self._lines(rng, channel, region, day, target, account)
        total = np.bincount(lines["order"], lines["amount"], n)
        cancel = rng.random(n) < _CANCEL_RATE[channel]
        cancelled_at = np.where(cancel, placed + rng.integers(HOUR // 5, 10 * HOUR, n), NAT)
        return Orders(
            number=number,
            channel=channel,
            region=region,
            store=store,
            customer=customer,
            placed=placed,
            day=day,
            total=round_money(total, REGION_CURRENCY[region]),
            cancelled_at=cancelled_at,
            session=session,
            line_order=lines["order"],
            line_number=lines["number"],
            product=lines["product"],
            quantity=lines["quantity"],
            unit_price=lines["unit_price"],
            discount=lines["discount"],
            amount=lines["amount"],
            unit_cost=lines["unit_cost"],
        )

    def _lines(self, rng, channel, region, day, target, account) -> dict[str, np.ndarray]:
        state, cat = self.state, self.state.catalogue
        n = len(channel)
        count = np.where(
            channel == B2B, 3 + rng.poisson(3.0, n), 1 + rng.poisson(np.where(channel == ONLINE, 0.8, 0.6))
        )
        count = np.minimum(count, 12)
        order = np.repeat(np.arange(n), count)
        first = np.cumsum(count) - count
        number = np.arange(len(order)) - first[order] + 1
        product = rng.choice(cat.size, len(order), p=cat.popularity)
        currency = REGION_CURRENCY[region][order]
        price = self.price_list[self.price_year[day[order]], currency, product]
        ch = channel[order]
        segment = np.where(account >= 0, self.crm.account_segment[np.maximum(account, 0)], 0)
        rate = np.where(rng.random(len(order)) < _PROMO_ELIGIBLE, state.promotion[day[order]], 0.0)
        coupon = (rng.random(n) < _COUPON_SHARE) & (channel == ONLINE)
        rate = np.where(coupon[order], rate + _COUPON_RATE, rate)
        rate = np.where(ch == B2B, SEGMENT_DISCOUNT[segment[order]], rate)
        quantity = 1 + (rng.random(len(order)) < 0.15) + (rng.random(len(order)) < 0.05)
        per_line = target[order] / count[order]
        b2b_qty = np.maximum(1, np.round(per_line / (price * (1 - rate)))).astype(np.int64)
        quantity = np.where(ch == B2B, b2b_qty, quantity).astype(np.int64)
        discount = round_money(quantity * price * rate, currency)
        amount = round_money(quantity * price - discount, currency)
        unit_cost = round_money(cat.cost_usd[product] / state.fx[day[order], currency], currency)
        return {
            "order": order,
            "number": number,
            "product": product,
            "quantity": quantity,
            "unit_price": price,
            "discount": discount,
            "amount": amount,
            "unit_cost": unit_cost,
        }

    def returns(self, month: int, o: Orders) -> dict[str, np.ndarray]:
        """Returned lines: more likely for some categories and after a late delivery."""
        rng = stream(self.state.seed, "oms", "returns", month)
        ch = o.channel[o.line_order]
        delivered = np.where(o.channel == RETAIL, o.placed, o.delivered)[o.line_order]
        late = (o.late_days() > 0)[o.line_order]
        category = self.state.catalogue.category[o.product]
        base = np.array([c.return_rate for c in CATEGORIES])[category]
        p = base * _RETURN_CHANNEL_FACTOR[ch] * np.where(late, _LATE_RETURN_FACTOR, 1.0)
        line = np.flatnonzero((delivered != NAT) & (rng.random(len(ch)) < p))
        order = o.line_order[line]
        qty = np.where(
            ch[line] == B2B, 1 + (rng.random(len(line)) * o.quantity[line]).astype(np.int64), o.quantity[line]
        )
        qty = np.minimum(qty, o.quantity[line])
        region = o.region[order]
        when = delivered[line] + ((1 + rng.gamma(2.0, 4.0, len(line))) * DAY).astype(np.int64)
        local = self.state.clock.local(when, REGION_TZ[region])
        hour = (local % DAY) // HOUR
        when = when + np.where(hour < 9, 9 - hour, 0) * HOUR  # counters open at nine
        reason = rng.choice(4, len(line), p=[0.3, 0.2, 0.2, 0.3])
        sized = np.isin(category[line], [0, 1])  # apparel and footwear
        reason = np.where(sized & (rng.random(len(line)) < 0.5), 0, np.where(reason == 0, 3, reason))
        reason = np.where(late[line] & (rng.random(len(line)) < 0.5), 4, reason)
        in_store = (ch[line] == RETAIL) | ((ch[line] == ONLINE) & (rng.random(len(line)) < 0.2))
        number = np.arange(self.next_return, self.next_return + len(line))
        self.next_return += len(line)
        currency = REGION_CURRENCY[region]
        return {
            "line": line,
            "order": order,
            "number": number,
            "quantity": qty,
            "returned": when,
            "refund": round_money(o.amount[line] * qty / o.quantity[line], currency),
            "reason": reason,
            "in_store": in_store,
        }

    def export(self, o: Orders, returns: dict[str, np.ndarray], out: Exporter) -> None:
        clock, crm = self.state.clock, self.crm
        order_id = o.order_id
        customer = o.customer_ids(crm)
        tz = STORE_TZ[o.store]
        rng = stream(self.state.seed, "oms", "export", int(o.number[0]) if len(o.number) else 0)
        first_write = o.placed + np.where(
            o.channel == RETAIL, rng.integers(5, 60, len(o.placed)), rng.integers(1, 30, len(o.placed))
        )
        # A version per status change: placed (retail: delivered at the till), cancelled, shipped, delivered.
        retail = o.channel == RETAIL
        events = [
            (np.arange(len(o.placed)), first_write, np.where(retail, "delivered", "placed")),
            (np.flatnonzero(o.cancelled), o.cancelled_at, "cancelled"),
            (np.flatnonzero(o.shipped != NAT), o.shipped, "shipped"),
            (np.flatnonzero(o.delivered != NAT), o.delivered, "delivered"),
        ]
        pos = np.concatenate([e[0] for e in events])
        when = np.concatenate([e[1][e[0]] for e in events])
        status = np.concatenate(
            [np.broadcast_to(np.asarray(e[2], dtype=object), len(o.placed))[e[0]] for e in events]
        )
        out.add(
            "oms.orders",
            {
                "order_id": order_id.take(pa.array(pos)),
                "customer_id": customer.take(pa.array(pos)),
                "store_id": _store_ids()[o.store[pos]],
                "channel": labels(SALES_CHANNELS, o.channel[pos]),
                "region_code": labels(REGION_CODES, o.region[pos]),
                "ordered_at": clock.iso(o.placed[pos], tz[pos]),
                "currency": labels(CURRENCIES, o.currency[pos]),
                "order_total": o.total[pos],
                "status": status,
                "updated_at": clock.iso_utc(when),
            },
            clock.local_day(when, tz[pos]),
        )
        lo = o.line_order
        out.add(
            "oms.order_lines",
            {
                "order_id": order_id.take(pa.array(lo)),
                "line_number": o.line_number,
                "product_id": self.state.catalogue.product_id[o.product].astype(object),
                "quantity": o.quantity,
                "unit_price": o.unit_price,
                "discount_amount": o.discount,
                "line_amount": o.amount,
                "unit_cost": o.unit_cost,
                "currency": labels(CURRENCIES, o.currency[lo]),
                "updated_at": clock.iso_utc(first_write[lo]),
            },
            clock.local_day(first_write, tz)[lo],
        )
        r = returns
        ro = r["order"]
        wh = np.where(r["in_store"], -1, o.warehouse[ro])
        out.add(
            "oms.returns",
            {
                "return_id": codes("RMA-", r["number"], 8),
                "order_id": order_id.take(pa.array(ro)),
                "line_number": o.line_number[r["line"]],
                "product_id": self.state.catalogue.product_id[o.product[r["line"]]].astype(object),
                "quantity": r["quantity"],
                "refund_amount": r["refund"],
                "currency": labels(CURRENCIES, o.currency[ro]),
                "reason": labels(RETURN_REASONS, r["reason"]),
                "return_channel": np.where(r["in_store"], "store", "mail").astype(object),
                "warehouse_id": labels(WAREHOUSE_IDS, wh),
                "returned_at": clock.iso(r["returned"], REGION_TZ[o.region[ro]]),
            },
            clock.local_day(r["returned"], REGION_TZ[o.region[ro]]),
        )


def _store_ids() -> np.ndarray:
    return np.array([s.store_id for s in STORES], dtype=object)


def export_reference(state: CompanyState, out: Exporter) -> None:
    """Product catalogue, stores and FX rates."""
    cal, cat = state.calendar, state.catalogue
    out.add(
        "oms.products",
        {
            "product_id": cat.product_id.astype(object),
            "sku": cat.sku.astype(object),
            "product_name": cat.name.astype(object),
            "category": np.array([CATEGORIES[c].name for c in cat.category], dtype=object),
            "list_price_usd": cat.list_price_usd,
            "standard_cost_usd": cat.cost_usd,
            "launched_on": cat.launched_on,
            "updated_at": state.snapshot_stamps(cat.size),
        },
        cal.n_days - 1,
    )
    out.add(
        "oms.stores",
        {
            "store_id": _store_ids(),
            "store_name": np.array([s.name for s in STORES], dtype=object),
            "channel": np.array([s.channel for s in STORES], dtype=object),
            "region_code": np.array([s.region for s in STORES], dtype=object),
            "currency": labels(CURRENCIES, REGION_CURRENCY[STORE_REGION]),
            "timezone": labels(TIMEZONES, STORE_TZ),
            "warehouse_id": np.array([s.warehouse_id for s in STORES], dtype=object),
            "opened_on": np.array([np.datetime64(s.opened_on) for s in STORES]),
            "updated_at": state.snapshot_stamps(len(STORES)),
        },
        cal.n_days - 1,
    )
    n = cal.n_days
    day, cur = (x.ravel() for x in np.indices((n, len(CURRENCIES))))
    out.add(
        "oms.fx_rates",
        {
            "rate_date": cal.dates[day],
            "currency": labels(CURRENCIES, cur),
            "usd_per_unit": state.fx[day, cur],
        },
        day,
    )
