"""Builders shared by the test folders: a sample landing, a pipeline workspace, an ML export as
ml_env writes it, S3 test settings, free ports, stopping processes, and waiting on a condition.

Fixtures stay in each folder's ``conftest.py``; they and the tests build their data with these.
At module level this imports only the standard library and pytest: ml_env's environment loads
``tests/conftest.py``, which imports this module.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.runrecord import RunRecord
    from pipeline.settings import PipelineSettings
    from storage import S3Settings

REPO = Path(__file__).resolve().parents[1]
# The short S sample of the whole-pipeline tests: 120 days, then one more day of files.
START, END, NEXT_DAY = "2025-09-01", "2025-12-29", "2025-12-30"
SCRUBBED_ENV = ("PIPELINE_", "S3_", "AWS_")

T = TypeVar("T")


# ---- waiting and processes -------------------------------------------------------------------


def wait_until(
    condition: Callable[[], T], what: str, timeout: float = 60.0, every: float = 0.05
) -> T:
    """Poll `condition` until it returns a truthy value, and return that value; fail naming
    `what` after `timeout` seconds. The one way a test waits for another thread or process."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def free_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening (at the time of the call)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_answers(port: int) -> bool:
    """Something on 127.0.0.1:`port` answers HTTP with a status below 500."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status < 500
    except OSError:
        return False
    finally:
        connection.close()


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL if it has not ended within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---- a real S3 endpoint (moto's server; the fixtures are in tests/conftest.py) --------------

S3_TEST_KEY = "testing"
S3_TEST_SECRET = "testing"


@dataclass(frozen=True)
class S3Endpoint:
    """A running S3 endpoint: ``endpoint`` is "127.0.0.1:PORT"; ``settings`` reach it."""

    endpoint: str
    access_key: str
    secret_key: str
    settings: S3Settings

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"


def s3_test_settings(endpoint: str) -> S3Settings:
    """Settings for tests: test credentials, short timeouts, one retry."""
    from storage import S3Settings

    return S3Settings(
        endpoint=endpoint,
        access_key=S3_TEST_KEY,
        secret_key=S3_TEST_SECRET,
        region="us-east-1",
        secure=False,
        connect_timeout=1.0,
        read_timeout=10.0,
        max_retries=1,
    )


def s3_server_env() -> dict[str, str]:
    """The test process's environment without AWS, S3 or proxy settings, plus moto's test
    credentials: for an S3 server started as a subprocess."""
    dropped = ("AWS_", "S3_", "BOTO")
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(dropped) and name.lower() not in proxies
    }
    env.update(
        AWS_ACCESS_KEY_ID=S3_TEST_KEY,
        AWS_SECRET_ACCESS_KEY=S3_TEST_SECRET,
        AWS_DEFAULT_REGION="us-east-1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


# ---- the environment of a pipeline ---------------------------------------------------------


def clean_environ() -> dict[str, str]:
    """The test process's environment without pipeline, S3 or AWS settings."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith(SCRUBBED_ENV)}


@contextmanager
def scrubbed_env(cwd: Path) -> Iterator[pytest.MonkeyPatch]:
    """No PIPELINE_*, S3_* or AWS_* variable, and `cwd` as the working folder (no .env)."""
    cwd.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.upper().startswith(SCRUBBED_ENV):
                patch.delenv(name)
        patch.chdir(cwd)
        yield patch


# ---- sample landings -----------------------------------------------------------------------


def generate_sample(out: Path, *args: str, end: str = END) -> Path:
    """The S sample from START to `end` (seed 7), written by the generator's CLI."""
    command = [sys.executable, "-m", "pipeline.sample", "--out", str(out), "--scale", "S"]
    command += ["--seed", "7", "--start", START, "--end", end, "--quiet", *args]
    subprocess.run(
        command, cwd=REPO, env=clean_environ(), check=True, capture_output=True, timeout=120
    )
    return out


def copy_landing(source: Path, target: Path) -> None:
    """Copy a landing folder, leaving out the generator's _defects.json."""
    shutil.copytree(
        source, target, ignore=shutil.ignore_patterns("_defects.json"), dirs_exist_ok=True
    )


@dataclass(frozen=True)
class Samples:
    clean: Path  # a landing folder: master data and 120 days of transactions up to END
    dirty: Path  # the same with every defect of --dirty, listed in dirty/_defects.json
    increment: Path  # what the ERP drops on NEXT_DAY (master data unchanged)


