"""The dbt build of one storematch run, triggered by the console's AirflowLauncher.

conf: {"kind": "TARGETED" | "FULL_REFRESH", "storematch_run_id": "<the control plane's run id>"}

The console has already recorded the run and written its scope to CONTROL.REPROCESS_TRIGGERS.
It publishes the build itself once this DAG run succeeds (lib/runner/queue.ts): it holds the
warehouse lease for the whole run, checks that the live tables are this run's build (dbt's
CONTROL.BUILD_RULES row for the run id and CONTROL.TRANSFORMATION_LOGS, both written by the
project's on-run-end hooks) and clones them into VERSIONS. So there is no publish task here: one
would run while the console still sees the run RUNNING, and be refused. `storematch versions
publish --run <id>` is for a SUCCEEDED run left without a version (infra/README.md). dbt runs as one `dbt build` (cosmos's
watcher mode: one producer task runs dbt, one task per model and test follows its result), not
one dbt invocation per model: the project's on-run-start hook loads the scope, its on-run-end
hook marks it consumed, and a targeted run's models find the rows "this run" wrote by the
invocation's start time.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, Param, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import ExecutionMode, LoadMode, TestBehavior

from storematch_common import (
    DBT_EXECUTABLE,
    DBT_MANIFEST,
    DBT_PROJECT,
    DBT_TARGET,
    DEFAULT_ARGS,
    RUN_KINDS,
)


# Per-run settings from the DAG run's conf (validated by validate_conf before dbt starts).
KIND = "dag_run.conf['kind']"
FULL_REFRESH = "{{ " + KIND + " == 'FULL_REFRESH' }}"
RUN_MODE = "{{ 'targeted' if " + KIND + " == 'TARGETED' else 'full' }}"
RUN_ID = "{{ dag_run.conf['storematch_run_id'] }}"


def dbt_build() -> DbtTaskGroup:
    """The project's dbt build, one invocation, its per-run settings templated from the conf."""
    return DbtTaskGroup(
        group_id="dbt_build",
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT,
            manifest_path=DBT_MANIFEST,
            project_name="storematch",
            install_dbt_deps=False,
            # The sm_run_var macro reads these (not --vars: they would defeat partial parsing).
            env_vars={
                "STOREMATCH_WAREHOUSE": DBT_TARGET,
                "STOREMATCH_DBT_RUN_ID": RUN_ID,
                "STOREMATCH_DBT_RUN_MODE": RUN_MODE,
            },
        ),
        # dbt/profiles.yml reads the Snowflake account, user, key and role from the environment.
        profile_config=ProfileConfig(
            profile_name="storematch",
            target_name=DBT_TARGET,
            profiles_yml_filepath=DBT_PROJECT / "profiles.yml",
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER,
            dbt_executable_path=DBT_EXECUTABLE,
        ),
        # The local runner also leaves staging's whole-table data tests out of targeted runs;
        # cosmos cannot render dbt's test_type selector from a manifest, so here they run in both.
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.AFTER_EACH,
            exclude=["source:*"],
        ),
        operator_args={
            "full_refresh": FULL_REFRESH,
            "append_env": True,
        },
    )


with DAG(
    dag_id="storematch_run",
    description="dbt build of one storematch run (targeted or full refresh), triggered by the console",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # one run at a time per warehouse, as the console's lease
    default_args=DEFAULT_ARGS,
    params={
        "kind": Param("TARGETED", type="string", enum=list(RUN_KINDS)),
        "storematch_run_id": Param("", type="string", minLength=1),
    },
    tags=["storematch"],
) as dag:

    @task
    def validate_conf(**context) -> str:
        """Refuse a run the console did not describe: an unknown kind or no run id."""
        conf = context["dag_run"].conf or {}
        kind = conf.get("kind")
        run_id = conf.get("storematch_run_id")
        if kind not in RUN_KINDS:
            raise ValueError(f"conf.kind must be one of {', '.join(RUN_KINDS)}, got {kind!r}")
        if not isinstance(run_id, str) or not run_id.strip():
            raise ValueError("conf.storematch_run_id must be the console's run id (a non-empty string)")
        return kind

    validate_conf() >> dbt_build()
