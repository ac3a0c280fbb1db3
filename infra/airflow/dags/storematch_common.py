"""Shared settings of the storematch DAGs: where the repository, dbt and the CLI are, read from
the worker's environment (see infra/README.md, "Airflow")."""

from __future__ import annotations

import os
from pathlib import Path

# The storematch repository as deployed on the workers (this file is infra/airflow/dags/…).
REPO = Path(os.environ.get("STOREMATCH_REPO", Path(__file__).resolve().parents[3]))
DBT_PROJECT = REPO / "dbt"
# `dbt parse --target snowflake` writes it at deployment; cosmos renders the DAG from it, so
# parsing a DAG file never runs dbt.
DBT_MANIFEST = Path(os.environ.get("STOREMATCH_DBT_MANIFEST", DBT_PROJECT / "target" / "manifest.json"))
DBT_EXECUTABLE = os.environ.get("STOREMATCH_DBT_EXECUTABLE", str(REPO / ".venv" / "bin" / "dbt"))
DBT_TARGET = os.environ.get("STOREMATCH_DBT_TARGET", "snowflake")
# The CLI, run with the worker's environment (STOREMATCH_WAREHOUSE, DATABASE_URL, SNOWFLAKE_*…).
STOREMATCH = f"node {REPO / 'bin' / 'storematch.mjs'}"
# The CLI steps run dbt themselves (and so publish what they built): never a remote launcher here.
CLI_ENV = {"STOREMATCH_LAUNCHER": "local"}
# The console user the DAGs act as (recorded in the audit log); a steward, or an admin for full refreshes.
ACTOR = os.environ.get("STOREMATCH_AIRFLOW_ACTOR", "airflow")

RUN_KINDS = ("TARGETED", "FULL_REFRESH")

DEFAULT_ARGS = {"owner": "storematch", "retries": 0}


def storematch_json(*args: str) -> dict:
    """Run a `storematch … --json` command on the worker and return its JSON answer."""
    import json
    import shlex
    import subprocess

    done = subprocess.run(
        [*shlex.split(STOREMATCH), *args, "--json"],
        cwd=str(REPO),
        env={**os.environ, **CLI_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"storematch {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def check_published(kind: str) -> str:
    """The version the latest run of `kind` published; fails when that run did not publish one.

    Publishing (snapshot ids and clones of the gold tables) is the last step of `storematch run`;
    the run promotes the version itself when the setting auto_promote allows it, otherwise an
    admin promotes it from the console after comparing it with the promoted one.
    """
    status = storematch_json("status")
    run = next((r for r in status.get("runs", []) if r.get("kind") == kind), None)
    if run is None or run.get("status") != "SUCCEEDED" or not run.get("versionId"):
        raise RuntimeError(f"the last {kind} run did not publish a version: {run}")
    promoted = (status.get("promoted") or {}).get("id")
    state = "promoted" if promoted == run["versionId"] else "a candidate, for an admin to promote"
    print(f"run {run['id']} published version {run['versionId']}: {state}")
    return run["versionId"]
