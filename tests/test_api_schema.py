"""Property-based tests of the REST API from its own OpenAPI schema (schemathesis): requests generated for every
operation, valid and not, sent with an editor's API token on SQLite and PostgreSQL, must never get a server
error (5xx), and every error must have the one error shape.

Examples per operation: 15 by default, `LESSONS_SCHEMA_EXAMPLES` to change it (CI runs 60; a nightly-sized
run: `LESSONS_SCHEMA_EXAMPLES=500 LESSONS_SCHEMA_RANDOM=1 pytest tests/test_api_schema.py`, where
`LESSONS_SCHEMA_RANDOM=1` draws new examples each run instead of the same derandomized ones)."""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

import lessons
from lessons.web import create_app

EXAMPLES = int(os.environ.get("LESSONS_SCHEMA_EXAMPLES", "15"))
RANDOM = os.environ.get("LESSONS_SCHEMA_RANDOM") == "1"


def test_no_server_errors(library: lessons.Library) -> None:
    """Each operation in turn, with its own Hypothesis run (a failing example is shrunk and printed)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(library.settings, library=library))
    headers = {"Authorization": f"Bearer {library.accounts.new_token('editor', 'schemathesis')}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=not RANDOM,
        )
        def check(case: Any) -> None:
            response = case.call(headers=headers, timeout=300)  # the first similarity query embeds every item
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400 and "application/json" in str(
                response.headers.get("content-type")
            ):
                error = response.json()["error"]
                assert error["status"] == response.status_code and error["message"], case.operation.label

        check()
