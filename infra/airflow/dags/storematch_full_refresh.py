"""A full refresh: rebuild every store's matches from scratch, then publish.

Launched by an admin (Airflow UI or API) after a scan set full_refresh_needed, or after a change
that touches most stores. `storematch run --full-refresh` records the run, runs dbt inside this
task (STOREMATCH_LAUNCHER=local: the CLI publishes only builds it ran itself) and publishes the
version.
The acting user (STOREMATCH_AIRFLOW_ADMIN) must be a console admin: full refreshes are theirs.
"""

from __future__ import annotations

import os
from datetime import datetime

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, Param, task

from storematch_common import CLI_ENV, DEFAULT_ARGS, REPO, STOREMATCH, check_published

ADMIN = os.environ.get("STOREMATCH_AIRFLOW_ADMIN", "airflow-admin")

with DAG(
    dag_id="storematch_full_refresh",
    description="rebuild everything (dbt --full-refresh), then publish",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"reason": Param("full refresh (Airflow)", type="string", minLength=1)},
    tags=["storematch"],
) as dag:
    full_refresh = BashOperator(
        task_id="full_refresh",
        bash_command=f"{STOREMATCH} run --full-refresh --reason \"$REASON\" --as {ADMIN}",
        env={**CLI_ENV, "REASON": "{{ params.reason }}"},
        append_env=True,
        cwd=str(REPO),
    )

    @task
    def publish() -> str:
        return check_published("FULL_REFRESH")

    full_refresh >> publish()
