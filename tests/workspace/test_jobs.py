"""Jobs on both backends: the CLI's answer, the cache, progress, cancellation, failures, roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from steerco.app.workspace.context import Workspace
from steerco.app.workspace.errors import ForbiddenError, InvalidRequestError, NotFoundError
from steerco.app.workspace.job_kinds import canonical_params
from steerco.app.workspace.job_runner import Progress, claim_job, execute_job
from steerco.app.workspace.jobs import (
    cancel_job,
    get_job,
    job_result,
    list_jobs,
    submit_job,
)
from steerco.store.tables import Job, JobPart, Revision
from workspace.jobs_fixtures import PLAN, cli_output, drain, new_revision, seed


def test_a_forecast_job_answers_what_the_cli_prints(workspace: Workspace, tmp_path: Path) -> None:
    people = seed(workspace)
    params = {"iterations": 3000, "seed": 5}
    job = submit_job(
        workspace=workspace, principal=people.owner, project="demo", kind="forecast", params=params
    )
    assert (job.state, job.revision, job.project, job.progress) == ("queued", 1, "demo", 0.0)
    drain(workspace)
    done = get_job(workspace=workspace, principal=people.member, project="demo", job_id=job.id)
    assert (done.state, done.progress, done.message, done.error) == ("done", 1.0, "done", None)
    assert done.started_at is not None and done.finished_at is not None
    expected = cli_output(
        tmp_path, PLAN, "forecast", "--format", "json", "-n", "3000", "--seed", "5"
    )
    result = job_result(workspace=workspace, principal=people.member, project="demo", job_id=job.id)
    assert result == expected


@pytest.mark.parametrize(
    ("kind", "params", "args"),
    [
        ("schedule", {}, ["schedule", "--format", "json"]),
        ("report", {"audience": "client", "format": "md"}, ["report", "--audience", "client"]),
    ],
)
def test_schedule_and_report_jobs_answer_what_the_cli_prints(
    workspace: Workspace, tmp_path: Path, kind: str, params: dict[str, str], args: list[str]
) -> None:
    people = seed(workspace)
    job = submit_job(
        workspace=workspace, principal=people.owner, project="demo", kind=kind, params=params
    )
    drain(workspace)
    result = job_result(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert result == cli_output(tmp_path, PLAN, *args)


def test_the_same_request_on_the_same_revision_is_answered_from_the_cache(
    workspace: Workspace,
) -> None:
    people = seed(workspace)

    def submit(params: dict[str, object]) -> str:
        return submit_job(
            workspace=workspace,
            principal=people.member,
            project="demo",
            kind="forecast",
            params=params,
        ).id

    first = submit({"iterations": 2000})
    assert submit({"iterations": 2000, "seed": 0, "lhs": False}) == first  # defaults spelled out
    drain(workspace)
    again = get_job(workspace=workspace, principal=people.owner, project="demo", job_id=first)
    assert again.state == "done"
    assert submit({"iterations": 2000}) == first  # done: the same job, not run again
    assert submit({"iterations": 2001}) != first  # other parameters
    with workspace.transaction() as session:
        project_id = session.execute(select(Job.project_id).where(Job.id == first)).scalar_one()
    new_revision(workspace, project_id, PLAN.replace("2..3..6", "2..4..6"))
    changed = submit({"iterations": 2000})
    assert changed != first
    assert (
        get_job(
            workspace=workspace, principal=people.owner, project="demo", job_id=changed
        ).revision
        == 2
    )
    with workspace.transaction() as session:
        assert session.execute(select(func.count()).select_from(Job)).scalar_one() == 3


def test_progress_is_recorded_between_blocks_and_a_claim_is_won_once(
    workspace: Workspace,
) -> None:
    people = seed(workspace)
    job = submit_job(
        workspace=workspace, principal=people.owner, project="demo", kind="forecast", params={}
    )
    assert claim_job(workspace, job.id, worker="one")
    assert not claim_job(workspace, job.id, worker="two")
    Progress(workspace, job.id)(8000, 40_000)
    running = get_job(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert (running.state, running.progress) == ("running", 0.2)
    assert running.message == "8,000 of 40,000 iterations"
    with workspace.transaction() as session:
        stored = session.get(Job, job.id)
        assert stored is not None and stored.worker == "one"


def test_a_queued_job_is_cancelled_at_once(workspace: Workspace) -> None:
    people = seed(workspace)
    job = submit_job(
        workspace=workspace, principal=people.owner, project="demo", kind="schedule", params={}
    )
    cancelled = cancel_job(
        workspace=workspace, principal=people.owner, project="demo", job_id=job.id
    )
    assert cancelled.state == "cancelled" and cancelled.finished_at is not None
    drain(workspace)  # nothing left to run: it stays cancelled
    assert (
        get_job(workspace=workspace, principal=people.owner, project="demo", job_id=job.id).state
        == "cancelled"
    )
    with pytest.raises(InvalidRequestError, match="is cancelled") as refused:
        job_result(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert refused.value.detail == {"state": "cancelled"}
    again = submit_job(
        workspace=workspace, principal=people.owner, project="demo", kind="schedule", params={}
    )
    assert again.id != job.id  # a cancelled job is no cache hit


def test_a_running_job_stops_at_its_next_block_and_keeps_nothing(workspace: Workspace) -> None:
    people = seed(workspace)
    job = submit_job(
        workspace=workspace,
        principal=people.owner,
        project="demo",
        kind="forecast",
        params={"iterations": 40_000},
    )
    assert claim_job(workspace, job.id, worker="test")
    asked = cancel_job(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert (asked.state, asked.message) == ("running", "cancelling")
    assert execute_job(workspace, job.id) == "cancelled"
    with workspace.transaction() as session:
        stored = session.get(Job, job.id)
        assert stored is not None
        assert (stored.state, stored.result, stored.progress) == ("cancelled", None, 0.0)


def test_a_failed_job_keeps_the_error_with_the_clis_diagnostics(workspace: Workspace) -> None:
    people = seed(workspace)
    job = submit_job(
        workspace=workspace, principal=people.owner, project="demo", kind="evm", params={}
    )
    drain(workspace)
    failed = get_job(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert failed.state == "failed" and failed.error is not None
    assert failed.error["code"] == "invalid"
    [diagnostic] = failed.error["diagnostics"]
    assert diagnostic["code"] == "no_baseline"
    assert (diagnostic["file"], diagnostic["path"]) == ("demo.yaml", [])
    assert diagnostic["message"] == (
        "no baseline saved yet (demo.baselines.yaml does not exist); "
        "run `steerco baseline demo.yaml`"
    )
    with pytest.raises(InvalidRequestError, match="is failed") as refused:
        job_result(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert refused.value.detail["error"] == failed.error


def test_a_failed_jobs_diagnostic_names_the_sidecar_at_fault(workspace: Workspace) -> None:
    # A bad baselines sidecar: the job named the project file (every file of its folder
    # was renamed so) and gave the path as dotted text; the CLI says demo.baselines.yaml.
    people = seed(workspace)
    with workspace.transaction() as session:
        revision = (
            session.execute(select(Revision).order_by(Revision.number.desc())).scalars().first()
        )
        assert revision is not None
        revision.baselines = "version: 1\nbaselines:\n- name: x\n  tasks: 7\n"
    job = submit_job(
        workspace=workspace, principal=people.owner, project="demo", kind="evm", params={}
    )
    drain(workspace)
    failed = get_job(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    assert failed.error is not None
    files = {d["file"] for d in failed.error["diagnostics"]}
    assert files == {"demo.baselines.yaml"}
    assert all(isinstance(d["path"], list) for d in failed.error["diagnostics"])


def test_parameters_are_checked_against_the_clis_options(workspace: Workspace) -> None:
    people = seed(workspace)
    cases = [
        ("forecast", {"runs": 3}, "forecast takes iterations, seed"),
        ("forecast", {"lhs": "yes"}, "lhs is a bool"),
        ("schedule", {"method": "magic"}, "method is one of auto, cp-sat, heuristic, cpm"),
        ("report", {"status_date": "soon"}, "status_date is a date"),
        ("gantt", {}, "kind is one of schedule, forecast, evm, report"),
    ]
    # Limits of a run, refused at submission and located at the parameter: JSON bodies may
    # carry NaN and Infinity, and an infinite run would hold a worker for ever.
    located = [
        ("schedule", {"time_limit": float("nan")}, "time_limit is a finite number, got nan"),
        ("schedule", {"time_limit": float("inf")}, "time_limit is a finite number, got inf"),
        ("schedule", {"time_limit": 0}, "time_limit is a number of seconds above 0"),
        ("report", {"time_limit": 86_401}, "at most 86,400 .a day., got 86401.0"),
        ("status", {"time_limit": 1e300}, "at most 86,400"),
        ("schedule", {"workers": 65}, "workers is a whole number from 1 to 64"),
        ("schedule", {"workers": 0}, "workers is a whole number from 1 to 64"),
        ("schedule", {"schedules": 0}, "schedules is a whole number from 1 up"),
        ("report", {"iterations": 0}, "iterations must be from 1 to 10,000,000, got 0"),
        ("forecast", {"iterations": 0}, "iterations must be from 1 to 10,000,000, got 0"),
        ("schedule", {"time_limit": 10**400}, "time_limit is a finite number, got one past"),
        ("forecast", {"precision": 10**400}, "precision is a finite number, got one past"),
        ("status", {"iterations": 10**12}, "iterations must be from 1 to 10,000,000"),
    ]
    for kind, params, message in cases + located:
        with pytest.raises(InvalidRequestError, match=message) as refused:
            submit_job(
                workspace=workspace,
                principal=people.owner,
                project="demo",
                kind=kind,
                params=params,
            )
        if (kind, params, message) in located:
            paths = [d.path for d in refused.value.diagnostics]
            assert paths == [("params", next(iter(params)))]
    assert list_jobs(workspace=workspace, principal=people.owner, project="demo").items == []


def test_a_null_parameter_is_the_default() -> None:
    for kind, params in [
        ("report", {"time_limit": None, "iterations": None}),
        ("status", {"time_limit": None}),
        ("schedule", {"workers": None, "schedules": None, "time_limit": None}),
        ("forecast", {"iterations": None, "precision": None}),
    ]:
        assert canonical_params(kind, params) == canonical_params(kind, {})


def test_roles_a_client_gets_the_client_report_only_and_strangers_nothing(
    workspace: Workspace,
) -> None:
    people = seed(workspace)
    forecast = submit_job(
        workspace=workspace, principal=people.member, project="demo", kind="forecast", params={}
    )
    report = submit_job(
        workspace=workspace,
        principal=people.client,
        project="demo",
        kind="report",
        params={"audience": "client"},
    )
    with pytest.raises(ForbiddenError):
        submit_job(
            workspace=workspace, principal=people.client, project="demo", kind="forecast", params={}
        )
    with pytest.raises(ForbiddenError):
        submit_job(
            workspace=workspace,
            principal=people.client,
            project="demo",
            kind="report",
            params={"audience": "team"},
        )
    with pytest.raises(ForbiddenError):
        get_job(workspace=workspace, principal=people.client, project="demo", job_id=forecast.id)
    seen = list_jobs(workspace=workspace, principal=people.client, project="demo")
    assert [j.id for j in seen.items] == [report.id] and seen.total == 1
    everything = list_jobs(workspace=workspace, principal=people.member, project="demo")
    assert {j.id for j in everything.items} == {forecast.id, report.id}
    assert everything.total == 2
    with pytest.raises(NotFoundError):  # not a member of demo
        get_job(workspace=workspace, principal=people.stranger, project="demo", job_id=report.id)
    with pytest.raises(NotFoundError):  # demo's job asked for through the stranger's project
        get_job(workspace=workspace, principal=people.stranger, project="other", job_id=report.id)
    with pytest.raises(NotFoundError):
        cancel_job(
            workspace=workspace, principal=people.stranger, project="other", job_id=forecast.id
        )
    with pytest.raises(ForbiddenError):
        cancel_job(workspace=workspace, principal=people.client, project="demo", job_id=forecast.id)
    # the client report is shared by everyone who asks for it: only the team may cancel it
    with pytest.raises(ForbiddenError):
        cancel_job(workspace=workspace, principal=people.client, project="demo", job_id=report.id)
    cancelled = cancel_job(
        workspace=workspace, principal=people.member, project="demo", job_id=report.id
    )
    assert cancelled.state == "cancelled"


def test_a_forecast_of_several_blocks_is_spread_in_parts_and_merged_byte_for_byte(
    workspace: Workspace, tmp_path: Path
) -> None:
    people = seed(workspace)
    iterations = 5 * 8000  # four tasks: blocks of 8,000 iterations, five of them
    job = submit_job(
        workspace=workspace,
        principal=people.owner,
        project="demo",
        kind="forecast",
        params={"iterations": iterations, "seed": 11},
    )
    drain(workspace)
    result = job_result(workspace=workspace, principal=people.owner, project="demo", job_id=job.id)
    expected = cli_output(
        tmp_path, PLAN, "forecast", "--format", "json", "-n", str(iterations), "--seed", "11"
    )
    assert result == expected
    with workspace.transaction() as session:
        parts = session.execute(
            select(JobPart.index, JobPart.first_block, JobPart.end_block, JobPart.state)
            .where(JobPart.job_id == job.id)
            .order_by(JobPart.index)
        ).all()
    if workspace.is_postgresql:  # one part per block, each done by a worker
        assert [tuple(p) for p in parts] == [(k, k, k + 1, "done") for k in range(5)]
    else:  # the in-process runner runs the blocks in one go
        assert parts == []


def test_a_job_the_queue_refuses_ends_failed_rather_than_waiting_forever(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from steerco.app.workspace import job_queue

    def refuse(_workspace: Workspace, _job_id: str) -> None:
        raise ConnectionError("the queue is down")

    monkeypatch.setattr(job_queue, "defer_job", refuse)
    people = seed(workspace)
    if not workspace.is_postgresql:  # SQLite has no queue: the job waits for the runner
        job = submit_job(
            workspace=workspace, principal=people.owner, project="demo", kind="schedule", params={}
        )
        assert job.state == "queued"
        return
    with pytest.raises(ConnectionError):
        submit_job(
            workspace=workspace, principal=people.owner, project="demo", kind="schedule", params={}
        )
    [job] = list_jobs(workspace=workspace, principal=people.owner, project="demo").items
    assert (job.state, job.error) == (
        "failed",
        {
            "code": "queue_unavailable",
            "message": "the job queue refused the job: ConnectionError: the queue is down",
            "diagnostics": [],
        },
    )


def test_upgrade_creates_the_postgresql_job_queue_once(workspace: Workspace) -> None:
    from sqlalchemy import text

    from steerco.store.migrate import queue_schema, upgrade

    upgrade(workspace.engine)  # again, on a migrated database: nothing to do
    with workspace.engine.begin() as connection:
        assert queue_schema(connection) is False  # there already (PostgreSQL), or no queue
        if workspace.is_postgresql:
            found = connection.execute(text("SELECT to_regclass('procrastinate_jobs')"))
            assert found.scalar() == "procrastinate_jobs"


def test_a_fresh_postgresql_database_gets_the_queue_from_upgrade(
    workspace: Workspace,
) -> None:
    from sqlalchemy import text

    from steerco.store.migrate import queue_schema

    with workspace.engine.begin() as connection:
        if workspace.is_postgresql:  # take the queue away, as on a database from before it
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        assert queue_schema(connection) is workspace.is_postgresql
        assert queue_schema(connection) is False


def test_a_report_without_a_status_date_is_cached_for_the_day_only(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import types

    from steerco.app.workspace import jobs

    people = seed(workspace)
    day = [dt.date(2027, 3, 1)]

    class Today(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return day[0]

    monkeypatch.setattr(jobs, "dt", types.SimpleNamespace(date=Today, datetime=dt.datetime))

    def submit(params: dict[str, object]) -> str:
        owner = people.owner
        job = submit_job(
            workspace=workspace, principal=owner, project="demo", kind="report", params=params
        )
        return job.id

    first = submit({})
    assert submit({"status_date": None}) == first
    dated = submit({"status_date": "2027-02-01"})
    day[0] = dt.date(2027, 3, 2)
    assert submit({}) != first  # another day: "today" moved
    assert submit({"status_date": "2027-02-01"}) == dated  # a given date: cached still
