"""Fixtures for whole-pipeline tests: a short S sample, workspaces, and one shared clean build.

The sample (S scale, 120 days, seed 7) is generated once per session with the generator's CLI:
a clean landing, a dirty one (``--dirty``) and the next day's increment (``--increment-from``).
A test gets its own workspace (landing, lake, exports, work folders under tmp_path); tests that
start from an already built lake copy the session's clean build instead of running it again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.runner import run_once
from pipeline.runrecord import RunRecord
from pipeline.settings import PipelineSettings

REPO = Path(__file__).resolve().parents[3]
START, END, NEXT_DAY = "2025-09-01", "2025-12-29", "2025-12-30"
SCRUBBED_ENV = ("PIPELINE_", "S3_", "AWS_")


def clean_environ() -> dict[str, str]:
    """The test process's environment without pipeline, S3 or AWS settings."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith(SCRUBBED_ENV)}


def generate_sample(out: Path, *args: str, end: str = END) -> Path:
    command = [sys.executable, "-m", "pipeline.sample", "--out", str(out), "--scale", "S"]
    command += ["--seed", "7", "--start", START, "--end", end, "--quiet", *args]
    env = {**clean_environ(), "PYTHONPATH": str(REPO)}
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True, timeout=120)
    return out


@dataclass(frozen=True)
class Samples:
    clean: Path  # a landing folder: master data and 120 days of transactions up to END
    dirty: Path  # the same with every defect of --dirty, listed in dirty/_defects.json
    increment: Path  # what the ERP drops on NEXT_DAY (master data unchanged)


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    root = tmp_path_factory.mktemp("samples")
    return Samples(
        clean=generate_sample(root / "clean"),
        dirty=generate_sample(root / "dirty", "--dirty"),
        increment=generate_sample(root / "increment", "--increment-from", END, end=NEXT_DAY),
    )


def copy_landing(source: Path, target: Path) -> None:
    """Copy a landing folder, leaving out the generator's _defects.json."""
    shutil.copytree(
        source, target, ignore=shutil.ignore_patterns("_defects.json"), dirs_exist_ok=True
    )


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
        return run_once(self.settings(**overrides), force=force)

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for `python -m pipeline` in a subprocess on this workspace."""
        return {
            **clean_environ(),
            "PYTHONPATH": str(REPO),
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


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path) -> Iterator[None]:
    """No setting of the developer's shell leaks into a test."""
    with scrubbed_env(tmp_path):
        yield


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """An empty workspace."""
    return Workspace(tmp_path / "ws")


@dataclass(frozen=True)
class Built:
    workspace: Workspace  # never modified by a test: copy it (Built.copy) to change anything
    record: RunRecord

    def copy(self, target: Path) -> Workspace:
        return self.workspace.copy_to(target)


@pytest.fixture(scope="session")
def built(samples: Samples, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The clean sample run once through the pipeline (local backend), shared read-only."""
    workspace = Workspace(tmp_path_factory.mktemp("built") / "ws")
    copy_landing(samples.clean, workspace.landing)
    with scrubbed_env(workspace.root):
        record = workspace.run()
    yield Built(workspace, record)


@pytest.fixture
def built_copy(built: Built, tmp_path: Path) -> Workspace:
    """A private copy of the clean build, to run the pipeline on again."""
    return built.copy(tmp_path / "ws")
