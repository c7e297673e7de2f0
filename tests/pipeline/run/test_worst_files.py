"""The ERP's worst files, as an operator meets them: `python -m pipeline run` on a landing folder
holding a Windows-1252 export, a gzip file named .csv, a file nobody may read, towers with an
unexpected SLA label and one quarantined tower; then `python -m pipeline status` (issue 17)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.factories import Workspace, wait_until

# As root every file is readable: the run then goes without the capabilities that let root
# ignore file permissions, so a file with mode 000 is unreadable as it is for the ERP's user.
AS_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []
)


def cli(workspace: Workspace, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*AS_USER, sys.executable, "-m", "pipeline", *args],
        cwd=workspace.root,
        env=workspace.env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows(lake: Path, query: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        for entity in ("items", "sites", "consumption"):
            files = f"{lake}/silver/{entity}/*.parquet"
            con.execute(
                f"create view silver_{entity} as select * from read_parquet('{files}', "
                "union_by_name = true)"
            )
        if list((lake / "quarantine" / "consumption").glob("*.parquet")):
            quarantine = f"{lake}/quarantine/consumption/*.parquet"
            con.execute(f"create view quarantine_consumption as select * from '{quarantine}'")
        return con.execute(query).fetchall()
    finally:
        con.close()


def master(lake: Path, query: str) -> tuple:
    return rows(lake, query)[0]


def batch_notes(lake: Path, file_name: str) -> list[str]:
    for path in (lake / "silver" / "_batches").glob("*.json"):
        account = json.loads(path.read_text())
        if account["source_file"].endswith(file_name):
            return account["notes"]
    raise AssertionError(f"no batch of {file_name}")


def last_record(lake: Path) -> dict:
    return json.loads(sorted((lake / "runs").glob("*.json"))[-1].read_text())


def quality(lake: Path, snapshot_id: str) -> dict[str, dict]:
    table = lake / "gold" / "snapshots" / snapshot_id / "data_quality.parquet"
    con = duckdb.connect()
    try:
        result = con.execute(f"select * from '{table}'")
        names = [d[0] for d in result.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in result.fetchall()}
    finally:
        con.close()


def test_the_worst_files_of_a_day(built_copy: Workspace) -> None:
    landing, lake = built_copy.landing, built_copy.lake
    supplier, item_sample = master(
        lake, "select supplier_id, item_id from silver_items order by item_id limit 1"
    )
    warehouse, state = master(lake, "select warehouse_id, state from silver_sites limit 1")
    # 1. Items from a Windows ERP: curly quotes and an en dash (bytes 0x94 and 0x96).
    name = "Cabo coaxial 1/2\u201d \u2013 metro"
    items = (
        "item_id;item_name;category;unit;unit_cost;criticality;supplier_id;moq;order_multiple\r\n"
        f"990001;{name};Cabos;M;12,50;B;{supplier};200;100\r\n"
        f"990002;Conector \u201cN\u201d macho;Conectores RF;UN;40,00;C;{supplier};dez;\r\n"
    )
    (landing / "items" / "items_windows.csv").write_bytes(items.encode("windows-1252"))
    # 2. Towers: T001 labelled "gold" (kept, label emptied), T002 with an unknown state.
    (landing / "sites" / "sites_labels.csv").write_text(
        "site_id,name,city,state,warehouse_id,sla_tier\n"
        f"T001,ERB Ouro,Recife,{state},{warehouse},gold\n"
        f"T002,ERB Sem Estado,Recife,XX,{warehouse},1\n"
    )
    # 3. Their consumption, gzip-compressed under a .csv name.
    consumption = (
        "txn_id,txn_date,site_id,item_id,quantity,work_order_id\n"
        f"TXW-1,2025-12-29,T001,{item_sample},2,\n"
        f"TXW-2,2025-12-29,T001,{item_sample},1,\n"
        f"TXW-3,2025-12-29,T002,{item_sample},1,\n"
    )
    (landing / "consumption" / "consumption_20251229.csv").write_bytes(
        gzip.compress(consumption.encode())
    )
    # 4. A file the pipeline's user may not read.
    locked = landing / "items" / "items_locked.csv"
    locked.write_text(
        "item_id,item_name,category,unit,unit_cost,criticality,supplier_id\n"
        f"990003,Fusível 10A,Proteção,UN,3.20,C,{supplier}\n"
    )
    locked.chmod(0)

    done = cli(built_copy, "run")
    assert done.returncode == 0, done.stderr[-3000:]
    record = last_record(lake)
    assert record["status"] == "succeeded"

    # Windows-1252 arrives intact, and the file says how it was read.
    assert master(lake, "select item_name from silver_items where item_id = '990001'") == (name,)
    assert "read as Windows-1252" in " ".join(batch_notes(lake, "items_windows.csv"))
    # The optional ordering attributes are typed; a bad one is emptied, the item kept.
    assert rows(
        lake, "select item_id, moq, order_multiple from silver_items where item_id >= '990001'"
    ) == [("990001", 200.0, 100.0), ("990002", None, None)]
    # The tower labelled "gold" is kept with no label, and so is its consumption.
    assert master(lake, "select sla_tier from silver_sites where site_id = 'T001'") == (None,)
    assert master(lake, "select count(*) from silver_consumption where site_id = 'T001'") == (2,)
    notes = batch_notes(lake, "sites_labels.csv")
    assert any("unexpected sla_tier" in n and "'gold'" in n for n in notes), notes
    # A consumption row of the quarantined tower says where that tower was quarantined.
    (reason,) = master(lake, "select reject_reason from quarantine_consumption")
    assert "'T002' was quarantined: landing/sites/sites_labels.csv row 3, field state" in reason
    # The gzip file was read, and named as such.
    gz_notes = batch_notes(lake, "consumption_20251229.csv")
    assert any("gzip-compressed although named .csv" in n for n in gz_notes), gz_notes
    # The unreadable file: skipped, in the run record, the quality report and the status.
    bronze = next(s for s in record["steps"] if s["name"] == "bronze")
    assert bronze["counts"]["files_unreadable"] == 1
    assert (
        "items_locked.csv: cannot be read (Permission denied)" in bronze["counts"]["unreadable"][0]
    )
    checks = quality(lake, record["snapshot_id"])
    assert checks["unreadable_files"]["status"] == "warn"
    assert "items_locked.csv" in checks["unreadable_files"]["message"]
    assert checks["warnings:sites.sla_tier"]["value"] == 1
    assert checks["warnings:items.moq"]["value"] == 1
    status = cli(built_copy, "status")
    assert status.returncode == 0, status.stderr
    assert "files the last run could not read (1" in status.stdout
    assert "landing/items/items_locked.csv: cannot be read (Permission denied)" in status.stdout

    # Once readable, the next run reads it.
    locked.chmod(0o644)
    again = cli(built_copy, "run")
    assert again.returncode == 0, again.stderr[-3000:]
    assert master(lake, "select item_name from silver_items where item_id = '990003'") == (
        "Fusível 10A",
    )
    assert "could not read" not in cli(built_copy, "status").stdout


def test_a_csv_gz_file_is_read(built_copy: Workspace) -> None:
    warehouse, state = master(built_copy.lake, "select warehouse_id, state from silver_sites")
    text = f"site_id,name,city,state,warehouse_id\nGZ01,ERB Zip,Natal,{state},{warehouse}\n"
    (built_copy.landing / "sites" / "sites_extra.csv.gz").write_bytes(gzip.compress(text.encode()))
    done = cli(built_copy, "run")
    assert done.returncode == 0, done.stderr[-3000:]
    assert master(built_copy.lake, "select name from silver_sites where site_id = 'GZ01'") == (
        "ERB Zip",
    )


def test_a_missing_landing_fails_the_run_naming_it(built_copy: Workspace, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "landing"
    failed = cli(built_copy, "run", PIPELINE_LANDING_URI=str(missing))
    assert failed.returncode == 1
    assert f"the landing location {missing} does not exist" in failed.stderr
    assert last_record(built_copy.lake)["status"] == "failed"
    # A file where the folder should be.
    not_folder = tmp_path / "landing.csv"
    not_folder.write_text("x\n")
    failed = cli(built_copy, "run", PIPELINE_LANDING_URI=str(not_folder))
    assert failed.returncode == 1
    assert f"the landing location {not_folder} is not a folder" in failed.stderr
    # Configured optional: a normal run with nothing new.
    optional = cli(
        built_copy, "run", PIPELINE_LANDING_URI=str(missing), PIPELINE_LANDING_OPTIONAL="true"
    )
    assert optional.returncode == 0, optional.stderr[-3000:]
    record = last_record(built_copy.lake)
    assert record["status"] == "succeeded"
    assert record["steps"][0]["counts"] == {"landing": "absent (optional)"}


def test_an_empty_landing_is_a_run_with_nothing_new(workspace: Workspace) -> None:
    workspace.landing.mkdir(parents=True)
    done = cli(workspace, "run")
    assert done.returncode == 0, done.stderr[-3000:]
    record = last_record(workspace.lake)
    assert record["status"] == "succeeded"
    assert record["summary"]["gold"].startswith("nothing to build: no data has landed yet")
    assert "current snapshot: none yet" in cli(workspace, "status").stdout


def status_of(workspace: Workspace, run_id: str) -> str:
    """The status column of `pipeline status` for one run."""
    out = cli(workspace, "status").stdout
    cells = [line.split("│") for line in out.splitlines() if line.startswith("│")]
    row = next(cell for cell in cells if cell[1].strip() == run_id)
    return row[2].strip()


def test_status_tells_running_interrupted_and_committed_runs_apart(
    built_copy: Workspace, tmp_path: Path
) -> None:
    release = tmp_path / "release"
    paused = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run"],
        cwd=built_copy.root,
        env=built_copy.env(
            PIPELINE_PAUSE_AT="run.started",
            PIPELINE_PAUSE_SECONDS="120",
            PIPELINE_PAUSE_RELEASE=str(release),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        running = _wait_for_running(built_copy)
        assert status_of(built_copy, running) == "running"
    finally:
        release.touch()
        assert paused.wait(timeout=300) == 0, paused.stderr.read() if paused.stderr else ""
    assert status_of(built_copy, running) == "succeeded"

    killed = cli(built_copy, "run", PIPELINE_KILL_AT="run.started")
    assert killed.returncode == -9
    run_id = last_record(built_copy.lake)["run_id"]
    assert last_record(built_copy.lake)["status"] == "running"  # as the process left it
    assert status_of(built_copy, run_id) == "interrupted"

    committed = cli(built_copy, "run", "--force", PIPELINE_KILL_AT="gold.after_pointer")
    assert committed.returncode == -9
    run_id = last_record(built_copy.lake)["run_id"]
    assert json.loads((built_copy.lake / "gold" / "_CURRENT").read_text())["run_id"] == run_id
    assert status_of(built_copy, run_id) == "committed, then interrupted"
    # The next run closes its record: still shown as committed, not as a plain failure.
    assert cli(built_copy, "run").returncode == 0
    assert status_of(built_copy, run_id) == "committed, then interrupted"
    closed = json.loads((built_copy.lake / "runs" / f"{run_id}.json").read_text())
    assert closed["snapshot_id"] == run_id and "after its snapshot was committed" in closed["error"]


def _wait_for_running(workspace: Workspace) -> str:
    def running_id() -> str | None:
        runs = sorted((workspace.lake / "runs").glob("*.json"))
        record = json.loads(runs[-1].read_text()) if runs else {}
        return record["run_id"] if record.get("status") == "running" else None

    return wait_until(running_id, "the paused run to record itself as running", 120, every=0.2)
