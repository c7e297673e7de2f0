"""Generate a sample ERP landing folder: master data, consumption, inventory, purchase orders.

Output layout under ``out`` (one folder per source, as the raw-data contract expects):

    suppliers/suppliers.csv            warehouses/warehouses.csv        sites/sites.csv
    items/items.csv                    (";" + decimal comma, like a Brazilian Excel export)
    consumption/consumption_<first>_<end>.csv|parquet
    inventory/inventory_<first>_<end>.csv|parquet
    purchase_orders/purchase_orders_<first>_<end>.csv|parquet
    _defects.json                      (only with dirty=True; see dirty.py)

``first`` is the start of the run, or the day after ``increment_from`` for an incremental drop.
Master data files carry no date: they are the same for every run of a seed and scale, so
re-dropping them is byte-identical.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

from pipeline.contract.schema import MIN_DATE, SOURCES
from pipeline.sample import dirty
from pipeline.sample.catalog import Catalog, Scale, build_catalog
from pipeline.sample.simulate import DayRecord, Simulation
from pipeline.sample.tables import (
    SCHEMAS,
    CatalogIds,
    consumption_table,
    inventory_table,
    master_tables,
    purchase_order_table,
)
from pipeline.sample.writers import (
    EXCEL_BR,
    STANDARD,
    FileFormat,
    TableSink,
    WrittenFile,
    open_sink,
    write_table,
)

log = logging.getLogger(__name__)

MASTER_SOURCES = ("suppliers", "warehouses", "items", "sites")
BIG_SOURCES = ("consumption", "inventory")
DEFECTS_FILE = "_defects.json"
# Rows of inventory buffered before a chunk is written (one Parquet row group / CSV append).
CHUNK_ROWS = 1_000_000


class FormatChoice:
    AUTO = "auto"
    CSV = "csv"
    PARQUET = "parquet"
    ALL = (AUTO, CSV, PARQUET)


@dataclass(frozen=True)
class SampleConfig:
    out: Path
    scale: Scale = Scale.S
    seed: int = 7
    start: date | None = None
    end: date | None = None
    dirty: bool = False
    file_format: str = FormatChoice.AUTO
    increment_from: date | None = None
    clean: bool = False  # delete earlier sample files in the source folders first

    def resolved(self, today: date | None = None) -> SampleConfig:
        """Fill in the default dates: end = yesterday, start = end minus 2 years (S) or 3 (L)."""
        end = self.end or (today or date.today()) - timedelta(days=1)
        start = self.start or _years_before(end, 2 if self.scale is Scale.S else 3)
        config = replace(self, start=start, end=end)
        config.validate()
        return config

    def validate(self) -> None:
        if self.start is None or self.end is None:
            raise ValueError("start and end must be resolved first")
        if self.start < MIN_DATE:
            raise ValueError(
                f"--start {self.start} is before {MIN_DATE}, which the contract rejects"
            )
        if self.start > self.end:
            raise ValueError(f"--start {self.start} is after --end {self.end}")
        if self.file_format not in FormatChoice.ALL:
            raise ValueError(f"--format must be one of {', '.join(FormatChoice.ALL)}")
        if self.increment_from is not None and not self.start <= self.increment_from < self.end:
            raise ValueError(
                f"--increment-from {self.increment_from} must be on or after --start "
                f"{self.start} and before --end {self.end}"
            )

    @property
    def first_written(self) -> date:
        assert self.start is not None
        if self.increment_from is not None:
            return self.increment_from + timedelta(days=1)
        return self.start

    def format_of(self, source: str) -> FileFormat:
        if self.file_format == FormatChoice.CSV:
            return FileFormat.CSV
        if self.file_format == FormatChoice.PARQUET:
            return FileFormat.PARQUET
        if self.scale is Scale.L and source in BIG_SOURCES:
            return FileFormat.PARQUET
        return FileFormat.CSV


@dataclass
class SampleResult:
    config: SampleConfig
    files: list[WrittenFile] = field(default_factory=list)
    defects: list[dirty.Defect] = field(default_factory=list)


ProgressCallback = Callable[[int, int], None]


def generate(config: SampleConfig, progress: ProgressCallback | None = None) -> SampleResult:
    """Write the sample landing folder described by ``config`` (dates already resolved)."""
    config.validate()
    assert config.start is not None and config.end is not None
    out = config.out
    out.mkdir(parents=True, exist_ok=True)
    if config.clean:
        _remove_earlier_files(out)
    catalog = build_catalog(config.scale, config.seed)
    ids = CatalogIds(catalog)
    result = SampleResult(config)
    log.info(
        "sample ERP: scale %s, seed %d, %s..%s, %d items x %d warehouses, %d towers",
        config.scale, config.seed, config.first_written, config.end,
        len(catalog.items), len(catalog.warehouses), len(catalog.sites),
    )  # fmt: skip

    masters = master_tables(catalog)
    latin1_items: pa.Table | None = None
    if config.dirty:
        masters["items"], latin1_items = dirty.split_items(masters["items"])
    for source in MASTER_SOURCES:
        fmt = config.format_of(source)
        relpath = f"{source}/{source}.{fmt}"
        dialect = EXCEL_BR if source == "items" else STANDARD
        result.files.append(write_table(out, relpath, source, masters[source], fmt, dialect))

    simulation, samples = _write_transactions(config, catalog, ids, result, progress)

    orders = purchase_order_table(
        simulation.purchase_orders.arrays(), ids, simulation.supplier,
        config.start, config.first_written, config.end,
    )  # fmt: skip
    variants: dict[str, pa.Table] = {}
    if config.dirty:
        orders, variants = dirty.split_purchase_orders(orders)
    fmt = config.format_of("purchase_orders")
    relpath = f"purchase_orders/purchase_orders_{_span(config)}.{fmt}"
    result.files.append(write_table(out, relpath, "purchase_orders", orders, fmt))

    if config.dirty:
        assert latin1_items is not None
        context = dirty.DirtyContext(
            out=out,
            catalog=catalog,
            start=config.start,
            first=config.first_written,
            end=config.end,
            files={f.source: f for f in result.files},
            consumption_sample=samples["consumption"],
            inventory_sample=samples["inventory"],
            purchase_order_sample=orders.slice(0, 50),
            latin1_items=latin1_items,
            purchase_order_variants=variants,
        )
        files, defects = dirty.write_defects(context)
        result.files.extend(files)
        result.defects = defects
        (out / DEFECTS_FILE).write_text(
            json.dumps([d.as_json() for d in defects], ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    return result


def _write_transactions(
    config: SampleConfig,
    catalog: Catalog,
    ids: CatalogIds,
    result: SampleResult,
    progress: ProgressCallback | None,
) -> tuple[Simulation, dict[str, pa.Table]]:
    """Run the simulation, writing consumption and inventory in chunks of days; return the
    simulation (for its purchase orders) and the first rows written of each source."""
    assert config.start is not None and config.end is not None
    out = config.out
    span = _span(config)
    sinks: dict[str, TableSink] = {
        source: open_sink(
            out,
            f"{source}/{source}_{span}.{config.format_of(source)}",
            source,
            SCHEMAS[source],
            config.format_of(source),
        )
        for source in BIG_SOURCES
    }
    simulation = Simulation(catalog, config.seed, config.start, config.end)
    chunk_days = max(1, CHUNK_ROWS // simulation.model.n_series)
    total_days = (config.end - config.first_written).days + 1
    samples: dict[str, pa.Table] = {}
    buffer: list[DayRecord] = []
    done = 0

    def flush() -> None:
        if not buffer:
            return
        for source, build in (("consumption", consumption_table), ("inventory", inventory_table)):
            table = build(buffer, ids)
            sinks[source].write(table)
            if source not in samples and table.num_rows:
                samples[source] = table.slice(0, 50)
        buffer.clear()

    for record in simulation.run():
        if record.day < config.first_written:
            continue
        buffer.append(record)
        done += 1
        if len(buffer) >= chunk_days:
            flush()
            if progress is not None:
                progress(done, total_days)
    flush()
    if progress is not None:
        progress(done, total_days)
    for source in BIG_SOURCES:
        result.files.append(sinks[source].close())
        samples.setdefault(source, SCHEMAS[source].empty_table())
    return simulation, samples


def _span(config: SampleConfig) -> str:
    return f"{config.first_written.isoformat()}_{config.end.isoformat() if config.end else ''}"


def _years_before(day: date, years: int) -> date:
    """The day after the same date ``years`` earlier, so the range covers exactly N years."""
    try:
        earlier = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        earlier = day.replace(year=day.year - years, day=28)
    return earlier + timedelta(days=1)


def _remove_earlier_files(out: Path) -> None:
    """Delete files this generator writes (by name pattern) from the source folders."""
    removed = 0
    for source in SOURCES:
        folder = out / source
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name.startswith(source) and path.suffix in (
                ".csv", ".parquet",
            ):  # fmt: skip
                path.unlink()
                removed += 1
    defects = out / DEFECTS_FILE
    if defects.exists():
        defects.unlink()
        removed += 1
    if removed:
        log.info("removed %d files of an earlier sample from %s", removed, out)


def other_files(out: Path, written: list[WrittenFile]) -> list[str]:
    """Files in the source folders that this run did not write (earlier runs, other drops)."""
    mine = {f.path for f in written}
    found: list[str] = []
    for source in SOURCES:
        folder = out / source
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                rel = f"{source}/{path.name}"
                if path.is_file() and rel not in mine and not path.name.startswith("."):
                    found.append(rel)
    return found
