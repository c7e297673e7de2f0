"""Where everything lives in the lake (docs/gold-snapshot.md). Keys only: no I/O here.

bronze/<source>/ingest_date=YYYY-MM-DD/<batch_id>.parquet   raw text + lineage, append-only
bronze/_ledger/<source>/<sha256>.json                       a landed file, ingested once
bronze/ml_results/<model_version>/                          a verified ML export, manifest last
silver/<entity>/<batch_id>.parquet                           typed, validated rows of a batch
silver/_batches/<batch_id>.json                              the batch's accounting
quarantine/<entity>/<batch_id>.parquet                       rejected rows + reject reason
gold/snapshots/<snapshot_id>/<table>.parquet                 immutable once written
gold/snapshots/<snapshot_id>/_manifest.json                  tables, rows, schema, sha256
gold/_CURRENT                                                {snapshot_id, committed_at, ...}
runs/<run_id>.json                                           every run: steps, counts, status
"""

from __future__ import annotations

from datetime import date

BRONZE = "bronze"
LEDGER = "bronze/_ledger"
LAKE_ML = "bronze/ml_results"
SILVER = "silver"
SILVER_BATCHES = "silver/_batches"
QUARANTINE = "quarantine"
SNAPSHOTS = "gold/snapshots"
CURRENT = "gold/_CURRENT"
RUNS = "runs"
LEASE = "_lease.json"
MANIFEST = "_manifest.json"


def bronze_key(source: str, ingest_date: date, batch_id: str) -> str:
    return f"{BRONZE}/{source}/ingest_date={ingest_date.isoformat()}/{batch_id}.parquet"


def ledger_key(source: str, sha256: str) -> str:
    return f"{LEDGER}/{source}/{sha256}.json"


def silver_key(entity: str, batch_id: str) -> str:
    return f"{SILVER}/{entity}/{batch_id}.parquet"


def silver_batch_key(batch_id: str) -> str:
    return f"{SILVER_BATCHES}/{batch_id}.json"


def quarantine_key(entity: str, batch_id: str) -> str:
    return f"{QUARANTINE}/{entity}/{batch_id}.parquet"


def snapshot_prefix(snapshot_id: str) -> str:
    return f"{SNAPSHOTS}/{snapshot_id}/"


def snapshot_table_key(snapshot_id: str, table: str) -> str:
    return f"{SNAPSHOTS}/{snapshot_id}/{table}.parquet"


def snapshot_manifest_key(snapshot_id: str) -> str:
    return f"{SNAPSHOTS}/{snapshot_id}/{MANIFEST}"


def run_key(run_id: str) -> str:
    return f"{RUNS}/{run_id}.json"
