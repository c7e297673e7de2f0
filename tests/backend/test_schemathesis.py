"""Property-based requests generated from the OpenAPI schema: every answer stays in the contract.

Schemathesis generates valid (positive) and invalid (negative) parameters for every operation of
the app's schema and calls the app in-process (ASGI) against the real session snapshot. Its
pytest plugin does not run under this pytest, so its Python API is driven here with Hypothesis:
``operation.as_strategy(mode)`` for the cases, ``case.call()`` and ``case.validate_response()``
with schemathesis's own checks (no server error, declared content type, response body and
headers against the schema of the status), then the API's own contract (``Contract``: the error
shape, no leak). Cases are counted, and the count is asserted, so the suite cannot shrink.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, openapi
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from backend.app import create_app
from tests.backend.conftest import api_settings
from tests.backend.test_hostile import Contract, RawAnswer, real_ids
from tests.backend.test_hostile import openapi as app_schema

pytestmark = pytest.mark.slow

# Per operation and pass; Hypothesis stops early when an operation has few distinct inputs
# (/health has none). The "real ids" pass fixes the path ids and the snapshot to real ones, so
# that generated filters, pages and ranges reach the data instead of a 404.
EXAMPLES = {"positive": 40, "negative": 25, "positive, real ids": 25}
MIN_CASES = 1000
CHECKS = [
    not_a_server_error,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def drive(
    operation, kind: str, fixed: dict, contract: Contract, seen: Counter, failures: list
) -> None:
    """Up to ``EXAMPLES[kind]`` generated cases of one operation, called and checked."""
    mode = GenerationMode.NEGATIVE if kind == "negative" else GenerationMode.POSITIVE

    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run: a failure reproduces
        suppress_health_check=list(HealthCheck),
    )
    def call(case) -> None:
        response = case.call()
        seen[(operation.label, kind, response.status_code)] += 1
        where = f"{kind}: {case.method} {case.formatted_path} {case.query}"
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            failures.extend(f"{where}: {f.title}: {f.message[:300]}" for f in group.exceptions)
        headers = {name.lower(): ", ".join(values) for name, values in response.headers.items()}
        answer = RawAnswer(response.status_code, headers, response.content)
        failures.extend(
            f"{where}: {problem}" for problem in contract.problems(case.method, case.path, answer)
        )

    call()


def test_generated_requests_over_the_whole_schema_stay_in_the_contract(lake, tmp_path) -> None:
    app = create_app(api_settings(lake.root, tmp_path, poll_seconds=3600, web_dir="off"))
    contract = Contract(app_schema(), secrets=(str(lake.root),))
    manager = app.state.api.snapshots
    manager.start()
    ids = real_ids(lake)
    failures: list[str] = []
    seen: Counter[tuple[str, str, int]] = Counter()  # (operation, mode, status) -> cases
    try:
        schema = openapi.from_asgi("/openapi.json", app)
        for result in schema.get_all_operations():
            operation = result.ok()
            declared = app_schema()["paths"][operation.path][operation.method.lower()]
            names = {p["name"] for p in declared.get("parameters", [])}
            if not names:  # nothing to make invalid or to fix
                drive(operation, "positive", {}, contract, seen, failures)
                continue
            real = {
                "path_parameters": {k: v for k, v in ids.items() if k in names},
                "query": {"snapshot": lake.second.snapshot_id} if "snapshot" in names else {},
            }
            for kind in EXAMPLES:
                fixed = real if kind == "positive, real ids" else {}
                drive(operation, kind, fixed, contract, seen, failures)
    finally:
        manager.stop()
    total = sum(seen.values())
    by_kind: dict[str, Counter[int]] = {kind: Counter() for kind in EXAMPLES}
    for (_, kind, status), n in seen.items():
        by_kind[kind][status] += n
    operations = {label for label, _, _ in seen}
    summary = f"{total} generated cases over {len(operations)} operations; " + "; ".join(
        f"{kind}: {dict(sorted(statuses.items()))}" for kind, statuses in by_kind.items()
    )
    assert not failures, summary + "\n" + "\n".join(failures[:20])
    assert total >= MIN_CASES, summary
    assert len(operations) == sum(len(item) for item in app_schema()["paths"].values())
    # invalid parameters are refused as such; with real ids, valid ones mostly reach the data
    assert by_kind["negative"][422] > 0.5 * by_kind["negative"].total()
    assert by_kind["positive, real ids"][200] > 0.5 * by_kind["positive, real ids"].total()
