"""Realism of the S sample, measured from the files it writes (DuckDB), not from the generator's
internals: what a supply planner would check before trusting it as a demo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import holidays
import pytest

from pipeline.contract.schema import UF_CODES
from pipeline.sample import SampleResult

# Independent truth: the region of each UF (IBGE).
REGION_OF_UF = {
    "AC": "N", "AM": "N", "AP": "N", "PA": "N", "RO": "N", "RR": "N", "TO": "N",
    "AL": "NE", "BA": "NE", "CE": "NE", "MA": "NE", "PB": "NE", "PE": "NE", "PI": "NE",
    "RN": "NE", "SE": "NE",
    "DF": "CO", "GO": "CO", "MS": "CO", "MT": "CO",
    "ES": "SE", "MG": "SE", "RJ": "SE", "SP": "SE",
    "PR": "S", "RS": "S", "SC": "S",
}  # fmt: skip
assert sorted(REGION_OF_UF) == sorted(UF_CODES)


@pytest.fixture(scope="module")
def db(
    clean_sample: SampleResult, sample_db: Callable[[Path], duckdb.DuckDBPyConnection]
) -> duckdb.DuckDBPyConnection:
    con = sample_db(clean_sample.config.out)
    # One row per series and day: end-of-day stock, the day before, receipts, consumption.
    con.execute(
        """
    create or replace temp view daily as
    with receipts as (
        select item_id, warehouse_id, received_date as day, sum(quantity) as received
        from purchase_orders where received_date is not null group by all
    )
    select i.item_id, i.warehouse_id, i.snapshot_date as day, i.on_hand, i.on_order,
           lag(i.on_hand) over w as previous_on_hand,
           coalesce(r.received, 0) as received, coalesce(d.quantity, 0) as consumed
    from inventory i
    left join receipts r
      on r.item_id = i.item_id and r.warehouse_id = i.warehouse_id
     and r.day = i.snapshot_date
    left join demand d
      on d.item_id = i.item_id and d.warehouse_id = i.warehouse_id
     and d.day = i.snapshot_date
    window w as (partition by i.item_id, i.warehouse_id order by i.snapshot_date)
    """
    )
    return con


def scalar(db: duckdb.DuckDBPyConnection, sql: str) -> float:
    row = db.execute(sql).fetchone()
    assert row is not None
    return row[0]


def test_most_series_are_intermittent_or_lumpy_and_some_are_smooth(
    db: duckdb.DuckDBPyConnection,
) -> None:
    classes = dict(
        db.execute(
            """
            with days as (
                select item_id, warehouse_id, day, quantity,
                       day - lag(day) over (partition by item_id, warehouse_id order by day)
                           as gap
                from demand
            ),
            per_series as (
                select item_id, warehouse_id, avg(gap) as adi,
                       var_pop(quantity) / avg(quantity) ^ 2 as cv2, count(*) as n
                from days group by all having count(*) >= 3
            ),
            final as (
                select case
                    when adi < 1.32 and cv2 < 0.49 then 'smooth'
                    when adi < 1.32 then 'erratic'
                    when cv2 < 0.49 then 'intermittent'
                    else 'lumpy' end as demand_class
                from per_series
            )
            select demand_class, count(*) from final group by all
            """
        ).fetchall()
    )
    total = sum(classes.values())
    sparse = classes.get("intermittent", 0) + classes.get("lumpy", 0)
    assert sparse / total > 0.6, classes
    assert classes.get("lumpy", 0) >= 0.1 * total, classes
    assert classes.get("smooth", 0) >= 3, classes


def test_stockouts_happen_and_censor_recorded_consumption(db: duckdb.DuckDBPyConnection) -> None:
    share = scalar(db, "select avg((on_hand = 0)::int) from inventory")
    assert 0.01 <= share <= 0.12, share
    # A shelf empty all day (nothing left, nothing received) records no consumption at all:
    # the demand of that day is censored, not zero.
    empty_days, consumed_on_empty = db.execute(
        """
        select count(*), sum(consumed) from daily
        where previous_on_hand = 0 and received = 0
        """
    ).fetchone() or (0, 0)
    assert empty_days > 100
    assert consumed_on_empty == 0
    # Days that end at zero after some consumption took exactly what was there.
    capped = db.execute(
        """
        select count(*), count(*) filter (where abs(consumed - (previous_on_hand + received))
                                          > 1e-9)
        from daily where on_hand = 0 and consumed > 0 and previous_on_hand is not null
        """
    ).fetchone()
    assert capped is not None and capped[0] > 50 and capped[1] == 0


def test_inventory_balances_with_consumption_and_receipts(
    db: duckdb.DuckDBPyConnection, clean_sample: SampleResult
) -> None:
    start, end = clean_sample.config.start, clean_sample.config.end
    assert start is not None and end is not None
    # Every series (40 items x 3 warehouses), every day.
    assert scalar(db, "select count(*) from inventory") == 120 * ((end - start).days + 1)
    bad = scalar(
        db,
        """
        select count(*) from daily where previous_on_hand is not null
          and abs(on_hand - (previous_on_hand - consumed + received)) > 1e-6
        """,
    )
    assert bad == 0
    # on_order is exactly the open quantity of purchase order lines on each day.
    bad_on_order = scalar(
        db,
        """
        with open_lines as (
            select i.item_id, i.warehouse_id, i.snapshot_date,
                   coalesce(sum(p.quantity), 0) as open_quantity, any_value(i.on_order) as on_order
            from inventory i left join purchase_orders p
              on p.item_id = i.item_id and p.warehouse_id = i.warehouse_id
             and p.order_date <= i.snapshot_date
             and (p.received_date is null or p.received_date > i.snapshot_date)
            group by all
        )
        select count(*) from open_lines where abs(open_quantity - on_order) > 1e-6
        """,
    )
    assert bad_on_order == 0
    assert scalar(db, "select min(on_hand) from inventory") >= 0


def test_purchase_orders_late_open_and_varying_lead_times(db: duckdb.DuckDBPyConnection) -> None:
    late, on_time, still_open, ratio_median, ratio_sd, max_ratio = (
        db.execute(
            """
        select count(*) filter (where received_date > expected_date),
               count(*) filter (where received_date <= expected_date),
               count(*) filter (where received_date is null),
               median((received_date - order_date) / (expected_date - order_date)),
               stddev((received_date - order_date) / (expected_date - order_date)),
               max((received_date - order_date) / (expected_date - order_date))
        from purchase_orders
        """
        ).fetchone()
        or (0,) * 6
    )
    assert late > 20 and on_time > 20 and still_open > 0
    assert 0.85 <= ratio_median <= 1.3
    assert ratio_sd > 0.05
    assert max_ratio > 1.4  # some orders are clearly late
    # The promised date is the supplier's nominal lead time after the order.
    mismatched = scalar(
        db,
        """
        select count(*) from purchase_orders p join suppliers s using (supplier_id)
        where p.expected_date - p.order_date <> cast(s.nominal_lead_time_days as int)
        """,
    )
    assert mismatched == 0
    assert scalar(db, "select min(quantity) from purchase_orders") > 0
    assert scalar(db, "select count(*) - count(distinct po_id) from purchase_orders") == 0
    lead_times = db.execute(
        "select min(cast(nominal_lead_time_days as int)), max(cast(nominal_lead_time_days as int))"
        " from suppliers"
    ).fetchone()
    assert lead_times is not None and lead_times[0] >= 5 and lead_times[1] <= 60


def test_weekly_pattern_and_holiday_dips(db: duckdb.DuckDBPyConnection) -> None:
    by_day = dict(
        db.execute(
            """
            select d.day, coalesce(count(c.txn_id), 0)
            from range(date '2023-01-01', date '2025-01-01', interval 1 day) d(day)
            left join consumption c on c.txn_date = d.day
            group by all
            """
        ).fetchall()
    )
    national = holidays.Brazil(years=(2023, 2024))
    weekdays = [n for day, n in by_day.items() if day.weekday() < 5 and day not in national]
    saturdays = [n for day, n in by_day.items() if day.weekday() == 5 and day not in national]
    sundays = [n for day, n in by_day.items() if day.weekday() == 6 and day not in national]
    on_holidays = [n for day, n in by_day.items() if day.weekday() < 5 and day in national]
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    assert len(on_holidays) >= 10
    assert mean(on_holidays) < 0.25 * mean(weekdays)
    assert mean(saturdays) < 0.6 * mean(weekdays)
    assert mean(sundays) < 0.15 * mean(weekdays)
    assert mean(sundays) > 0  # emergencies still happen


def test_rainy_season_by_region(db: duckdb.DuckDBPyConnection) -> None:
    """Lightning and power cuts break surge protectors and rectifiers in the rainy season:
    summer in the Southeast, autumn-winter on the coast of the Northeast."""
    rows = db.execute(
        """
        select d.warehouse_id,
               sum(d.quantity) filter (where month(d.day) in (12, 1, 2)) as summer,
               sum(d.quantity) filter (where month(d.day) in (5, 6, 7)) as winter
        from demand d join items i using (item_id)
        where i.category in ('Disjuntores e proteção (DPS)', 'Retificadores')
        group by all
        """
    ).fetchall()
    seasons = {wh: (summer, winter) for wh, summer, winter in rows}
    summer, winter = seasons["CD-SP01"]
    assert summer > 1.4 * winter
    summer, winter = seasons["CD-PE01"]
    assert winter > 1.4 * summer


def test_trends_5g_grows_legacy_declines(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(
        """
        select case when i.item_name like '%5G%' or i.item_name like '%25G%'
                    then 'growing' else 'legacy' end as kind,
               sum(c.quantity) filter (where year(c.txn_date) = 2023) as y2023,
               sum(c.quantity) filter (where year(c.txn_date) = 2024) as y2024
        from consumption c join items i using (item_id)
        where i.item_name like '%5G%' or i.item_name like '%25G%'
           or i.item_name like '%(2G)%' or i.item_name like '%incandescente%'
        group by all
        """
    ).fetchall()
    trend = {kind: (y2023, y2024) for kind, y2023, y2024 in rows}
    assert trend["growing"][1] > 1.2 * trend["growing"][0]
    assert trend["legacy"][1] < 0.85 * trend["legacy"][0]


def test_places_are_real_and_consistent(db: duckdb.DuckDBPyConnection) -> None:
    warehouses = db.execute("select warehouse_id, city, state, region from warehouses").fetchall()
    assert {(c, s, r) for _, c, s, r in warehouses} == {
        ("São Paulo", "SP", "SE"), ("Recife", "PE", "NE"), ("Porto Alegre", "RS", "S"),
    }  # fmt: skip
    for warehouse_id, _, state, region in warehouses:
        assert REGION_OF_UF[state] == region
        assert warehouse_id == f"CD-{state}01"
    sites = db.execute(
        """
        select s.site_id, s.city, s.state, w.region, s.sla_tier
        from sites s join warehouses w using (warehouse_id)
        """
    ).fetchall()
    assert 30 <= len(sites) <= 60
    uf_of_city: dict[str, str] = {}
    for site_id, city, state, region, tier in sites:
        assert state in UF_CODES
        assert REGION_OF_UF[state] == region, (site_id, state, region)  # neighbouring states
        assert uf_of_city.setdefault(city, state) == state
        assert tier in (None, "1", "2", "3")
        prefix, number = site_id.split("-")
        assert len(prefix) == 3 and prefix.isupper() and len(number) == 4 and number.isdigit()
    tiers = [tier for *_, tier in sites]
    assert None in tiers and len(set(tiers)) == 4


def test_items_and_ids(db: duckdb.DuckDBPyConnection) -> None:
    items = db.execute(
        "select item_id, item_name, category, unit, unit_cost, criticality, supplier_id from items"
    ).fetchall()
    assert 30 <= len(items) <= 60
    ids = [row[0] for row in items]
    assert all(len(i) == 6 and i.isdigit() for i in ids)
    assert all(i.startswith("0") for i in ids[:5])  # leading zeros survive in the file
    assert {row[5] for row in items} == {"A", "B", "C"}
    assert {"Baterias", "Retificadores", "Conectores RF", "Cabos", "Fibra óptica"} <= {
        row[2] for row in items
    }
    assert {"UN", "M", "KG"} <= {row[3] for row in items}
    costs = {row[1]: float(row[4].replace(",", ".")) for row in items}
    assert 500 < costs["Bateria VRLA 12V 100Ah"] < 3000
    assert 10 < costs['Conector N macho para cabo 1/2"'] < 200
    # Every transaction names a known item and tower, keeps six-digit item IDs as text, and
    # cable is issued in decimal metres while units are whole.
    assert scalar(db, "select count(*) from consumption where item_id not in (select item_id "
                      "from items) or site_id not in (select site_id from sites)") == 0  # fmt: skip
    assert scalar(db, "select count(*) from raw_consumption where not regexp_full_match("
                      "item_id, '[0-9]{6}')") == 0  # fmt: skip
    assert scalar(db, "select count(*) - count(distinct txn_id) from consumption") == 0
    fractional = dict(
        db.execute(
            """
            select i.unit, count(*) filter (where c.quantity <> round(c.quantity))
            from consumption c join items i using (item_id) group by all
            """
        ).fetchall()
    )
    assert fractional["M"] > 0 and fractional["UN"] == 0
    assert scalar(db, "select min(quantity) from consumption") > 0
    # A series' demand is spread over several towers of its warehouse, with work orders.
    assert scalar(db, "select count(distinct site_id) from consumption") == scalar(
        db, "select count(*) from sites"
    )
    with_wo = scalar(db, "select avg((work_order_id is not null)::int) from consumption")
    assert 0.9 < with_wo < 1.0
