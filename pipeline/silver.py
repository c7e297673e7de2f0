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
from pathlib import Path

import duckdb

from pipeline import failpoints
from pipeline import lake as keys
from pipeline.bronze import BronzeBatch, local_copy
from pipeline.contract.reader import ROW_NUMBER
from pipeline.contract.schema import SOURCES
from pipeline.contract.validate import validate_relation
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
    # Optional descriptive fields emptied because of an unexpected value (the rows were kept).
    warnings_by_field: dict[str, int] = field(default_factory=dict)

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


def quarantined_keys(lake: Storage, source: str, known: set[str]) -> dict[str, str]:
    """The IDs of a master-data source's quarantined rows that no valid row has, each with
    where it was quarantined ("landing/sites/sites.csv row 2, field state")."""
    (key_column,) = SOURCES[source].key
    where: dict[str, str] = {}
    for info in lake.list(f"{keys.QUARANTINE}/{source}/"):
        if info.key.endswith(".parquet"):
            table = lake.read_parquet(info.key)
            columns = (key_column, "source_file", ROW_NUMBER, "reject_field")
            for row in table.select(list(columns)).to_pylist():
                key = row[key_column]
                if key and key not in known:
                    where[key] = _location(row["source_file"], row[ROW_NUMBER], row["reject_field"])
    return where


def _location(source_file: str, row_number: int, reject_field: str | None) -> str:
    field_part = f", field {reject_field}" if reject_field and reject_field != "(row)" else ""
    return f"{source_file} row {row_number}{field_part}"


def _copy(
    con: duckdb.DuckDBPyConnection, sql: str, lake: Storage, key: str, work_dir: Path
) -> None:
    """COPY a query's rows to Parquet at `key` (staged locally, then put)."""
    staged = work_dir / "silver" / key.replace("/", "__")
    staged.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({sql}) TO '{staged}' (FORMAT parquet, COMPRESSION zstd)")
    lake.put_file(key, staged)
    staged.unlink(missing_ok=True)


