"""One pipeline run: landing -> bronze -> silver -> gold snapshot -> training extract.

Idempotent: a run with no new landing file and no new ML export builds nothing and leaves the
current snapshot as it is. Every run, good or bad, leaves a record in ``lake/runs/``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import duckdb

from pipeline import bronze, exports, failpoints, quality, silver, snapshot, training
from pipeline.gold.assemble import build_snapshot
from pipeline.gold.params import ReorderParams
from pipeline.runlock import RunLock
from pipeline.runrecord import RunRecord, close_interrupted
from pipeline.settings import PipelineSettings
from storage import Storage

log = logging.getLogger(__name__)

GOLD_VERSION = "1"  # bump when gold logic changes, so the next run rebuilds the snapshot


def reorder_params(settings: PipelineSettings) -> ReorderParams:
    return ReorderParams(
        service_levels={
            "A": settings.service_level_a,
            "B": settings.service_level_b,
            "C": settings.service_level_c,
        },
        review_days=settings.review_days,
    )


def fingerprint(batch_ids: list[str], model_versions: list[str], params: ReorderParams) -> str:
    """What the gold snapshot is a function of: the same inputs give the same snapshot."""
    payload = json.dumps(
        {
            "gold": GOLD_VERSION,
            "batches": sorted(batch_ids),
            "models": sorted(model_versions),
            "params": repr(params),
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def run_once(settings: PipelineSettings, *, force: bool = False) -> RunRecord:
    now = datetime.now(UTC)
    run_id = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}Z"
    lake, landing, exchange = settings.lake(), settings.landing(), settings.exports()
    work_dir = Path(settings.work_dir).resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    params = reorder_params(settings)
    with RunLock(lake, run_id, work_dir, timedelta(hours=settings.lease_ttl_hours)):
        close_interrupted(lake)
        record = RunRecord(run_id=run_id, started_at=now.isoformat(timespec="seconds"))
        record.save(lake)
        started = datetime.now(UTC)
        run = Run(settings, record, lake, landing, exchange, work_dir, params, now)
        try:
            run.steps(force)
            record.status = "succeeded"
        except Exception as exc:
            record.status = "failed"
            record.error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            record.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
            record.seconds = round((datetime.now(UTC) - started).total_seconds(), 3)
            record.save(lake)
    return record


@dataclass
class Run:
    settings: PipelineSettings
    record: RunRecord
    lake: Storage
    landing: Storage
    exchange: Storage
    work_dir: Path
    params: ReorderParams
    now: datetime

    def steps(self, force: bool) -> None:
        settings, record, lake = self.settings, self.record, self.lake
        landing, exchange, work_dir, params, now = (
            self.landing,
            self.exchange,
            self.work_dir,
            self.params,
            self.now,
        )
        today = settings.today()
        with record.step("bronze") as step:
            report = bronze.ingest(
                landing, lake, run_stamp=record.run_id, now=now, work_dir=work_dir
            )
            step.counts = {
                "files_ingested": len(report.ingested),
                "files_already_ingested": len(report.already_ingested),
                "files_unreadable": len(report.unreadable),
                "orphans_removed": len(report.orphans_removed),
                "rows": sum(b.rows for b in report.ingested),
            }
            if report.unreadable:
                step.counts["unreadable"] = report.unreadable
        failpoints.point("run.after_bronze")
        with record.step("ml_exports") as step:
            export_checks = exports.ingest_exports(exchange, lake, work_dir)
            step.counts = {
                "valid": sum(c.valid for c in export_checks),
                "ignored": [
                    f"{c.folder}: {'; '.join(c.problems)}" for c in export_checks if not c.valid
                ],
            }
        with record.step("silver") as step:
            batches = list(bronze.ledger(lake).values())
            run_accounts = silver.promote(
                lake,
                batches,
                as_of=today,
                work_dir=work_dir,
                memory_limit=settings.memory_limit,
            )
            step.counts = {
                "batches": len(run_accounts),
                "rows_in": sum(a.rows_in for a in run_accounts),
                "rows_silver": sum(a.rows_silver for a in run_accounts),
                "rows_quarantined": sum(a.rows_quarantined for a in run_accounts),
                "rows_duplicate": sum(a.rows_duplicate for a in run_accounts),
            }
        failpoints.point("run.after_silver")
        all_accounts = list(silver.done_batches(lake).values())
        versions = [m["model_version"] for m in exports.lake_exports(lake)]
        inputs = fingerprint([a.batch_id for a in all_accounts], versions, params)
        pointer = snapshot.current(lake)
        record.summary["rejects_by_rule"] = _rejects(all_accounts)
        if pointer and pointer.get("fingerprint") == inputs and not force:
            record.snapshot_id = pointer["snapshot_id"]
            record.summary["gold"] = (
                f"unchanged: no new data since snapshot {pointer['snapshot_id']}"
            )
            log.info(
                "no new landing file or ML export: snapshot %s stays current", record.snapshot_id
            )
            self.retention()  # still remove what a killed run left behind
            return
        with record.step("gold") as step:
            snapshot_id = record.run_id
            checks = partial(
                quality.quality_checks,
                today=today,
                freshness_warn_days=settings.freshness_warn_days,
                run_accounts=run_accounts,
                all_accounts=all_accounts,
                export_checks=export_checks,
            )

            def extract(con: duckdb.DuckDBPyConnection, as_of: date) -> dict:
                dataset_id, written = training.write_extract(con, exchange, as_of, work_dir)
                return {"training_dataset_id": dataset_id, "training_extract_written": written}

            result = build_snapshot(
                lake,
                snapshot_id=snapshot_id,
                work_dir=work_dir,
                params=params,
                forecast_versions_kept=settings.forecast_versions_kept,
                memory_limit=settings.memory_limit,
                quality=checks,
                lineage={
                    "run_id": record.run_id,
                    "fingerprint": inputs,
                    "silver_batches": len(all_accounts),
                },
                after_checks=extract,
            )
            step.counts = {
                "tables": result.counts,
                "as_of_date": result.as_of.isoformat(),
                "seconds_by_phase": result.phases,
            }
            record.summary["quality"] = result.manifest["tables"]["data_quality"]["rows"]
            record.summary["data_quality"] = checks_summary(lake, snapshot_id)
        with record.step("commit") as step:
            lineage = result.manifest["lineage"]
            snapshot.commit(
                lake,
                snapshot_id,
                {
                    "as_of_date": result.as_of.isoformat(),
                    "run_id": record.run_id,
                    "fingerprint": inputs,
                    "model_version": lineage.get("model_version"),
                },
            )
            record.snapshot_id = snapshot_id
            step.counts = {"snapshot_id": snapshot_id}
        self.retention()

    def retention(self) -> None:
        """Delete snapshots beyond the retention and partial ones left by a killed run."""
        with self.record.step("retention") as step:
            step.counts = {
                "deleted": snapshot.apply_retention(self.lake, self.settings.retention_snapshots)
            }


def _rejects(accounts: list[silver.BatchAccount]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for account in accounts:
        for rule, count in account.rejects_by_rule.items():
            totals[rule] = totals.get(rule, 0) + count
    return dict(sorted(totals.items()))


def checks_summary(lake: Storage, snapshot_id: str) -> list[dict]:
    """The data quality rows of a snapshot, for the run record."""
    table = lake.read_parquet(f"gold/snapshots/{snapshot_id}/data_quality.parquet")
    return table.to_pylist()
