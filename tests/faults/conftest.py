"""Fixtures for the fault-injection suite: a clean environment and the landing drops of a week.

``FAULTS_LONG=1`` runs more kill points and more days (see docs/development.md, "Fault injection").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import END, generate_sample, scrubbed_env
from tests.faults.harness import LONG, SCRUBBED, days_after


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """No PIPELINE_*, API_*, S3_* or AWS_* setting of the shell leaks in; cwd has no .env."""
    with scrubbed_env(tmp_path) as patch:
        for name in [n for n in os.environ if n.upper().startswith(SCRUBBED)]:
            patch.delenv(name)
        yield patch


@pytest.fixture(scope="session")
def drops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Landing folders by day: "base" (the S sample up to END), then one daily drop per day."""
    root = tmp_path_factory.mktemp("fault-drops")
    found = {"base": generate_sample(root / "base")}
    previous = END
    for day in days_after(END, 6 if LONG else 4):
        found[day] = generate_sample(root / day, "--increment-from", previous, end=day)
        previous = day
    return found
