"""Every endpoint against the real snapshot, numbers cross-checked with independent DuckDB."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from backend.routes.models import model_exports
from tests.backend.conftest import MODEL_VERSION, make_client


@pytest.fixture(params=["in-memory", "parquet-views"])
def client(lake, tmp_path, request):
    """Every check twice: tables loaded into memory, and every table read from its Parquet
    file (as the big fact tables are at scale L)."""
    limit = 0 if request.param == "parquet-views" else 5_000_000
    with make_client(lake.root, tmp_path, materialize_max_rows=limit) as test_client:
        yield test_client


def test_health_ready_and_metrics(client, lake) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["snapshot_id"] == lake.second.snapshot_id
    client.get("/api/v1/items")
    client.get("/api/v1/items")
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    text = metrics.text
    assert 'api_requests_total{method="GET",route="/api/v1/items",status="200"} 2.0' in text
    assert 'api_cache_events_total{event="hit"} 1.0' in text
    assert 'api_cache_events_total{event="miss"}' in text
    assert "api_request_seconds_bucket" in text
    age = next(line for line in text.splitlines() if line.startswith("api_snapshot_age_seconds"))
    assert float(age.split()[-1]) >= 0
    assert "api_ready 1.0" in text


def test_meta_names_snapshot_model_and_lineage(client, lake) -> None:
    body = client.get("/api/v1/meta").json()
    meta = body["data"]
    pointer = lake.pointer()
    assert body["snapshot_id"] == meta["snapshot_id"] == pointer["snapshot_id"]
    assert meta["committed_at"].startswith(pointer["committed_at"][:19])
    assert meta["previous"] == lake.first.snapshot_id
    assert meta["as_of_date"] == pointer["as_of_date"]
    assert meta["model"]["model_version"] == MODEL_VERSION
    assert meta["model"]["generated_at"] == "2026-01-05T03:00:00Z"
    assert meta["model"]["dataset_id"] == "ds_20260105T020000Z_00000000"
    assert meta["model"]["source"] == "ml_env"
    assert meta["run"]["run_id"] == pointer["run_id"]
    assert meta["run"]["status"] == "succeeded"
    # the sample's data is from 2025: stale by now
    assert meta["freshness"]["stale"] is True
    expected_checks = lake.second.sql("select check_name, status from data_quality order by 1")
    assert [(c["check_name"], c["status"]) for c in meta["quality"]["checks"]] == [
        (c["check_name"], c["status"]) for c in expected_checks
    ]
    assert meta["tables"]["fct_demand_daily"]["rows"] == lake.second.one(
        "select count(*) from fct_demand_daily"
    )


def test_items_search_filters_and_pagination(client, lake) -> None:
    gold = lake.second
    everything = client.get("/api/v1/items", params={"limit": 1000}).json()
    assert everything["count"] == gold.one("select count(*) from dim_item")
    assert [i["item_id"] for i in everything["data"]] == [
        r["item_id"] for r in gold.sql("select item_id from dim_item order by item_id")
    ]
    pages = []
    for offset in range(0, everything["count"], 7):
        pages += client.get("/api/v1/items", params={"limit": 7, "offset": offset}).json()["data"]
    assert pages == everything["data"]

    name = everything["data"][3]["item_name"]
    word = name.split()[0].lower()
    found = client.get("/api/v1/items", params={"q": word.upper()}).json()
    assert found["count"] == gold.one(
        "select count(*) from dim_item where lower(item_name) like $1 or lower(item_id) like $1",
        [f"%{word}%"],
    )
    item_id = everything["data"][5]["item_id"]
    assert [i["item_id"] for i in client.get(f"/api/v1/items?q={item_id}").json()["data"]] == [
        item_id
    ]
    by_crit = client.get("/api/v1/items", params={"criticality": "A", "limit": 1000}).json()
    assert by_crit["count"] == gold.one("select count(*) from dim_item where criticality = 'A'")
    assert {i["criticality"] for i in by_crit["data"]} == {"A"}

    one = client.get(f"/api/v1/items/{item_id}").json()["data"]
    assert one["item_id"] == item_id
    assert len(one["warehouses"]) == gold.one(
        "select count(*) from fct_reorder_point where item_id = $1", [item_id]
    )


def test_warehouses_and_sites(client, lake) -> None:
    gold = lake.second
    warehouses = client.get("/api/v1/warehouses").json()
    expected = gold.sql(
        """
        select warehouse_id, count(*) as n, sum(inventory_value_brl) as value
        from fct_reorder_point group by 1 order by 1
        """
    )
    assert [(w["warehouse_id"], w["n_series"]) for w in warehouses["data"]] == [
        (e["warehouse_id"], e["n"]) for e in expected
    ]
    for got, want in zip(warehouses["data"], expected, strict=True):
        assert got["inventory_value_brl"] == pytest.approx(want["value"])
    wid = expected[0]["warehouse_id"]
    assert client.get(f"/api/v1/warehouses/{wid}").json()["data"]["warehouse_id"] == wid

    sites = client.get("/api/v1/sites", params={"warehouse_id": wid, "limit": 1000}).json()
    assert sites["count"] == gold.one(
        "select count(*) from dim_site where warehouse_id = $1", [wid]
    )
    assert {s["warehouse_id"] for s in sites["data"]} == {wid}
    assert client.get("/api/v1/sites").json()["count"] == gold.one("select count(*) from dim_site")


def _series_with_forecast_and_censoring(gold) -> tuple[str, str]:
    row = gold.sql(
        """
        select d.item_id, d.warehouse_id from fct_demand_daily d
        join fct_forecast f using (item_id, warehouse_id)
        where d.censored group by all order by count(*) desc, 1, 2 limit 1
        """
    )
    if not row:
        pytest.skip("the sample has no censored series with a forecast")
    return row[0]["item_id"], row[0]["warehouse_id"]


def test_series_day_grain_is_zero_filled_with_censored_days_and_positions(client, lake) -> None:
    gold = lake.second
    item, warehouse = _series_with_forecast_and_censoring(gold)
    as_of = gold.one("select max(as_of_date) from fct_reorder_point")
    start = as_of - timedelta(days=89)
    body = client.get(f"/api/v1/series/{item}/{warehouse}", params={"start": str(start)}).json()
    series = body["data"]
    assert body["snapshot_id"] == gold.snapshot_id
    history = series["history"]
    # one point per day, zero-filled: the sparse table has fewer rows
    assert [h["date"] for h in history] == [str(start + timedelta(days=i)) for i in range(90)]
    stored = gold.sql(
        """
        select date, quantity, censored from fct_demand_daily
        where item_id = $1 and warehouse_id = $2 and date between $3 and $4
        """,
        [item, warehouse, start, as_of],
    )
    assert len(stored) < 90
    by_day = {str(r["date"]): r for r in stored}
    for point in history:
        row = by_day.get(point["date"])
        assert point["quantity"] == pytest.approx(row["quantity"] if row else 0.0)
        assert point["censored"] is (row["censored"] if row else False)
    assert sum(p["censored"] for p in history) == sum(r["censored"] for r in stored) > 0
    # stock: the latest position at or before each day
    for point in history[::9]:
        expected = gold.one(
            """
            select on_hand from fct_inventory_daily
            where item_id = $1 and warehouse_id = $2 and date <= $3
            order by date desc limit 1
            """,
            [item, warehouse, date.fromisoformat(point["date"])],
        )
        assert point["on_hand"] == pytest.approx(expected)
    forecast = gold.sql(
        """
        select date, yhat, yhat_lo80, yhat_hi80, yhat_lo95, yhat_hi95 from fct_forecast
        where item_id = $1 and warehouse_id = $2 and model_version = $3 order by date
        """,
        [item, warehouse, MODEL_VERSION],
    )
    assert [f["date"] for f in series["forecast"]] == [str(f["date"]) for f in forecast]
    for got, want in zip(series["forecast"], forecast, strict=True):
        for field in ("yhat", "yhat_lo80", "yhat_hi80", "yhat_lo95", "yhat_hi95"):
            assert got[field] == pytest.approx(want[field])
    assert series["end"] == str(forecast[-1]["date"])
    reorder = gold.sql(
        "select * from fct_reorder_point where item_id = $1 and warehouse_id = $2",
        [item, warehouse],
    )[0]
    assert series["lines"]["safety_stock"] == pytest.approx(reorder["safety_stock"])
    assert series["lines"]["reorder_point"] == pytest.approx(reorder["reorder_point"])
    assert series["reorder"]["status"] == reorder["status"]


@pytest.mark.parametrize("grain", ["week", "month"])
def test_series_week_and_month_sum_the_days(client, lake, grain) -> None:
    gold = lake.second
    item, warehouse = _series_with_forecast_and_censoring(gold)
    url = f"/api/v1/series/{item}/{warehouse}"
    daily = client.get(url, params={"start": "2025-09-01"}).json()["data"]
    coarse = client.get(url, params={"start": "2025-09-01", "grain": grain}).json()["data"]
    assert sum(p["quantity"] for p in coarse["history"]) == pytest.approx(
        sum(p["quantity"] for p in daily["history"])
    )
    assert sum(p["censored_days"] for p in coarse["history"]) == sum(
        p["censored"] for p in daily["history"]
    )
    assert sum(p["days"] for p in coarse["history"]) == len(daily["history"])
    assert sum(p["yhat"] for p in coarse["forecast"]) == pytest.approx(
        sum(p["yhat"] for p in daily["forecast"])
    )
    periods = [date.fromisoformat(p["date"]) for p in coarse["history"]]
    if grain == "week":
        assert all(d.weekday() == 0 for d in periods)
    else:
        assert all(d.day == 1 for d in periods)
    assert coarse["interval_method"] == "sum_of_daily_bounds"


def test_series_of_a_series_without_forecast_has_history_only(client, lake) -> None:
    gold = lake.second
    row = gold.sql(
        """
        select item_id, warehouse_id from fct_reorder_point r
        where not exists (select 1 from fct_forecast f
                          where f.item_id = r.item_id and f.warehouse_id = r.warehouse_id)
        order by 1, 2 limit 1
        """
    )[0]
    series = client.get(f"/api/v1/series/{row['item_id']}/{row['warehouse_id']}").json()["data"]
    assert series["forecast"] == []
    assert len(series["history"]) == 365
    assert series["accuracy"] == []


def test_series_carry_their_own_backtest_accuracy_against_the_seasonal_naive(client, lake) -> None:
    gold = lake.second
    item, warehouse = _series_with_forecast_and_censoring(gold)
    accuracy = client.get(f"/api/v1/series/{item}/{warehouse}").json()["data"]["accuracy"]
    stored = gold.sql(
        """
        select source, model, rmsse, rmsse_snaive, wape, n_points from fct_forecast_accuracy
        where item_id = $1 and warehouse_id = $2 and model_version = $3 order by source
        """,
        [item, warehouse, MODEL_VERSION],
    )
    assert "backtest" in [r["source"] for r in stored]
    assert [(a["source"], a["model"], a["n_points"]) for a in accuracy] == [
        (r["source"], r["model"], r["n_points"]) for r in stored
    ]
    for got, want in zip(accuracy, stored, strict=True):
        for name in ("rmsse", "rmsse_snaive", "wape"):
            assert got[name] == (pytest.approx(want[name]) if want[name] is not None else None)


def test_categories_list_every_category_with_its_counts(client, lake) -> None:
    gold = lake.second
    expected = gold.sql(
        """
        select i.category, count(distinct i.item_id) as items, count(r.item_id) as series
        from dim_item i left join fct_reorder_point r using (item_id)
        group by 1 order by 1
        """
    )
    body = client.get("/api/v1/categories").json()
    assert body["count"] == len(expected) > 1
    assert body["data"] == expected


def test_reorder_filters_sort_and_pagination(client, lake) -> None:
    gold = lake.second
    everything = client.get("/api/v1/reorder", params={"limit": 1000}).json()
    assert everything["count"] == gold.one("select count(*) from fct_reorder_point")
    ranks = ["stockout", "critical", "reorder", "excess", "ok", "no_demand"]
    order = [ranks.index(r["status"]) for r in everything["data"]]
    assert order == sorted(order)  # priority: the most urgent first

    urgent = client.get("/api/v1/reorder", params={"status": "stockout,critical"}).json()
    assert urgent["count"] == gold.one(
        "select count(*) from fct_reorder_point where status in ('stockout', 'critical')"
    )
    warehouse = everything["data"][0]["warehouse_id"]
    category = everything["data"][0]["category"]
    filtered = client.get(
        "/api/v1/reorder",
        params={"warehouse_id": warehouse, "category": category, "criticality": "A"},
    ).json()
    assert filtered["count"] == gold.one(
        """
        select count(*) from fct_reorder_point
        where warehouse_id = $1 and category = $2 and criticality = 'A'
        """,
        [warehouse, category],
    )
    by_value = client.get(
        "/api/v1/reorder", params={"sort": "suggested_order_value_brl", "limit": 5}
    ).json()["data"]
    top = gold.sql(
        """
        select item_id, warehouse_id from fct_reorder_point
        order by suggested_order_value_brl desc nulls last, item_id, warehouse_id limit 5
        """
    )
    assert [(r["item_id"], r["warehouse_id"]) for r in by_value] == [
        (t["item_id"], t["warehouse_id"]) for t in top
    ]
    pages = []
    for offset in range(0, everything["count"], 25):
        pages += client.get("/api/v1/reorder", params={"limit": 25, "offset": offset}).json()[
            "data"
        ]
    assert pages == everything["data"]
    # every input of the formula is there, with names
    assert {"item_name", "warehouse_name", "safety_stock", "z", "lead_time_source"} <= set(
        everything["data"][0]
    )


def test_reorder_csv_for_scripts_and_for_excel_pt_br(client, lake) -> None:
    gold = lake.second
    plain = client.get("/api/v1/reorder.csv", params={"status": "reorder", "lang": "en"})
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith("text/csv")
    assert plain.headers["x-snapshot-id"] == gold.snapshot_id
    rows = list(csv.DictReader(io.StringIO(plain.text)))
    assert len(rows) == gold.one("select count(*) from fct_reorder_point where status = 'reorder'")
    expected = {
        (r["item_id"], r["warehouse_id"]): r["reorder_point"]
        for r in gold.sql("select * from fct_reorder_point")
    }
    for row in rows:
        assert row["status"] == "reorder"
        assert float(row["reorder_point"]) == pytest.approx(
            expected[(row["item_id"], row["warehouse_id"])], abs=1e-4
        )
    # the default is for a planner in Excel pt-BR: BOM, ';', decimal comma, pt-BR words
    excel = client.get("/api/v1/reorder.csv")
    text = excel.content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(table) == gold.one("select count(*) from fct_reorder_point")
    costs = [r["Custo unitário (R$)"] for r in table if r["Custo unitário (R$)"]]
    assert any("," in c for c in costs) and not any("." in c for c in costs)
    assert {r["Situação"] for r in table} <= {
        "Ruptura", "Crítico", "Repor", "Excesso", "OK", "Sem demanda"
    }  # fmt: skip
    dates = [r["Data dos dados"] for r in table]
    as_of = gold.one("select max(as_of_date) from fct_reorder_point")
    assert set(dates) == {as_of.strftime("%d/%m/%Y")}
    # item codes exactly as the ERP has them: leading zeros, nothing added
    codes = {r["Código do item"] for r in table}
    assert codes == {r["item_id"] for r in gold.sql("select item_id from fct_reorder_point")}
    assert any(c.startswith("0") for c in codes)
    same = client.get("/api/v1/reorder.csv", params={"excel": "true", "sep": ";"})
    assert same.content == excel.content


def test_kpis_match_the_reorder_table(client, lake) -> None:
    gold = lake.second
    kpis = client.get("/api/v1/kpis").json()["data"]
    counts = {
        r["status"]: r["n"]
        for r in gold.sql("select status, count(*) as n from fct_reorder_point group by 1")
    }
    assert kpis["by_status"] == counts
    assert kpis["inventory_value_brl"] == pytest.approx(
        gold.one("select sum(inventory_value_brl) from fct_reorder_point")
    )
    assert kpis["value_at_risk_brl"] == pytest.approx(
        gold.one(
            """
            select coalesce(sum(suggested_order_value_brl), 0) from fct_reorder_point
            where status in ('stockout', 'critical')
            """
        )
    )
    backtest = next(a for a in kpis["accuracy"]["by_source"] if a["source"] == "backtest")
    assert backtest["series"] == gold.one(
        "select count(*) from fct_forecast_accuracy where model_version = $1 and source = 'backtest'",
        [MODEL_VERSION],
    )
    warehouse = gold.one("select min(warehouse_id) from fct_reorder_point")
    one = client.get("/api/v1/kpis", params={"warehouse_id": warehouse}).json()["data"]
    assert one["series"] == gold.one(
        "select count(*) from fct_reorder_point where warehouse_id = $1", [warehouse]
    )


def test_alerts_cover_stock_accuracy_and_staleness(client, lake, tmp_path) -> None:
    gold = lake.second
    alerts = client.get("/api/v1/alerts", params={"limit": 1000}).json()
    kinds: dict[str, int] = {}
    for alert in alerts["data"]:
        kinds[alert["type"]] = kinds.get(alert["type"], 0) + 1
    status = {
        r["status"]: r["n"]
        for r in gold.sql("select status, count(*) as n from fct_reorder_point group by 1")
    }
    assert kinds.get("stockout", 0) == status.get("stockout", 0)
    assert kinds.get("critical", 0) == status.get("critical", 0)
    assert kinds.get("below_reorder_point", 0) == status.get("reorder", 0)
    assert kinds["stale_data"] == 1  # the sample's data is from 2025
    assert alerts["data"][0]["severity"] == "high"
    assert "accuracy_degraded" not in kinds  # every RMSSE is 0.8, below 1.0
    only = client.get("/api/v1/alerts", params={"type": "stockout"}).json()
    assert only["count"] == status.get("stockout", 0)

    with make_client(lake.root, tmp_path, accuracy_degraded_rmsse=0.5) as strict:
        degraded = strict.get("/api/v1/alerts", params={"type": "accuracy_degraded"}).json()
    assert degraded["count"] == gold.one(
        "select count(*) from fct_forecast_accuracy where model_version = $1 and rmsse > 0.5",
        [MODEL_VERSION],
    )


def test_accuracy_grouped(client, lake) -> None:
    gold = lake.second
    by_class = client.get("/api/v1/accuracy", params={"by": "demand_class"}).json()
    expected = gold.sql(
        """
        select demand_class, source, count(*) as n, avg(rmsse) as rmsse
        from fct_forecast_accuracy where model_version = $1 group by 1, 2 order by 1, 2
        """,
        [MODEL_VERSION],
    )
    assert [(r["group"], r["source"], r["series"]) for r in by_class["data"]] == [
        (e["demand_class"], e["source"], e["n"]) for e in expected
    ]
    for got, want in zip(by_class["data"], expected, strict=True):
        assert got["rmsse_mean"] == pytest.approx(want["rmsse"])
    by_category = client.get("/api/v1/accuracy", params={"by": "category"}).json()
    assert sum(r["series"] for r in by_category["data"]) == gold.one(
        "select count(*) from fct_forecast_accuracy where model_version = $1", [MODEL_VERSION]
    )
    for by in ("model", "warehouse", "model_version"):
        assert client.get("/api/v1/accuracy", params={"by": by}).status_code == 200


def test_models_and_snapshots(client, lake) -> None:
    models = client.get("/api/v1/models").json()
    assert [m["model_version"] for m in models["data"]] == [MODEL_VERSION]
    current = models["data"][0]
    assert current["is_current"] is True
    assert current["series"] == lake.second.one(
        "select count(distinct (item_id, warehouse_id)) from fct_forecast"
    )
    assert current["source"] == "ml_env"
    assert (current["code_version"], current["horizon_days"]) == ("tests", 28)

    snapshots = client.get("/api/v1/snapshots").json()
    assert [s["snapshot_id"] for s in snapshots["data"]] == [
        lake.second.snapshot_id,
        lake.first.snapshot_id,
    ]
    assert [s["is_current"] for s in snapshots["data"]] == [True, False]


def test_a_previous_snapshot_can_be_read_with_the_snapshot_parameter(client, lake) -> None:
    first = lake.first
    old = client.get("/api/v1/kpis", params={"snapshot": first.snapshot_id}).json()
    assert old["snapshot_id"] == first.snapshot_id
    counts = {
        r["status"]: r["n"]
        for r in first.sql("select status, count(*) as n from fct_reorder_point group by 1")
    }
    assert old["data"]["by_status"] == counts
    new = client.get("/api/v1/kpis").json()
    assert new["snapshot_id"] == lake.second.snapshot_id
    # the first snapshot had no forecasts
    item, warehouse = _series_with_forecast_and_censoring(lake.second)
    url = f"/api/v1/series/{item}/{warehouse}"
    assert client.get(url, params={"snapshot": first.snapshot_id}).json()["data"]["forecast"] == []
    assert client.get(url).json()["data"]["forecast"] != []


def test_every_answer_matches_its_documented_response_model(client, lake) -> None:
    from backend import schemas

    pair = lake.second.sql("select item_id, warehouse_id from fct_forecast order by 1, 2 limit 1")[
        0
    ]
    item, warehouse = pair["item_id"], pair["warehouse_id"]
    answers = {
        "/api/v1/items": schemas.ItemPage,
        f"/api/v1/items/{item}": schemas.ItemAnswer,
        "/api/v1/warehouses": schemas.WarehousePage,
        f"/api/v1/warehouses/{warehouse}": schemas.WarehouseAnswer,
        "/api/v1/sites": schemas.SitePage,
        "/api/v1/reorder?limit=1000": schemas.ReorderPage,
        f"/api/v1/series/{item}/{warehouse}": schemas.SeriesAnswer,
        f"/api/v1/series/{item}/{warehouse}?grain=month": schemas.SeriesAnswer,
        "/api/v1/kpis": schemas.KpisAnswer,
        "/api/v1/alerts?limit=1000": schemas.AlertPage,
        "/api/v1/accuracy?by=category": schemas.AccuracyAnswer,
        "/api/v1/models": schemas.ModelPage,
        "/api/v1/categories": schemas.CategoryPage,
        "/api/v1/snapshots": schemas.SnapshotPage,
        "/api/v1/meta": schemas.MetaAnswer,
    }
    for url, model in answers.items():
        model.model_validate(client.get(url).json())
    openapi = client.get("/openapi.json").json()
    ok = openapi["paths"]["/api/v1/reorder"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/ReorderPage")


def test_models_describe_every_kept_version_and_older_snapshots_the_current_one() -> None:
    lineage = {
        "model_version": "mv_2",
        "model_generated_at": "2026-01-02T03:00:00Z",
        "model_dataset_id": "ds_2",
        "model_source": "ml_env",
        "model_exports": [
            {"model_version": "mv_1", "generated_at": "2026-01-01T03:00:00Z",
             "dataset_id": "ds_1", "source": "ml_env", "code_version": "a", "horizon_days": 90},
            {"model_version": "mv_2", "generated_at": "2026-01-02T03:00:00Z",
             "dataset_id": "ds_2", "source": "ml_env", "code_version": "b", "horizon_days": 90},
        ],
    }  # fmt: skip
    described = model_exports(lineage)
    assert described["mv_1"]["dataset_id"] == "ds_1"
    assert described["mv_2"]["code_version"] == "b"
    del lineage["model_exports"]  # a snapshot written before versions were described
    assert model_exports(lineage) == {
        "mv_2": {"generated_at": "2026-01-02T03:00:00Z", "dataset_id": "ds_2", "source": "ml_env"}
    }


def test_series_stock_on_every_day_is_the_position_in_force_and_unknown_before_any(
    client, lake
) -> None:
    gold = lake.second
    as_of = gold.one("select max(as_of_date) from fct_reorder_point")
    first_position = gold.one("select min(date) from fct_inventory_daily")
    start, end = first_position - timedelta(days=10), as_of - timedelta(days=3)
    series = gold.sql("select item_id, warehouse_id from fct_reorder_point order by all limit 12")
    for row in series:
        item, warehouse = row["item_id"], row["warehouse_id"]
        history = client.get(
            f"/api/v1/series/{item}/{warehouse}", params={"start": str(start), "end": str(end)}
        ).json()["data"]["history"]
        expected = gold.sql(
            """
            with days as (
                select cast(unnest(generate_series($3::date, $4::date, interval 1 day)) as date)
                       as day
            )
            select d.day, p.on_hand, p.on_order
            from days d asof left join (
                select date, on_hand, on_order from fct_inventory_daily
                where item_id = $1 and warehouse_id = $2
            ) p on d.day >= p.date
            order by d.day
            """,
            [item, warehouse, start, end],
        )
        got = [(p["date"], p["on_hand"], p["on_order"]) for p in history]
        assert got == [(str(r["day"]), r["on_hand"], r["on_order"]) for r in expected], item
        assert got[0][1] is None  # before the first stock report: unknown, not zero
