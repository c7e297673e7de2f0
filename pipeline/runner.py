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
from pipeline.gold.assemble import GoldResult, build_snapshot
from pipeline.gold.params import ReorderParams
from pipeline.gold.transfer_params import TransferParams
from pipeline.runlock import RunLock
from pipeline.runrecord import RunRecord, close_interrupted
from pipeline.settings import PipelineSettings
from storage import LocalStorage, Storage

log = logging.getLogger(__name__)


class LandingMissing(Exception):
    """The configured landing location does not exist or is not a folder."""


def check_landing(landing: Storage, optional: bool) -> bool:
    """True when the landing location is there to read. A local landing that does not exist
    or is not a folder fails the run with its name, unless configured as optional (an S3
    prefix has no folder to check: an empty one is an empty landing)."""
    if not isinstance(landing, LocalStorage) or landing.root.is_dir():
        return True
    what = "is not a folder" if landing.root.exists() else "does not exist"
    message = f"the landing location {landing.root} {what} (PIPELINE_LANDING_URI)"
    if optional:
        log.warning("%s; PIPELINE_LANDING_OPTIONAL is set, so nothing is read from it", message)
        return False
    raise LandingMissing(
        f"{message}; create it, fix the setting, or set PIPELINE_LANDING_OPTIONAL=true"
    )


GOLD_VERSION = "3"  # bump when gold logic changes, so the next run rebuilds the snapshot


def reorder_params(settings: PipelineSettings) -> ReorderParams:
    return ReorderParams(
        service_levels={
            "A": settings.service_level_a,
            "B": settings.service_level_b,
            "C": settings.service_level_c,
        },
        review_days=settings.review_days,
    )