# ---- a pipeline installation ---------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """One installation of the pipeline: landing, lake, exports and work folders."""

    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def lake(self) -> Path:
        return self.root / "lake"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def work(self) -> Path:
        return self.root / "work"

    def settings(self, **overrides: object) -> PipelineSettings:
        from pipeline.settings import PipelineSettings

        values: dict[str, object] = {
            "landing_uri": str(self.landing),
            "lake_uri": str(self.lake),
            "exports_uri": str(self.exports),
            "work_dir": str(self.work),
            "log_level": "WARNING",
            "memory_limit": "1GB",
        }
        values.update(overrides)
        return PipelineSettings(_env_file=None, **values)

    def run(self, *, force: bool = False, **overrides: object) -> RunRecord:
        """One run in this process, as `python -m pipeline run` would do it."""
        from pipeline.runner import run_once

        return run_once(self.settings(**overrides), force=force)

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for `python -m pipeline` in a subprocess on this workspace."""
        return {
            **clean_environ(),
            "PIPELINE_LANDING_URI": str(self.landing),
            "PIPELINE_LAKE_URI": str(self.lake),
            "PIPELINE_EXPORTS_URI": str(self.exports),
            "PIPELINE_WORK_DIR": str(self.work),
            "PIPELINE_MEMORY_LIMIT": "1GB",
            **extra,
        }

    def cli(
        self, *args: str, timeout: float = 120, **extra_env: str
    ) -> subprocess.CompletedProcess:
        """`python -m pipeline <args>` in a subprocess; never raises on a non-zero exit."""
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *args],
            cwd=self.root,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def popen(self, *args: str, **extra_env: str) -> subprocess.Popen:
        self.root.mkdir(parents=True, exist_ok=True)
        return subprocess.Popen(
            [sys.executable, "-m", "pipeline", *args],
            cwd=self.root,
            env=self.env(**extra_env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def copy_to(self, target: Path) -> Workspace:
        """A copy of this workspace (landing, lake, exports) at `target`, with its own work folder."""
        root = self.root
        shutil.copytree(root, target, ignore=lambda d, _: ["work"] if Path(d) == root else [])
        return Workspace(target)


@dataclass(frozen=True)
class Built:
    workspace: Workspace  # never modified by a test: copy it (Built.copy) to change anything
    record: RunRecord

    def copy(self, target: Path) -> Workspace:
        return self.workspace.copy_to(target)


# ---- an ML export, written as ml_env would (docs/ml-export.md) -----------------------------

EXPORT_HORIZON = 28


def daily_rate(i: int) -> float:
    """The forecast daily demand of the `i`-th series of an export."""
    return 0.2 + 0.1 * (i % 7)


def sigma(i: int) -> float:
    """The one-day error scale of the `i`-th series of an export."""
    return 0.5 + 0.01 * i


def export_tables(series: list[tuple[str, str]]) -> dict[str, pa.Table]:
    """Forecasts (EXPORT_HORIZON days after END), backtest and error scale of `series`."""
    import pyarrow as pa

    first = date.fromisoformat(END) + timedelta(days=1)
    forecasts, backtest, scale = [], [], []
    for i, (item, warehouse) in enumerate(series):
        rate = daily_rate(i)
        for day in range(EXPORT_HORIZON):
            forecasts.append(
                {
                    "item_id": item, "warehouse_id": warehouse, "date": first + timedelta(days=day),
                    "yhat": rate, "yhat_lo80": 0.5 * rate, "yhat_hi80": 1.5 * rate,
                    "yhat_lo95": 0.0, "yhat_hi95": 2.0 * rate, "model": "tsb",
                    "demand_class": "intermittent",
                }
            )  # fmt: skip
        for model, selected, rmsse in (("tsb", True, 0.8), ("snaive", False, 1.1)):
            backtest.append(
                {
                    "item_id": item, "warehouse_id": warehouse, "model": model,
                    "horizon_bucket": "all", "rmsse": rmsse, "mase": 0.9, "mae": 0.4,
                    "rmse": sigma(i), "wape": 0.7, "bias": 0.01, "coverage80": 0.8,
                    "coverage95": 0.95, "n_points": 84, "selected": selected,
                }
            )  # fmt: skip
        scale.append(
            {"item_id": item, "warehouse_id": warehouse, "model": "tsb", "sigma_1d": sigma(i)}
        )
    return {
        "forecasts.parquet": pa.Table.from_pylist(forecasts),
        "backtest.parquet": pa.Table.from_pylist(backtest),
        "error_scale.parquet": pa.Table.from_pylist(scale),
    }


def export_manifest(folder: Path, version: str) -> bytes:
    """The manifest of the export in `folder`: its files' rows and sha256."""
    import pyarrow.parquet as pq

    files = {}
    for path in sorted(folder.glob("*.parquet")):
        files[path.name] = {
            "rows": pq.ParquetFile(path).metadata.num_rows,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    manifest = {
        "model_version": version,
        "generated_at": "2026-01-05T03:00:00Z",
        "source": "ml_env",
        "dataset_id": "ds_20260105T020000Z_00000000",
        "code_version": "tests",
        "horizon_days": EXPORT_HORIZON,
        "params": {},
        "files": files,
    }
    return json.dumps(manifest, indent=2).encode()


def write_export(
    exports: Path, version: str, series: list[tuple[str, str]], *, manifest: bool = True
) -> Path:
    """An ML export of `series` under `exports/ml_results/<version>/`, manifest written last."""
    import pyarrow.parquet as pq

    folder = exports / "ml_results" / version
    folder.mkdir(parents=True)
    for name, table in export_tables(series).items():
        pq.write_table(table, folder / name)
    if manifest:  # last, as the contract says
        (folder / "manifest.json").write_bytes(export_manifest(folder, version))
    return folder
