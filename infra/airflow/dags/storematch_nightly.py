"""The nightly healing pass: scan, then a targeted run if the settings allow it, then publish.

- scan: `storematch scan` turns unmatched stores with potential into reprocess triggers; with the
  setting auto_approve, those above auto_approve_min_potential are approved at once.
- plan: a targeted run happens only when approved triggers wait and full_refresh_needed is not
  set (a full refresh is an admin's decision: the storematch_full_refresh DAG).
- targeted_run: `storematch run --targeted` records the run, writes its scope, runs dbt inside
  this task (STOREMATCH_LAUNCHER=local: the CLI publishes only builds it ran itself, and
  triggering storematch_run from here would only add a second DAG run) and publishes the version.
- publish: checks that the run published its version and says whether auto_promote promoted it.
"""

from __future__ import annotations

from datetime import datetime

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, task

from storematch_common import ACTOR, CLI_ENV, DEFAULT_ARGS, REPO, STOREMATCH, check_published, storematch_json

with DAG(
    dag_id="storematch_nightly",
    description="scan, a targeted run if the settings allow it, publish",
    schedule="0 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["storematch"],
) as dag:
    scan = BashOperator(task_id="scan", bash_command=f"{STOREMATCH} scan --as {ACTOR}", env=CLI_ENV, append_env=True, cwd=str(REPO))

    @task.branch
    def plan() -> str:
        """targeted_run when approved triggers wait and no full refresh is needed; else nothing_to_run."""
        status = storematch_json("status")
        if status["settings"].get("full_refresh_needed"):
            print("full_refresh_needed is set: no targeted run (an admin launches storematch_full_refresh)")
            return "nothing_to_run"
        approved = status["triggers"].get("APPROVED", 0)
        if not approved:
            print("no approved trigger (auto_approve is off, or no trigger reached auto_approve_min_potential)")
            return "nothing_to_run"
        print(f"{approved} approved trigger(s): targeted run")
        return "targeted_run"

    targeted_run = BashOperator(
        task_id="targeted_run",
        bash_command=f"{STOREMATCH} run --targeted --reason 'nightly (Airflow)' --as {ACTOR}",
        env=CLI_ENV,
        append_env=True,
        cwd=str(REPO),
    )

    @task
    def publish() -> str:
        return check_published("TARGETED")

    nothing_to_run = EmptyOperator(task_id="nothing_to_run")

    scan >> plan() >> [targeted_run, nothing_to_run]
    targeted_run >> publish()
