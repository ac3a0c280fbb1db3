"""Iceberg side of storematch versions (pyiceberg, SQLite catalog, local files).

Called by lib/versions/local/store.ts with the project's venv:
  iceberg.py publish --data-dir D --tables '["t", ...]' --version V --run-id R --snapshot-dir S [--invocation I] [--git-commit G]
  iceberg.py publish-stdin --data-dir D   (imports first, then reads the publish arguments as one
                                           JSON line; EOF: does nothing)
  iceberg.py expire  --data-dir D --keep '{"table": [snapshot ids to keep], ...}'
  iceberg.py scan    --data-dir D --table T --snapshot-id N --out FILE.parquet
Every command prints one JSON object on stdout; errors go to stderr with a non-zero exit.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
import warnings
from pathlib import Path

import duckdb

# pyarrow and pyiceberg are imported where they are used: they take most of a second to
# import, and set-status (called after every publish and promote) needs neither.

NAMESPACE = "storematch"
# The tables a version holds come from the caller (lib/versions/tables.ts is the one list).


def catalog(data_dir: Path):
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.exceptions import NamespaceAlreadyExistsError

    root = data_dir / "iceberg"
    (root / "warehouse").mkdir(parents=True, exist_ok=True)
    cat = SqlCatalog(
        "storematch",
        uri=f"sqlite:///{root / 'catalog.db'}",
        warehouse=file_uri(root / "warehouse"),
    )
    try:
        cat.create_namespace(NAMESPACE)
    except NamespaceAlreadyExistsError:
        pass
    return cat


def file_uri(path: Path) -> str:
    """file:// and the path as it is: pyiceberg and pyarrow use the path part without
    percent-decoding it, so Path.as_uri()'s escapes (a quote, a space) would name another file."""
    return f"file://{path}"


def local_path(uri: str) -> str:
    return uri[len("file://"):] if uri.startswith("file://") else uri


def publish(args: argparse.Namespace) -> dict:
    """One new snapshot per table whose data files are the Parquet files dbt exported.

    The files are moved (same file system) into the table's data directory and registered as
    they are (add_files-style, with their Parquet statistics), in one overwrite snapshot that also
    drops the previous snapshot's files: nothing is decoded or re-encoded, so publishing costs
    metadata work only, whatever the size of the tables.
    """
    import pyarrow.parquet as pq
    from pyiceberg.exceptions import NoSuchTableError
    from pyiceberg.table import TableProperties, _parquet_files_to_data_files

    data_dir = Path(args.data_dir).resolve()
    cat = catalog(data_dir)
    props = {"storematch.version": args.version, "storematch.run_id": args.run_id}
    tables = {}
    for name in args.tables:
        exported = Path(args.snapshot_dir) / f"{name}.parquet"
        # A delta (dim_stores after a targeted run: only the recomputed rows) is appended to the
        # table's current files instead of replacing them; readers take each key's latest row.
        delta = Path(args.snapshot_dir) / f"{name}.delta.parquet"
        append = not exported.exists() and delta.exists()
        if append:
            exported = delta
        meta = pq.ParquetFile(exported).metadata
        schema = meta.schema.to_arrow_schema()
        ident = f"{NAMESPACE}.{name}"
        try:
            tbl = cat.load_table(ident)
            with tbl.update_schema() as update:  # new columns in a model become new columns here
                update.union_by_name(schema)
            tbl = cat.load_table(ident)
        except NoSuchTableError:
            tbl = cat.create_table(ident, schema=schema)
        data_dir_of_table = Path(local_path(tbl.location())) / "data"
        data_dir_of_table.mkdir(parents=True, exist_ok=True)
        target = data_dir_of_table / f"{args.version}-{uuid.uuid4().hex}.parquet"
        os.replace(exported, target)
        path = file_uri(target)
        current = tbl.current_snapshot()
        old_files = [t.file for t in tbl.scan(snapshot_id=current.snapshot_id).plan_files()] if current and not append else []
        with tbl.transaction() as tx:
            if tx.table_metadata.name_mapping() is None:  # how readers map the files' columns (they carry no field ids)
                tx.set_properties(**{TableProperties.DEFAULT_NAME_MAPPING: tx.table_metadata.schema().name_mapping.model_dump_json()})
            snapshot = tx.update_snapshot(snapshot_properties=props)
            with (snapshot.fast_append() if append else snapshot.overwrite()) as update:
                for f in old_files:
                    update.delete_data_file(f)
                for f in _parquet_files_to_data_files(table_metadata=tx.table_metadata, file_paths=[path], io=tbl.io):
                    update.append_data_file(f)
        tbl = cat.load_table(ident)
        snap = tbl.current_snapshot()
        planned = list(tbl.scan(snapshot_id=snap.snapshot_id).plan_files())
        files = [local_path(t.file.file_path) for t in planned]
        # Snapshot ids are 64-bit: strings, so that JSON readers keep every digit.
        tables[name] = {"snapshotId": str(snap.snapshot_id), "files": files, "rows": sum(t.file.record_count for t in planned)}
    manifest = {
        "version": args.version,
        "runId": args.run_id,
        "invocationId": args.invocation,
        "gitCommit": args.git_commit,
        "tables": tables,
        "metrics": metrics(tables),
    }
    # The match rules the build ran with (dbt's publish macro writes them next to the files).
    rules_file = Path(args.snapshot_dir) / "rules.json"
    if rules_file.exists():
        manifest["rules"] = json.loads(rules_file.read_text().splitlines()[0])
    register(data_dir, manifest)
    out_dir = data_dir / "versions" / args.version
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=2))
    os.replace(tmp, out_dir / "manifest.json")
    return manifest


