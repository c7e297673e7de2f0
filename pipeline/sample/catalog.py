"""Master data of the sample ERP: warehouses, towers (sites), suppliers and items.

The catalog depends on (scale, seed) only, never on the date range, so a longer or later run
sees the same master data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pipeline.sample.parts import CATEGORIES, CATEGORY_BY_NAME, TEMPLATES, PartTemplate
from pipeline.sample.places import NEIGHBOURHOODS, WAREHOUSES_L, WAREHOUSES_S, WarehouseSite
from pipeline.sample.rng import Stream, rng_for


class Scale(StrEnum):
    S = "S"
    L = "L"


@dataclass(frozen=True)
class ScaleSpec:
    scale: Scale
    warehouses: tuple[WarehouseSite, ...]
    n_sites: int
    n_suppliers: int
    n_items: int
    default_years: int
    # Jobs per template at L are spread over its manufacturer variants; this is the total
    # workload of a template relative to one S item.
    template_workload: float


SCALES: dict[Scale, ScaleSpec] = {
    Scale.S: ScaleSpec(Scale.S, WAREHOUSES_S, 45, 6, sum(c.quota_s for c in CATEGORIES), 2, 1.0),
    Scale.L: ScaleSpec(Scale.L, WAREHOUSES_L, 2000, 40, 5000, 3, 5.0),
}


@dataclass(frozen=True)
class Warehouse:
    warehouse_id: str
    name: str
    city: str
    state: str
    region: str
    rainy_peak_doy: int
    season_strength: float
    demand_scale: float


@dataclass(frozen=True)
class Site:
    site_id: str
    name: str
    city: str
    state: str
    warehouse_id: str
    sla_tier: str | None
    activity: float  # relative share of the warehouse's maintenance visits


@dataclass(frozen=True)
class Supplier:
    supplier_id: str
    name: str
    nominal_lead_time_days: int
    categories: tuple[str, ...]
    # Actual lead time = nominal * exp(N(lt_log_mean, lt_log_sd)), plus, with late_prob, a delay
    # of late_extra (a fraction of nominal): a port strike, a missing import licence...
    lt_log_mean: float
    lt_log_sd: float
    late_prob: float


@dataclass(frozen=True)
class Item:
    item_id: str
    item_name: str
    category: str
    unit: str
    unit_cost: float
    criticality: str
    supplier_id: str
    rate: float  # maintenance jobs per working day at a reference warehouse
    size_median: float
    size_sigma: float
    project: float
    trend: float
    pack: float


@dataclass(frozen=True)
class Catalog:
    spec: ScaleSpec
    warehouses: tuple[Warehouse, ...]
    sites: tuple[Site, ...]  # grouped by warehouse, in warehouse order
    suppliers: tuple[Supplier, ...]
    items: tuple[Item, ...]  # in item_id order

    @property
    def n_series(self) -> int:
        return len(self.warehouses) * len(self.items)


def build_catalog(scale: Scale, seed: int) -> Catalog:
    spec = SCALES[scale]
    rng = rng_for(seed, Stream.CATALOG, ord(scale.value))
    warehouses = tuple(
        Warehouse(
            w.warehouse_id,
            w.name,
            w.city,
            w.state,
            w.region,
            w.rainy_peak_doy,
            w.season_strength,
            w.demand_scale,
        )
        for w in spec.warehouses
    )
    sites = _build_sites(spec, rng)
    suppliers = _build_suppliers(spec, rng)
    items = _build_items(spec, suppliers, rng)
    return Catalog(spec, warehouses, sites, suppliers, items)


def _build_sites(spec: ScaleSpec, rng: np.random.Generator) -> tuple[Site, ...]:
    scales = np.array([w.demand_scale for w in spec.warehouses])
    per_wh = _apportion(spec.n_sites, scales)
    sites: list[Site] = []
    for wh, n in zip(spec.warehouses, per_wh, strict=True):
        cities = wh.served_cities
        weights = np.array([c.weight for c in cities])
        picks = rng.choice(len(cities), size=n, p=weights / weights.sum())
        per_city = Counter(int(p) for p in picks)
        for ci in sorted(per_city):
            city = cities[ci]
            count = per_city[ci]
            # Tower numbers have gaps, as in a real network (towers sold, merged, renumbered).
            numbers = np.sort(rng.choice(np.arange(1, 12 * count + 30), size=count, replace=False))
            seen: Counter[str] = Counter()
            for number in numbers:
                hood = NEIGHBOURHOODS[int(rng.integers(len(NEIGHBOURHOODS)))]
                seen[hood] += 1
                name = f"ERB {hood}" if seen[hood] == 1 else f"ERB {hood} {seen[hood]}"
                tier_draw = rng.random()
                tier = (
                    None
                    if tier_draw < 0.1
                    else "1"
                    if tier_draw < 0.3
                    else "2"
                    if tier_draw < 0.75
                    else "3"
                )
                activity = float(rng.lognormal(0.0, 0.5))
                sites.append(
                    Site(
                        f"{city.code}-{int(number):04d}",
                        name,
                        city.name,
                        city.state,
                        wh.warehouse_id,
                        tier,
                        activity,
                    )
                )
    return tuple(sites)


_REGION_WORDS = (
    "Paulista", "Nordeste", "Sul", "Mineira", "Norte", "Brasil", "Nacional", "Atlântico",
    "Planalto", "Central", "Vale", "Serra", "Litoral", "Guanabara", "Pampa", "Cerrado",
)  # fmt: skip
_TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "Baterias": ("Acumuladores", "Baterias"),
    "Retificadores": ("Energia", "Power Systems"),
    "Conectores RF": ("Conectores", "RF Componentes"),
    "Cabos": ("Cabos", "Condutores"),
    "Antenas": ("Antenas", "Radiocomunicação"),
    "Rádios e transmissão": ("Telecom", "Telecomunicações"),
    "Disjuntores e proteção (DPS)": ("Proteção Elétrica", "Materiais Elétricos"),
    "Ar-condicionado": ("Climatização", "Refrigeração"),
    "Fibra óptica": ("Fibra Óptica", "Fotônica"),
    "Gabinetes": ("Gabinetes", "Metalúrgica"),
    "Iluminação de balizamento": ("Sinalização", "Iluminação"),
    "Aterramento": ("Aterramento", "Eletrotécnica"),
    "Fixação e ferragens": ("Ferragens", "Fixadores"),
}
_GENERAL_TRADE_WORDS = (
    "Telecom Suprimentos", "Materiais Elétricos e Telecom", "Componentes Técnicos",
    "Eletro Telecom", "Infraestrutura de Redes",
)  # fmt: skip
_LEGAL_FORMS = (
    "Ltda", "S.A.", "Ltda - EPP", "Indústria e Comércio Ltda", "Comércio e Serviços Ltda",
    "Distribuidora Ltda",
)  # fmt: skip


def _build_suppliers(spec: ScaleSpec, rng: np.random.Generator) -> tuple[Supplier, ...]:
    n = spec.n_suppliers
    n_cat = len(CATEGORIES)
    codes = np.sort(rng.choice(np.arange(10, 100_000), size=n, replace=False))
    names: set[str] = set()
    suppliers: list[Supplier] = []
    for i in range(n):
        # Supplier i specialises in category i (mod 13); at S each supplier covers 2-3 categories.
        cats = tuple(CATEGORIES[j].name for j in range(i, n_cat, n)) if n < n_cat else (
            CATEGORIES[i % n_cat].name,
        )  # fmt: skip
        primary = CATEGORY_BY_NAME[cats[0]]
        while True:
            # A supplier of several families is a distributor with a general trade name.
            words = _TRADE_WORDS[primary.name] if len(cats) == 1 else _GENERAL_TRADE_WORDS
            trade = words[int(rng.integers(len(words)))]
            region = _REGION_WORDS[int(rng.integers(len(_REGION_WORDS)))]
            legal = _LEGAL_FORMS[int(rng.integers(len(_LEGAL_FORMS)))]
            name = (
                f"{region} {trade} {legal}" if rng.random() < 0.5 else f"{trade} {region} {legal}"
            )
            if name not in names:
                names.add(name)
                break
        lo, hi = primary.lead_time
        nominal = int(rng.integers(lo, hi + 1))
        # One supplier in eight is chronically late.
        unreliable = rng.random() < 0.125
        suppliers.append(
            Supplier(
                supplier_id=f"F{int(codes[i]):05d}",
                name=name,
                nominal_lead_time_days=nominal,
                categories=cats,
                lt_log_mean=float(
                    rng.uniform(0.08, 0.18) if unreliable else rng.uniform(-0.05, 0.1)
                ),
                lt_log_sd=float(rng.uniform(0.2, 0.35) if unreliable else rng.uniform(0.06, 0.2)),
                late_prob=float(rng.uniform(0.15, 0.25) if unreliable else rng.uniform(0.02, 0.1)),
            )
        )
    return tuple(suppliers)


def _build_items(
    spec: ScaleSpec, suppliers: tuple[Supplier, ...], rng: np.random.Generator
) -> tuple[Item, ...]:
    by_category: dict[str, list[PartTemplate]] = {}
    for t in TEMPLATES:
        by_category.setdefault(t.category, []).append(t)
    if spec.scale is Scale.S:
        counts = [c.quota_s for c in CATEGORIES]
    else:
        counts = _apportion(spec.n_items, np.array([c.share_l for c in CATEGORIES]))

    rows: list[tuple[PartTemplate, str, float, float]] = []  # template, name, rate, trend
    for cat, n_cat in zip(CATEGORIES, counts, strict=True):
        templates = by_category[cat.name]
        if spec.scale is Scale.S:
            for t in templates[:n_cat]:
                rows.append((t, t.name, t.rate, t.trend))
            continue
        per_template = _apportion(n_cat, np.ones(len(templates)))
        refs = rng.choice(np.arange(1000, 10_000), size=n_cat, replace=False)
        k = 0
        for t, n_var in zip(templates, per_template, strict=True):
            # A few variants (makes/models) take most of the template's jobs; the long tail
            # is slow-moving, which is what an ERP item master looks like.
            weights = np.sort(rng.lognormal(0.0, 1.3, size=n_var))[::-1]
            weights = weights / weights.sum()
            for v in range(n_var):
                name = t.name if v == 0 else f"{t.name} ref. {cat.code}-{int(refs[k])}"
                k += 1
                trend = t.trend + float(rng.normal(0.0, 0.06))
                rows.append((t, name, t.rate * spec.template_workload * weights[v], trend))

    n = len(rows)
    ids = np.sort(rng.choice(np.arange(1, 100_000), size=n, replace=False))
    cost_sd = 0.12 if spec.scale is Scale.S else 0.3
    items: list[Item] = []
    for (t, name, rate, trend), code in zip(rows, ids, strict=True):
        cat = CATEGORY_BY_NAME[t.category]
        candidates = [s for s in suppliers if t.category in s.categories]
        # The first supplier of a category is the usual one; the others are second sources.
        p = np.array([3.0] + [1.0] * (len(candidates) - 1))
        supplier = candidates[int(rng.choice(len(candidates), p=p / p.sum()))]
        cost = round(float(t.cost * rng.lognormal(0.0, cost_sd)), 2)
        # Some parts are also replaced in bulk now and then (a campaign after a storm, a site
        # upgrade): that is what makes a slow mover lumpy rather than merely intermittent.
        project = t.project + (0.03 if rng.random() < 0.35 else 0.0)
        sigma = t.size[1] * (1.0 if spec.scale is Scale.S else float(rng.uniform(0.8, 1.5)))
        items.append(
            Item(
                item_id=f"{int(code):06d}",
                item_name=name,
                category=t.category,
                unit=t.unit,
                unit_cost=cost,
                criticality=_criticality(cat.criticality, cost, rng, spec.scale),
                supplier_id=supplier.supplier_id,
                rate=rate,
                size_median=t.size[0],
                size_sigma=sigma,
                project=project,
                trend=trend,
                pack=t.pack,
            )
        )
    return tuple(items)


def _criticality(base: str, cost: float, rng: np.random.Generator, scale: Scale) -> str:
    level = "ABC".index(base)
    if cost < 60:
        level += 1
    elif cost > 15_000:
        level -= 1
    if scale is Scale.L and rng.random() < 0.08:
        level += int(rng.choice((-1, 1)))
    return "ABC"[min(max(level, 0), 2)]


def _apportion(total: int, weights: np.ndarray) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    remainder = total - int(counts.sum())
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:remainder]] += 1
    return [int(c) for c in counts]
