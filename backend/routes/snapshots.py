"""Retained gold snapshots, for the `snapshot` query parameter (compare with yesterday)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException

from backend.deps import StateDep
from backend.schemas import SnapshotPage
from backend.snapshot import MANIFEST, SNAPSHOTS_PREFIX
from storage import StorageError

router = APIRouter(tags=["snapshots"])


@router.get("/snapshots", response_model=SnapshotPage, summary="Retained snapshots, newest first")
def list_snapshots(state: StateDep) -> dict[str, Any]:
    current = state.snapshots.current
    if current is None:
        raise HTTPException(503, "no gold snapshot is being served yet")
    storage = state.snapshots.storage
    rows = []
    try:
        for snapshot_id in reversed(state.snapshots.retained()):
            manifest = json.loads(storage.get_bytes(f"{SNAPSHOTS_PREFIX}{snapshot_id}/{MANIFEST}"))
            lineage = manifest.get("lineage") or {}
            rows.append(
                {
                    "snapshot_id": snapshot_id,
                    "created_at": manifest.get("created_at"),
                    "as_of_date": lineage.get("as_of_date"),
                    "model_version": lineage.get("model_version"),
                    "run_id": lineage.get("run_id"),
                    "is_current": snapshot_id == current.snapshot_id,
                }
            )
    except (StorageError, ValueError) as exc:
        raise HTTPException(503, f"cannot list snapshots: {exc}") from exc
    return {"data": rows, "count": len(rows), "snapshot_id": current.snapshot_id}