def fingerprint(
    batch_ids: list[str],
    model_versions: list[str],
    params: ReorderParams,
    transfer_lead_times: str = "",
) -> str:
    """What the gold snapshot is a function of: the same inputs give the same snapshot."""
    payload = json.dumps(
        {
            "gold": GOLD_VERSION,
            "batches": sorted(batch_ids),
            "models": sorted(model_versions),
            "params": repr(params),
            "transfer_lead_times": transfer_lead_times,
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
        failpoints.point("run.started")
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
            try:
                record.save(lake)
            except Exception as exc:  # e.g. the storage is gone: keep the run's own error
                if record.status == "succeeded":
                    raise
                log.error("cannot save the record of failed run %s: %s", run_id, exc)
            failpoints.point("run.recorded")
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
        unreadable = self.ingest()
        failpoints.point("run.after_bronze")
        export_checks = self.take_ml_exports()
        run_accounts = self.validate()
        failpoints.point("run.after_silver")
        all_accounts = list(silver.done_batches(self.lake).values())
        versions = [m["model_version"] for m in exports.lake_exports(self.lake)]
        inputs = fingerprint(
            [a.batch_id for a in all_accounts],
            versions,
            self.params,
            self.settings.transfer_lead_times,
        )
        pointer = snapshot.current(self.lake)
        self.record.summary["rejects_by_rule"] = _rejects(all_accounts)
        if unreadable:
            self.record.summary["files_unreadable"] = unreadable
        if not all_accounts and pointer is None:
            self.record.summary["gold"] = (
                f"nothing to build: no data has landed yet in {self.landing.describe()}"
            )
            log.info("nothing to build: no data has landed yet")
            return
        if pointer and pointer.get("fingerprint") == inputs and not force:
            self.record.snapshot_id = pointer["snapshot_id"]
            self.record.summary["gold"] = (
                f"unchanged: no new data since snapshot {pointer['snapshot_id']}"
            )
            log.info(
                "no new landing file or ML export: snapshot %s stays current",
                pointer["snapshot_id"],
            )
            self.retention()  # still remove what a killed run left behind
            return
        result = self.build_gold(inputs, run_accounts, all_accounts, export_checks, unreadable)
        self.commit(result, inputs)
        self.retention()

    def ingest(self) -> list[str]:
        """Landing -> bronze: every new file, once. Returns the files that could not be read."""
        with self.record.step("bronze") as step:
            if not check_landing(self.landing, self.settings.landing_optional):
                step.counts = {"landing": "absent (optional)"}
                return []
            report = bronze.ingest(
                self.landing,
                self.lake,
                run_stamp=self.record.run_id,
                now=self.now,
                work_dir=self.work_dir,
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
        return report.unreadable

    def take_ml_exports(self) -> list[exports.ExportCheck]:
        """Copy every valid ML export into the lake; report the others."""
        with self.record.step("ml_exports") as step:
            checks = exports.ingest_exports(self.exchange, self.lake, self.work_dir)
            step.counts = {
                "valid": sum(c.valid for c in checks),
                "ignored": [f"{c.folder}: {'; '.join(c.problems)}" for c in checks if not c.valid],
            }
        return checks

    def validate(self) -> list[silver.BatchAccount]:
        """Bronze -> silver: validate every batch silver has not seen."""
        with self.record.step("silver") as step:
            accounts = silver.promote(
                self.lake,
                list(bronze.ledger(self.lake).values()),
                as_of=self.settings.today(),
                work_dir=self.work_dir,
                memory_limit=self.settings.memory_limit,
            )
            step.counts = {
                "batches": len(accounts),
                "rows_in": sum(a.rows_in for a in accounts),
                "rows_silver": sum(a.rows_silver for a in accounts),
                "rows_quarantined": sum(a.rows_quarantined for a in accounts),
                "rows_duplicate": sum(a.rows_duplicate for a in accounts),
            }
        return accounts

    def build_gold(
        self,
        inputs: str,
        run_accounts: list[silver.BatchAccount],
        all_accounts: list[silver.BatchAccount],
        export_checks: list[exports.ExportCheck],
        unreadable: list[str],
    ) -> GoldResult:
        """Silver -> a tested gold snapshot (not yet current) and the training extract."""
        with self.record.step("gold") as step:
            checks = partial(
                quality.quality_checks,
                today=self.settings.today(),
                freshness_warn_days=self.settings.freshness_warn_days,
                run_accounts=run_accounts,
                all_accounts=all_accounts,
                export_checks=export_checks,
                unreadable_files=unreadable,
            )

            def extract(con: duckdb.DuckDBPyConnection, as_of: date) -> dict:
                dataset_id, written = training.write_extract(
                    con, self.exchange, as_of, self.work_dir
                )
                return {"training_dataset_id": dataset_id, "training_extract_written": written}

            result = build_snapshot(
                self.lake,
                snapshot_id=self.record.run_id,
                work_dir=self.work_dir,
                params=self.params,
                ml_exports=exports.lake_exports(self.lake),
                forecast_versions_kept=self.settings.forecast_versions_kept,
                memory_limit=self.settings.memory_limit,
                quality=checks,
                lineage={
                    "run_id": self.record.run_id,
                    "fingerprint": inputs,
                    "silver_batches": len(all_accounts),
                },
                after_checks=extract,
                transfers=TransferParams.from_setting(self.settings.transfer_lead_times),
            )
            step.counts = {
                "tables": result.counts,
                "as_of_date": result.as_of.isoformat(),
                "seconds_by_phase": result.phases,
            }
            self.record.summary["data_quality"] = checks_summary(self.lake, result.snapshot_id)
        return result

    def commit(self, result: GoldResult, inputs: str) -> None:
        """Publish the snapshot: `_CURRENT` is replaced last, in one atomic write."""
        with self.record.step("commit") as step:
            snapshot.commit(
                self.lake,
                result.snapshot_id,
                {
                    "as_of_date": result.as_of.isoformat(),
                    "run_id": self.record.run_id,
                    "fingerprint": inputs,
                    "model_version": result.manifest["lineage"].get("model_version"),
                },
            )
            self.record.snapshot_id = result.snapshot_id
            step.counts = {"snapshot_id": result.snapshot_id}

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
