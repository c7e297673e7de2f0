"""Property-based requests generated from the OpenAPI schema: no input gives a server error.

Schemathesis generates valid and invalid parameters for every operation and calls the app
in-process (ASGI) against the real session snapshot. Its pytest plugin does not run under this
pytest, so the operations are driven here with Hypothesis directly.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from schemathesis import openapi

from backend.app import create_app
from tests.backend.conftest import api_settings

EXAMPLES_PER_OPERATION = 30


def test_no_generated_request_gives_a_server_error(lake, tmp_path) -> None:
    app = create_app(api_settings(lake.root, tmp_path, poll_seconds=3600))
    manager = app.state.api.snapshots
    manager.start()
    failures: list[str] = []
    statuses: dict[int, int] = {}
    operations = 0
    try:
        schema = openapi.from_asgi("/openapi.json", app)
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case) -> None:
                response = case.call()
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query}: "
                                    f"{response.status_code} {response.text[:200]}")  # fmt: skip

            call()
    finally:
        manager.stop()
    assert operations >= 15
    assert not failures, "\n".join(failures[:20])
    # the generated requests reached the data (bad parameters: see test_safety.py)
    assert statuses.get(200, 0) > 50
