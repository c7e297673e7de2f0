"""What is being served: snapshot, model version and lineage, freshness, last run, quality.

Run errors and quality messages quote files; the answer names them without the server's folders
(the operator reads the full text in the run record and the pipeline's log)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from backend.deps import CacheDep, SnapshotDep, StateDep
from backend.redact import redact
from backend.schemas import MetaAnswer
from backend.snapshot import Snapshot
from storage import Storage, StorageError

router = APIRouter(tags=["meta"])

RUN_FIELDS = ("run_id", "status", "started_at", "finished_at", "seconds", "snapshot_id", "error")


def _run(storage: Storage, run_id: str | None) -> dict[str, Any] | None:
    """A run record's summary, None when it is missing or unreadable (never an error)."""
    if not run_id:
        return None
    try:
        record = json.loads(storage.get_bytes(f"runs/{run_id}.json"))
    except (StorageError, ValueError):
        return None
    summary = {name: redact(record.get(name)) for name in RUN_FIELDS}
    summary["steps"] = [
        {"name": s.get("name"), "status": s.get("status"), "seconds": s.get("seconds")}
        for s in record.get("steps") or []
    ]
    return summary


def _latest_run_id(storage: Storage) -> str | None:
    try:
        names = [i.key for i in storage.list("runs/", recursive=False) if i.key.endswith(".json")]
    except StorageError:
        return None
    return max(names).removeprefix("runs/").removesuffix(".json") if names else None


def _quality(snapshot: Snapshot) -> dict[str, Any]:
    if "data_quality" not in snapshot.tables:
        return {"status": "unknown", "checks": []}
    checks = redact(snapshot.query("select * from data_quality order by check_name"))
    statuses = {c["status"] for c in checks}
    overall = "fail" if "fail" in statuses else "warn" if statuses - {"ok"} else "ok"
    return {"status": overall, "checks": checks}


@router.get(
    "/meta",
    response_model=MetaAnswer,
    summary="Snapshot, model version, freshness, last run and data quality",
)
def get_meta(snapshot: SnapshotDep, cache: CacheDep, state: StateDep) -> Response:
    if (hit := cache.hit()) is not None:
        return hit
    settings = state.settings
    storage = state.snapshots.storage
    lineage = snapshot.lineage
    as_of = snapshot.as_of_date
    age_days = (settings.today() - as_of).days if as_of else None
    latest = _latest_run_id(storage)
    meta = {
        "snapshot_id": snapshot.snapshot_id,
        "committed_at": snapshot.committed_at,
        "previous": snapshot.pointer.get("previous"),
        "as_of_date": as_of,
        "model": {
            "model_version": snapshot.model_version,
            "generated_at": lineage.get("model_generated_at"),
            "dataset_id": lineage.get("model_dataset_id"),
            "source": lineage.get("model_source"),
            "versions_kept": lineage.get("model_versions_kept") or [],
        },
        "training_dataset_id": lineage.get("training_dataset_id"),
        "freshness": {
            "data_age_days": age_days,
            "stale": age_days is not None and age_days > settings.stale_data_days,
            "stale_after_days": settings.stale_data_days,
        },
        "run": _run(storage, lineage.get("run_id")),
        "last_run": _run(storage, latest) if latest != lineage.get("run_id") else None,
        "quality": _quality(snapshot),
        "tables": {
            name: {
                "rows": spec.get("rows"),
                "key": spec.get("key"),
                "description": spec.get("description"),
            }
            for name, spec in snapshot.tables.items()
        },
    }
    return cache.answer({"data": meta})
