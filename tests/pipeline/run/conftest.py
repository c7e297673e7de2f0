"""Fixtures for whole-pipeline tests: a short S sample, workspaces, and one shared clean build.

The sample (S scale, 120 days, seed 7) is generated once per session with the generator's CLI:
a clean landing, a dirty one (``--dirty``) and the next day's increment (``--increment-from``).
A test gets its own workspace (landing, lake, exports, work folders under tmp_path); tests that
start from an already built lake copy the session's clean build instead of running it again.
The builders (Workspace, generate_sample...) are in tests/factories.py.

Every test here runs the whole pipeline on a sample, so every one is marked ``slow`` except
``test_end_to_end_local``, the quick loop's one check of a whole run (``make test-fast``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import (
    END,
    NEXT_DAY,
    Built,
    Samples,
    Workspace,
    copy_landing,
    generate_sample,
    scrubbed_env,
)

HERE = Path(__file__).resolve().parent
FAST = {"test_end_to_end_local"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent == HERE and item.originalname not in FAST:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    root = tmp_path_factory.mktemp("samples")
    return Samples(
        clean=generate_sample(root / "clean"),
        dirty=generate_sample(root / "dirty", "--dirty"),
        increment=generate_sample(root / "increment", "--increment-from", END, end=NEXT_DAY),
    )


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path) -> Iterator[None]:
    """No setting of the developer's shell leaks into a test."""
    with scrubbed_env(tmp_path):
        yield


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """An empty workspace."""
    return Workspace(tmp_path / "ws")


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
