"""Silver: each new bronze batch validated against the contract, typed, deduplicated.

Per batch: valid rows go to ``silver/<entity>/<batch_id>.parquet``, rejected rows (with the file,
row, field and rule) to ``quarantine/<entity>/<batch_id>.parquet``, and the batch's accounting to
``silver/_batches/<batch_id>.json``, written last: a batch with that record is done and is never
validated again (incremental runs). ``rows_in = rows_silver + rows_quarantined + rows_duplicate``
holds for every batch. Across batches the latest batch wins per business key; that is resolved
when silver is read (``current_sql``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import date

import pyarrow as pa

from pipeline import lake as keys
from pipeline.bronze import BronzeBatch, raw_from_bronze, read_bronze
from pipeline.contract.schema import SOURCES
from pipeline.contract.validate import validate_raw
from storage import Storage

log = logging.getLogger(__name__)


@dataclass
class BatchAccount:
    batch_id: str
    source: str
    source_file: str
    rows_in: int
    rows_silver: int
    rows_quarantined: int
    rows_duplicate: int
    rejects_by_rule: dict[str, int] = field(default_factory=dict)
    decimal: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.rows_in == self.rows_silver + self.rows_quarantined + self.rows_duplicate

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes) -> BatchAccount:
        return cls(**json.loads(data))


def done_batches(lake: Storage) -> dict[str, BatchAccount]:
    accounts = {}
    for info in lake.list(keys.SILVER_BATCHES + "/"):
        if info.key.endswith(".json"):
            account = BatchAccount.from_json(lake.get_bytes(info.key))
            accounts[account.batch_id] = account
    return accounts


def known_keys(lake: Storage, source: str) -> set[str]:
    """The IDs of a master-data source present in silver (any batch)."""
    (key_column,) = SOURCES[source].key
    ids: set[str] = set()
    for info in lake.list(f"{keys.SILVER}/{source}/"):
        if info.key.endswith(".parquet"):
            table = lake.read_parquet(info.key)
            ids.update(table.column(key_column).to_pylist())
    return ids


def _with_lineage(table: pa.Table, batch: BronzeBatch) -> pa.Table:
    n = table.num_rows
    table = table.append_column("batch_id", pa.array([batch.batch_id] * n, pa.string()))
    return table.append_column("source_file", pa.array([batch.source_file] * n, pa.string()))


def promote(lake: Storage, batches: list[BronzeBatch], *, as_of: date) -> list[BatchAccount]:
    """Validate every bronze batch that silver has not seen, master data first."""
    done = done_batches(lake)
    todo = [b for b in batches if b.batch_id not in done]
    order = {name: i for i, name in enumerate(SOURCES)}
    todo.sort(key=lambda b: (order[b.source], b.batch_id))
    references: dict[str, set[str]] = {}
    accounts = []
    for batch in todo:
        source = SOURCES[batch.source]
        for column in source.columns:
            ref = column.references
            if ref and ref not in references:
                references[ref] = known_keys(lake, ref)
        raw = raw_from_bronze(read_bronze(lake, batch), batch)
        result = validate_raw(raw, source, as_of=as_of, references=references)
        silver = _with_lineage(result.valid, batch)
        lake.write_parquet(keys.silver_key(source.name, batch.batch_id), silver)
        if result.rejected.num_rows:
            lake.write_parquet(
                keys.quarantine_key(source.name, batch.batch_id),
                _with_lineage(result.rejected, batch),
            )
        account = BatchAccount(
            batch_id=batch.batch_id,
            source=source.name,
            source_file=batch.source_file,
            rows_in=result.rows_in,
            rows_silver=result.valid.num_rows,
            rows_quarantined=result.rejected.num_rows,
            rows_duplicate=result.duplicates.num_rows,
            rejects_by_rule=result.rejects_by_rule(),
            decimal=result.decimal,
            notes=result.notes,
        )
        if not account.balanced or account.rows_in != batch.rows:
            raise RuntimeError(
                f"row accounting broken for {batch.source_file}: {batch.rows} rows in bronze, "
                f"{account.rows_silver} silver + {account.rows_quarantined} quarantined + "
                f"{account.rows_duplicate} duplicate"
            )
        lake.put_atomic(keys.silver_batch_key(batch.batch_id), account.to_json())
        if source.name in references:  # later batches in this run see the new master data
            references[source.name].update(result.valid.column(source.key[0]).to_pylist())
        accounts.append(account)
        log.info(
            "silver: %s: %d in, %d silver, %d quarantined, %d duplicate",
            batch.source_file,
            account.rows_in,
            account.rows_silver,
            account.rows_quarantined,
            account.rows_duplicate,
        )
    return accounts


def current_sql(entity: str, files: list) -> str:
    """SQL for the current rows of an entity: the latest batch wins per business key."""
    source = SOURCES[entity]
    key = ", ".join(source.key)
    columns = ", ".join(source.column_names)
    file_list = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    return f"""
        WITH batches AS (
            SELECT {columns}, batch_id, row_number
            FROM read_parquet([{file_list}], union_by_name = true)
        ),
        final AS (
            SELECT * EXCLUDE (rank) FROM (
                SELECT *, row_number() OVER (
                    PARTITION BY {key} ORDER BY batch_id DESC, row_number DESC
                ) AS rank
                FROM batches
            ) WHERE rank = 1
        )
        SELECT * FROM final
    """