def _validate_batch(
    lake: Storage,
    batch: BronzeBatch,
    references: dict[str, set[str]],
    quarantined: dict[str, dict[str, str]],
    *,
    as_of: date,
    work_dir: Path,
    memory_limit: str,
) -> BatchAccount:
    source = SOURCES[batch.source]
    con = duckdb.connect()
    try:
        spill = work_dir / "duckdb-spill"
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{spill}'")
        with local_copy(lake, batch.bronze_key, work_dir) as path:
            con.execute(f"CREATE VIEW raw AS SELECT * FROM read_parquet('{path}')")
            outcome = validate_relation(
                con,
                "raw",
                batch.raw_info(),
                source,
                as_of=as_of,
                references=references,
                quarantined=quarantined,
            )
            lineage = f"'{batch.batch_id}' AS batch_id, {_lit(batch.source_file)} AS source_file"
            _copy(
                con,
                f"SELECT *, {lineage} FROM ({outcome.valid_sql})",
                lake,
                keys.silver_key(source.name, batch.batch_id),
                work_dir,
            )
            if outcome.rows_rejected:
                _copy(
                    con,
                    f"SELECT *, {lineage} FROM ({outcome.rejected_sql}) ORDER BY row_number",
                    lake,
                    keys.quarantine_key(source.name, batch.batch_id),
                    work_dir,
                )
            if source.name in references:  # later batches of this run see new master data
                (key,) = source.key
                new_ids = con.execute(f"SELECT {key} FROM ({outcome.valid_sql})").fetchall()
                references[source.name].update(row[0] for row in new_ids)
                where = quarantined.setdefault(source.name, {})
                for (new_id,) in new_ids:
                    where.pop(new_id, None)
                rejected = con.execute(
                    f"SELECT {key}, {ROW_NUMBER}, reject_field FROM ({outcome.rejected_sql})"
                ).fetchall()
                for rejected_id, row_number, reject_field in rejected:
                    if rejected_id and rejected_id not in references[source.name]:
                        where[rejected_id] = _location(batch.source_file, row_number, reject_field)
    finally:
        con.close()
    return BatchAccount(
        batch_id=batch.batch_id,
        source=source.name,
        source_file=batch.source_file,
        rows_in=outcome.rows_in,
        rows_silver=outcome.rows_valid,
        rows_quarantined=outcome.rows_rejected,
        rows_duplicate=outcome.rows_duplicate,
        rejects_by_rule=outcome.rejects_by_rule,
        decimal=outcome.decimal,
        notes=outcome.notes,
        warnings_by_field=outcome.warnings_by_field,
    )


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def promote(
    lake: Storage,
    batches: list[BronzeBatch],
    *,
    as_of: date,
    work_dir: Path,
    memory_limit: str = "4GB",
) -> list[BatchAccount]:
    """Validate every bronze batch that silver has not seen, master data first."""
    done = done_batches(lake)
    todo = [b for b in batches if b.batch_id not in done]
    order = {name: i for i, name in enumerate(SOURCES)}
    todo.sort(key=lambda b: (order[b.source], b.batch_id))
    references: dict[str, set[str]] = {}
    quarantined: dict[str, dict[str, str]] = {}
    accounts = []
    for batch in todo:
        for column in SOURCES[batch.source].columns:
            ref = column.references
            if ref and ref not in references:
                references[ref] = known_keys(lake, ref)
                quarantined[ref] = quarantined_keys(lake, ref, references[ref])
        account = _validate_batch(
            lake,
            batch,
            references,
            quarantined,
            as_of=as_of,
            work_dir=work_dir,
            memory_limit=memory_limit,
        )
        if not account.balanced or account.rows_in != batch.rows:
            raise RuntimeError(
                f"row accounting broken for {batch.source_file}: {batch.rows} rows in bronze, "
                f"{account.rows_silver} silver + {account.rows_quarantined} quarantined + "
                f"{account.rows_duplicate} duplicate"
            )
        failpoints.point("silver.batch_written")
        lake.put_atomic(keys.silver_batch_key(batch.batch_id), account.to_json())
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
    """SQL for the current rows of an entity: the latest batch wins per business key.

    Rows within a batch are already unique by key, so a repeated key must appear in a batch other
    than the largest one: the candidates come from the small batches (a daily drop is small next
    to the history), and only their keys are ranked.
    """
    source = SOURCES[entity]
    key = ", ".join(source.key)
    columns = ", ".join(source.column_names)

    def paths(chosen: list) -> str:
        return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in chosen) + "]"

    # union_by_name: batches written before an optional column joined the contract lack it
    if len(files) == 1:
        return f"SELECT {columns} FROM read_parquet({paths(files)}, union_by_name = true)"
    by_size = sorted(files, key=lambda f: Path(f).stat().st_size)
    small, largest = by_size[:-1], by_size[-1:]
    return f"""
        WITH batches AS (
            SELECT {columns}, batch_id, row_number
            FROM read_parquet({paths(files)}, union_by_name = true)
        ),
        small_keys AS (SELECT {key} FROM read_parquet({paths(small)})),
        repeated AS (
            SELECT {key} FROM small_keys GROUP BY ALL HAVING count(*) > 1
            UNION
            SELECT {key} FROM read_parquet({paths(largest)}) SEMI JOIN small_keys USING ({key})
        ),
        superseded AS (
            SELECT batch_id, row_number FROM (
                SELECT {key}, batch_id, row_number,
                       max(batch_id) OVER (PARTITION BY {key}) AS newest
                FROM batches SEMI JOIN repeated USING ({key})
            ) WHERE batch_id < newest
        ),
        final AS (
            SELECT {columns} FROM batches ANTI JOIN superseded USING (batch_id, row_number)
        )
        SELECT * FROM final
    """
