"""DagBag import test of infra/airflow/dags, run in infra/airflow/.venv (scripts/airflow-venv.sh)
by scripts/test-airflow.sh: real Airflow 3 and astronomer-cosmos parse the DAG files and render
the dbt project from a manifest that `dbt parse` wrote for this test. Nothing is executed: no
Snowflake, no scheduler, no storematch CLI call."""

from __future__ import annotations

import contextlib
import json
import os
import unittest
from pathlib import Path
from types import SimpleNamespace

DAGS = Path(__file__).resolve().parents[1] / "dags"


def upstream_closure(dag, task_id: str) -> set[str]:
    seen: set[str] = set()
    todo = [task_id]
    while todo:
        for up in dag.get_task(todo.pop()).upstream_task_ids:
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


@contextlib.contextmanager
def stub_cli(task_callable, answers: dict):
    """Stand-in for the storematch CLI inside one task: `storematch <command> --json` answers from `answers`."""
    import storematch_common

    calls = []

    def fake(*args):
        calls.append(args)
        return answers[args[0]]

    saved = (task_callable.__globals__.get("storematch_json"), storematch_common.storematch_json)
    task_callable.__globals__["storematch_json"] = fake
    storematch_common.storematch_json = fake
    try:
        yield calls
    finally:
        if saved[0] is not None:
            task_callable.__globals__["storematch_json"] = saved[0]
        storematch_common.storematch_json = saved[1]


class DagBagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not Path(os.environ.get("STOREMATCH_DBT_MANIFEST", "")).is_file():
            raise RuntimeError("STOREMATCH_DBT_MANIFEST must name a manifest.json (scripts/test-airflow.sh writes one)")
        from airflow.dag_processing.dagbag import DagBag

        cls.bag = DagBag(dag_folder=str(DAGS))

    def test_no_import_errors(self):
        self.assertEqual(self.bag.import_errors, {})

    def test_dag_ids(self):
        self.assertEqual(sorted(self.bag.dag_ids), ["storematch_full_refresh", "storematch_nightly", "storematch_run"])

    def test_schedules(self):
        self.assertEqual(self.bag.dags["storematch_nightly"].timetable.expression, "0 2 * * *")
        for dag_id in ("storematch_full_refresh", "storematch_run"):
            self.assertEqual(type(self.bag.dags[dag_id].timetable).__name__, "NullTimetable", f"{dag_id} runs only when triggered")
        for dag_id in self.bag.dag_ids:
            self.assertEqual(self.bag.dags[dag_id].max_active_runs, 1, dag_id)

    def test_nightly_order(self):
        dag = self.bag.dags["storematch_nightly"]
        self.assertEqual(sorted(dag.task_ids), ["nothing_to_run", "plan", "publish", "scan", "targeted_run"])
        self.assertEqual(dag.get_task("plan").upstream_task_ids, {"scan"})
        self.assertEqual(dag.get_task("plan").downstream_task_ids, {"targeted_run", "nothing_to_run"})
        self.assertEqual(dag.get_task("publish").upstream_task_ids, {"targeted_run"})
        self.assertIn("run --targeted", dag.get_task("targeted_run").bash_command)
        # The CLI runs dbt itself inside the task, so that it publishes what it built.
        for task_id in ("scan", "targeted_run"):
            self.assertEqual(dag.get_task(task_id).env["STOREMATCH_LAUNCHER"], "local", task_id)
        self.assertIn(" scan ", dag.get_task("scan").bash_command + " ")

    def test_full_refresh_order(self):
        dag = self.bag.dags["storematch_full_refresh"]
        self.assertEqual(sorted(dag.task_ids), ["full_refresh", "publish"])
        self.assertEqual(dag.get_task("publish").upstream_task_ids, {"full_refresh"})
        self.assertIn("run --full-refresh", dag.get_task("full_refresh").bash_command)
        self.assertEqual(dag.get_task("full_refresh").env["STOREMATCH_LAUNCHER"], "local")

    def test_run_dag_conf_and_order(self):
        dag = self.bag.dags["storematch_run"]
        self.assertEqual(set(dag.params.keys()), {"kind", "storematch_run_id"})
        self.assertEqual(dag.params.get_param("kind").schema["enum"], ["TARGETED", "FULL_REFRESH"])
        self.assertEqual([t.task_id for t in dag.roots], ["validate_conf"])
        # One dbt build per run: the producer is the only task that runs dbt, right after validation.
        producer = dag.get_task("dbt_build.dbt_producer_watcher")
        self.assertEqual(producer.upstream_task_ids, {"validate_conf"})
        # Every model of the dbt project has its task, and they follow the project's dependencies.
        models = {n["name"] for n in json.loads(Path(os.environ["STOREMATCH_DBT_MANIFEST"]).read_text())["nodes"].values() if n["resource_type"] == "model"}
        self.assertGreater(len(models), 10)
        for model in models:
            self._task(dag, "dbt_build", model)
        closure = upstream_closure(dag, self._task(dag, "dbt_build", "fct_store_matches"))
        for upstream in ("stg_gi__stores", "int_pairs_scored", "int_matches_assigned"):
            self.assertIn(self._task(dag, "dbt_build", upstream), closure)
        self.assertIn("validate_conf", closure)

    def test_run_dag_passes_the_conf_to_dbt(self):
        producer = self.bag.dags["storematch_run"].get_task("dbt_build.dbt_producer_watcher")
        for kind, run_mode, full_refresh in (("TARGETED", "targeted", "False"), ("FULL_REFRESH", "full", "True")):
            context = {"dag_run": SimpleNamespace(conf={"kind": kind, "storematch_run_id": "run-42"})}
            self.assertEqual(producer.render_template(producer.full_refresh, context), full_refresh, kind)
            env = producer.render_template(producer.env, context)
            self.assertEqual(env["STOREMATCH_DBT_RUN_MODE"], run_mode, kind)
            self.assertEqual(env["STOREMATCH_DBT_RUN_ID"], "run-42", kind)

    def test_run_dag_refuses_a_bad_conf(self):
        validate = self.bag.dags["storematch_run"].get_task("validate_conf").python_callable
        self.assertEqual(validate(dag_run=SimpleNamespace(conf={"kind": "TARGETED", "storematch_run_id": "r1"})), "TARGETED")
        with self.assertRaisesRegex(ValueError, "conf.kind must be one of TARGETED, FULL_REFRESH"):
            validate(dag_run=SimpleNamespace(conf={"kind": "EVERYTHING", "storematch_run_id": "r1"}))
        with self.assertRaisesRegex(ValueError, "storematch_run_id"):
            validate(dag_run=SimpleNamespace(conf={"kind": "FULL_REFRESH"}))

    def test_nightly_plan_follows_the_settings(self):
        plan = self.bag.dags["storematch_nightly"].get_task("plan").python_callable
        cases = [
            ({"full_refresh_needed": True}, {"APPROVED": 4}, "nothing_to_run"),
            ({"full_refresh_needed": False}, {"APPROVED": 0, "PENDING": 12}, "nothing_to_run"),
            ({"full_refresh_needed": False}, {"APPROVED": 3}, "targeted_run"),
        ]
        for settings, triggers, expected in cases:
            with stub_cli(plan, {"status": {"settings": settings, "triggers": triggers}}):
                self.assertEqual(plan(), expected, (settings, triggers))

    def test_publish_checks_the_runs_version(self):
        publish = self.bag.dags["storematch_nightly"].get_task("publish").python_callable
        runs = [
            {"id": "r9", "kind": "TARGETED", "status": "SUCCEEDED", "versionId": "v9"},
            {"id": "r8", "kind": "FULL_REFRESH", "status": "SUCCEEDED", "versionId": "v8"},
        ]
        with stub_cli(publish, {"status": {"runs": runs, "promoted": {"id": "v8"}}}):
            self.assertEqual(publish(), "v9")
        failed = [{"id": "r9", "kind": "TARGETED", "status": "FAILED", "versionId": None}, *runs]
        with stub_cli(publish, {"status": {"runs": failed, "promoted": {"id": "v8"}}}):
            with self.assertRaisesRegex(RuntimeError, "the last TARGETED run did not publish a version"):
                publish()
        full = self.bag.dags["storematch_full_refresh"].get_task("publish").python_callable
        with stub_cli(full, {"status": {"runs": runs, "promoted": {"id": "v8"}}}):
            self.assertEqual(full(), "v8")

    @staticmethod
    def _task(dag, group: str, model: str) -> str:
        """The task id of a model in a group: <model>_run, or <model>.run when cosmos groups it with its tests."""
        for candidate in (f"{group}.{model}_run", f"{group}.{model}.run"):
            if candidate in dag.task_ids:
                return candidate
        raise AssertionError(f"no task for model {model} in {group}: {sorted(t for t in dag.task_ids if model in t)}")


if __name__ == "__main__":
    unittest.main()