def publish_stdin(args: argparse.Namespace) -> dict:
    """publish, started ahead: the runner spawns it when dbt starts, so that Python's start and
    the imports (most of a second) overlap dbt's run instead of following it. The arguments come
    as one JSON line on stdin once the build passed; EOF (the run failed or was cancelled) ends
    it without touching anything."""
    import pyarrow.parquet  # noqa: F401
    import pyiceberg.catalog.sql  # noqa: F401
    import pyiceberg.table  # noqa: F401

    line = sys.stdin.readline()
    if not line.strip():
        return {"skipped": True}
    a = json.loads(line)
    return publish(argparse.Namespace(
        data_dir=args.data_dir, tables=a["tables"], version=a["version"], run_id=a["runId"], snapshot_dir=a["snapshotDir"],
        invocation=a.get("invocation"), git_commit=a.get("gitCommit"),
    ))


def metrics(tables: dict) -> dict:
    """Counts by status, match rate and counts by failure reason of one version."""
    con = duckdb.connect()
    gold = tables["fct_store_matches"]["files"]
    diag = tables["diag_unmatched_stores"]["files"]
    by_status = dict(con.execute("select status, count(*) from read_parquet(?) group by 1", [gold]).fetchall())
    by_reason = dict(con.execute("select failure_reason, count(*) from read_parquet(?) group by 1", [diag]).fetchall())
    matched = by_status.get("MATCHED", 0)
    gi = matched + by_status.get("GI_ONLY", 0)
    th = matched + by_status.get("TH_ONLY", 0)
    return {
        "byStatus": {k: by_status.get(k, 0) for k in ("MATCHED", "GI_ONLY", "TH_ONLY")},
        "matchRate": round(2 * matched / (gi + th), 6) if gi + th else 0.0,
        "byReason": by_reason,
    }


def register(data_dir: Path, manifest: dict) -> None:
    """The warehouse's copy of the registry (the control plane holds the other)."""
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"))
    try:
        con.execute("create schema if not exists control")
        con.execute("""create table if not exists control.version_registry (
            version_id varchar primary key, run_id varchar, invocation_id varchar, git_commit varchar,
            snapshots json, metrics json, status varchar, created_at timestamp)""")
        con.execute(
            "insert or replace into control.version_registry values (?, ?, ?, ?, ?, ?, 'CANDIDATE', now()::timestamp)",
            [manifest["version"], manifest["runId"], manifest["invocationId"], manifest["gitCommit"],
             json.dumps({t: v["snapshotId"] for t, v in manifest["tables"].items()}), json.dumps(manifest["metrics"])],
        )
    finally:
        con.close()


def set_status(args: argparse.Namespace) -> dict:
    """Mirror a registry status change (promote, retire) into the warehouse."""
    con = duckdb.connect(str(Path(args.data_dir).resolve() / "warehouse.duckdb"))
    try:
        for version, status in json.loads(args.statuses).items():
            con.execute("update control.version_registry set status = ? where version_id = ?", [status, version])
    finally:
        con.close()
    return {"ok": True}


def expire(args: argparse.Namespace) -> dict:
    from pyiceberg.exceptions import NoSuchTableError

    cat = catalog(Path(args.data_dir).resolve())
    keep = json.loads(args.keep)
    expired = {}
    for name, ids in keep.items():
        keep_ids = {int(i) for i in ids}
        try:
            tbl = cat.load_table(f"{NAMESPACE}.{name}")
        except NoSuchTableError:  # no version has published this table yet
            continue
        current = tbl.current_snapshot().snapshot_id if tbl.current_snapshot() else None
        drop = [s.snapshot_id for s in tbl.snapshots() if s.snapshot_id not in keep_ids and s.snapshot_id != current]
        if drop:
            tbl.maintenance.expire_snapshots().by_ids(drop).commit()
        expired[name] = [str(i) for i in drop]
    return {"expired": expired}


def scan(args: argparse.Namespace) -> dict:
    import pyarrow.parquet as pq

    cat = catalog(Path(args.data_dir).resolve())
    tbl = cat.load_table(f"{NAMESPACE}.{args.table}")
    arrow = tbl.scan(snapshot_id=int(args.snapshot_id)).to_arrow()
    pq.write_table(arrow, args.out)
    return {"rows": arrow.num_rows}


def main() -> int:
    p = argparse.ArgumentParser(prog="iceberg.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("publish")
    a.add_argument("--data-dir", required=True)
    a.add_argument("--tables", required=True, type=json.loads, help="JSON list of the table names")
    a.add_argument("--version", required=True)
    a.add_argument("--run-id", required=True)
    a.add_argument("--snapshot-dir", required=True)
    a.add_argument("--invocation", default=None)
    a.add_argument("--git-commit", default=None)
    ps = sub.add_parser("publish-stdin")
    ps.add_argument("--data-dir", required=True)
    e = sub.add_parser("expire")
    e.add_argument("--data-dir", required=True)
    e.add_argument("--keep", required=True)
    st = sub.add_parser("set-status")
    st.add_argument("--data-dir", required=True)
    st.add_argument("--statuses", required=True)
    s = sub.add_parser("scan")
    s.add_argument("--data-dir", required=True)
    s.add_argument("--table", required=True)
    s.add_argument("--snapshot-id", required=True)
    s.add_argument("--out", required=True)
    args = p.parse_args()
    result = {"publish": publish, "publish-stdin": publish_stdin, "expire": expire, "scan": scan, "set-status": set_status}[args.cmd](args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    warnings.filterwarnings("ignore")  # pyiceberg warns about things that do not concern us here
    try:
        sys.exit(main())
    except Exception as exc:  # one line for the caller's error message
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
