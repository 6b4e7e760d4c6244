"""Static reference data of the simulated company: regions, currencies, warehouses, stores,
channels, departments and the product catalogue.

Every code here is a conformed key: the same values appear in every system's export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from orchestration.simulator.rng import stream


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    timezone: str
    currency: str
    weight: float  # share of company demand
    cs_team: str  # customer-service team that handles the region's tickets


REGIONS: tuple[Region, ...] = (
    Region("NA-E", "North America East", "America/New_York", "USD", 0.27, "CS-AMER"),
    Region("NA-W", "North America West", "America/Los_Angeles", "USD", 0.21, "CS-AMER"),
    Region("EU-N", "Europe North", "Europe/London", "GBP", 0.18, "CS-EMEA"),
    Region("EU-S", "Europe South", "Europe/Madrid", "EUR", 0.19, "CS-EMEA"),
    Region("APAC", "Asia Pacific", "Asia/Tokyo", "JPY", 0.15, "CS-APAC"),
)
REGION_CODES = tuple(r.code for r in REGIONS)
REGION_INDEX = {code: i for i, code in enumerate(REGION_CODES)}

CURRENCIES = ("USD", "EUR", "GBP", "JPY")
CURRENCY_INDEX = {c: i for i, c in enumerate(CURRENCIES)}
FX_START_USD_PER_UNIT = np.array([1.0, 1.08, 1.27, 0.0067])
# Minor units: JPY has none, so its amounts are whole yen.
CURRENCY_DECIMALS = np.array([2, 2, 2, 0])
REGION_CURRENCY = np.array([CURRENCY_INDEX[r.currency] for r in REGIONS])


@dataclass(frozen=True)
class CsTeam:
    code: str
    name: str
    timezone: str


CS_TEAMS: tuple[CsTeam, ...] = (
    CsTeam("CS-AMER", "Customer Service Americas", "America/Chicago"),
    CsTeam("CS-EMEA", "Customer Service EMEA", "Europe/Dublin"),
    CsTeam("CS-APAC", "Customer Service APAC", "Asia/Singapore"),
)
CS_TEAM_CODES = tuple(t.code for t in CS_TEAMS)
REGION_CS_TEAM = np.array([CS_TEAM_CODES.index(r.cs_team) for r in REGIONS])

# Every time zone the exports use, indexed by position (see timefmt.Clock).
TIMEZONES: tuple[str, ...] = tuple(
    dict.fromkeys([r.timezone for r in REGIONS] + [t.timezone for t in CS_TEAMS])
)
REGION_TZ = np.array([TIMEZONES.index(r.timezone) for r in REGIONS])
CS_TEAM_TZ = np.array([TIMEZONES.index(t.timezone) for t in CS_TEAMS])


@dataclass(frozen=True)
class Warehouse:
    warehouse_id: str
    name: str
    region: str
    city: str
    region_share: float  # share of the region's shipments
    opened_on: date


WAREHOUSES: tuple[Warehouse, ...] = (
    Warehouse("WH-NAE-1", "Newark Distribution Center", "NA-E", "Newark", 0.6, date(2016, 3, 1)),
    Warehouse("WH-NAE-2", "Atlanta Distribution Center", "NA-E", "Atlanta", 0.4, date(2021, 9, 1)),
    Warehouse("WH-NAW-1", "Reno Distribution Center", "NA-W", "Reno", 1.0, date(2018, 5, 1)),
    Warehouse("WH-EUN-1", "Birmingham Distribution Center", "EU-N", "Birmingham", 1.0, date(2019, 2, 1)),
    Warehouse("WH-EUS-1", "Zaragoza Distribution Center", "EU-S", "Zaragoza", 1.0, date(2019, 10, 1)),
    Warehouse("WH-APAC-1", "Chiba Distribution Center", "APAC", "Chiba", 1.0, date(2020, 6, 1)),
)
WAREHOUSE_IDS = tuple(w.warehouse_id for w in WAREHOUSES)
WAREHOUSE_REGION = np.array([REGION_INDEX[w.region] for w in WAREHOUSES])
WAREHOUSE_TZ = REGION_TZ[WAREHOUSE_REGION]

SALES_CHANNELS = ("online", "retail", "b2b")
TRAFFIC_CHANNELS = ("paid_search", "paid_social", "display", "affiliate", "email", "organic", "direct")
PAID_CHANNELS = TRAFFIC_CHANNELS[:5]
DEPARTMENTS = ("sales", "marketing", "operations", "finance", "customer_service", "people")


def region_short(code: str) -> str:
    return code.replace("-", "")


@dataclass(frozen=True)
class Store:
    store_id: str
    name: str
    channel: str
    region: str
    warehouse_id: str | None
    opened_on: date
    size: float = 1.0  # relative footfall of a retail store


RETAIL_STORES_PER_REGION = {"NA-E": 5, "NA-W": 4, "EU-N": 3, "EU-S": 3, "APAC": 3}
_STORE_SIZES = (1.3, 1.0, 0.8, 1.1, 0.7)


def _build_stores() -> tuple[Store, ...]:
    stores: list[Store] = []
    for r in REGIONS:
        short = region_short(r.code)
        main_wh = next(w.warehouse_id for w in WAREHOUSES if w.region == r.code)
        stores.append(
            Store(f"WEB-{short}", f"Web shop {r.name}", "online", r.code, main_wh, date(2015, 1, 1))
        )
        stores.append(
            Store(f"B2B-{short}", f"Business sales {r.name}", "b2b", r.code, main_wh, date(2017, 1, 1))
        )
        for i in range(RETAIL_STORES_PER_REGION[r.code]):
            stores.append(
                Store(
                    f"RT-{short}-{i + 1:02d}",
                    f"{r.name} store {i + 1}",
                    "retail",
                    r.code,
                    None,
                    date(2016 + i, 4, 1),
                    _STORE_SIZES[i % len(_STORE_SIZES)],
                )
            )
    return tuple(stores)


STORES = _build_stores()
RETAIL_STORES = tuple(s for s in STORES if s.channel == "retail")
ONLINE_STORE_BY_REGION = {s.region: s.store_id for s in STORES if s.channel == "online"}
B2B_STORE_BY_REGION = {s.region: s.store_id for s in STORES if s.channel == "b2b"}


@dataclass(frozen=True)
class Category:
    name: str
    weight: float  # share of catalogue
    price_usd: tuple[float, float]  # log-uniform range of list prices
    cost_ratio: float  # standard cost / list price
    return_rate: float  # chance a delivered line is returned


CATEGORIES: tuple[Category, ...] = (
    Category("apparel", 0.24, (15, 120), 0.38, 0.16),
    Category("footwear", 0.10, (40, 180), 0.45, 0.13),
    Category("home", 0.16, (10, 150), 0.48, 0.05),
    Category("kitchen", 0.12, (8, 220), 0.50, 0.04),
    Category("electronics", 0.10, (25, 600), 0.68, 0.07),
    Category("beauty", 0.12, (6, 70), 0.32, 0.03),
    Category("outdoor", 0.08, (20, 350), 0.52, 0.06),
    Category("toys", 0.08, (8, 90), 0.45, 0.04),
)

_ADJECTIVES = (
    "Alpine",
    "Urban",
    "Classic",
    "Coastal",
    "Nordic",
    "Summit",
    "Everyday",
    "Studio",
    "Harbor",
    "Meadow",
    "Granite",
    "Velvet",
    "Cedar",
    "Lunar",
    "Solar",
    "Maple",
    "Drift",
    "Canyon",
    "Ember",
    "Glacier",
)
_NOUNS = {
    "apparel": ("Sweater", "Jacket", "Shirt", "Hoodie", "Dress", "Chinos", "Scarf", "Cardigan"),
    "footwear": ("Sneaker", "Boot", "Loafer", "Sandal", "Runner", "Slipper"),
    "home": ("Throw", "Lamp", "Cushion", "Vase", "Rug", "Frame", "Candle"),
    "kitchen": ("Skillet", "Knife Set", "Kettle", "Mug Set", "Blender", "Cutting Board"),
    "electronics": ("Headphones", "Speaker", "Charger", "Smart Plug", "Camera", "Keyboard"),
    "beauty": ("Serum", "Cleanser", "Lip Balm", "Hand Cream", "Shampoo", "Face Mask"),
    "outdoor": ("Tent", "Backpack", "Lantern", "Hammock", "Bottle", "Trekking Poles"),
    "toys": ("Puzzle", "Building Set", "Plush Bear", "Board Game", "Kite", "Train Set"),
}

N_PRODUCTS = 200


@dataclass(frozen=True)
class Catalogue:
    product_id: np.ndarray  # str
    sku: np.ndarray  # str
    name: np.ndarray  # str
    category: np.ndarray  # int index into CATEGORIES
    list_price_usd: np.ndarray
    cost_usd: np.ndarray
    popularity: np.ndarray  # sums to 1
    lead_time_days: np.ndarray  # supplier lead time
    launched_on: np.ndarray  # datetime64[D]

    @property
    def size(self) -> int:
        return len(self.product_id)


def build_catalogue(seed: int) -> Catalogue:
    rng = stream(seed, "catalogue")
    weights = np.array([c.weight for c in CATEGORIES])
    category = np.sort(rng.choice(len(CATEGORIES), size=N_PRODUCTS, p=weights / weights.sum()))
    lo = np.array([c.price_usd[0] for c in CATEGORIES])[category]
    hi = np.array([c.price_usd[1] for c in CATEGORIES])[category]
    price = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi))), 0) - 0.01
    cost = np.round(
        price * np.array([c.cost_ratio for c in CATEGORIES])[category] * rng.uniform(0.85, 1.15, N_PRODUCTS),
        2,
    )
    # Zipf-like popularity, shuffled so that popular products spread over categories.
    popularity = 1.0 / np.arange(1, N_PRODUCTS + 1) ** 0.9
    popularity = rng.permutation(popularity)
    popularity /= popularity.sum()
    adjective = rng.integers(0, len(_ADJECTIVES), N_PRODUCTS)
    names = np.array(
        [
            f"{_ADJECTIVES[a]} {_NOUNS[CATEGORIES[c].name][rng.integers(0, len(_NOUNS[CATEGORIES[c].name]))]}"
            for a, c in zip(adjective, category, strict=True)
        ]
    )
    numbers = np.arange(10001, 10001 + N_PRODUCTS)
    return Catalogue(
        product_id=np.array([f"P-{n}" for n in numbers]),
        sku=np.array(
            [f"{CATEGORIES[c].name[:3].upper()}-{n:05d}" for c, n in zip(category, numbers, strict=True)]
        ),
        name=names,
        category=category,
        list_price_usd=price,
        cost_usd=cost,
        popularity=popularity,
        lead_time_days=rng.integers(5, 22, N_PRODUCTS),
        launched_on=np.datetime64("2015-01-01") + rng.integers(0, 3000, N_PRODUCTS).astype("timedelta64[D]"),
    )
