"""Schemathesis over the whole OpenAPI schema: no server error, every answer as documented.

Each operation gets a bounded number of generated requests (positive data), sent as the
owner of the seeded project `plan` (the `project` path parameter is `plan`, except for
deleting a project, which keeps a generated id so the others still have a project to
work on; revoking a token revokes a spare one). Every response must pass schemathesis'
checks: not a 5xx, a documented status, content type and headers, a body that conforms
to the response schema.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.tokens import create_token
from workspace.accounts_fixtures import cheap_passwords  # noqa: F401
from workspace.api_support import seed

EXAMPLES = 10
"""Generated requests per operation and backend (the whole test stays well under a minute)."""

CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {"enabled": False}}})
"""Every check but one: schema-valid data may still name things that do not exist or
break the plan's rules (an unknown project in a token's scope, a task id twice), which
the use cases refuse with 404 or 422; the schema cannot say which ids exist."""


def _path_parameters(method: str, path: str, spare_token: int) -> dict[str, object] | None:
    """Project `plan` where a path names one, and a spare token to revoke.

    Deleting a project keeps a generated id (the other operations need `plan`); revoking
    a token revokes a spare one, never the owner's token the requests are sent with.
    """
    if method == "DELETE" and path.endswith("/{project}"):
        return None
    if path.endswith("/tokens/{token_id}"):
        return {"token_id": spare_token}
    return {"project": "plan"} if "{project}" in path else None


def test_every_operation_answers_as_its_schema_says(workspace: Workspace) -> None:
    api = seed(workspace, raise_server_exceptions=False)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", api.client.app, config=CONFIG)
    auth = api.headers("owner")
    spare = create_token(workspace=workspace, user="owner", name="spare").token.id
    failures: list[str] = []
    succeeded: set[str] = set()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:
        fixed = _path_parameters(operation.method.upper(), operation.path, spare)

        @given(case=operation.as_strategy(path_parameters=fixed))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            response = case.call(headers=auth)
            if response.status_code < 300:
                succeeded.add(case.operation.label)
            case.validate_response(response, headers=auth)

        try:
            check()
        except Exception as exc:  # a schemathesis failure group with its report, or a crash
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)[:20000]
    # Generated data reaches real work, not only refusals: the reads at least succeed.
    assert {
        "GET /api/v1/me",
        "GET /api/v1/projects",
        "GET /api/v1/projects/{project}",
        "GET /api/v1/projects/{project}/file",
        "GET /api/v1/projects/{project}/{collection}",
    } <= succeeded
