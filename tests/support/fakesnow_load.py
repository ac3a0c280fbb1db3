# Stand-in loader for tests: writes a workspace's raw store lists and pair decisions into fakesnow (the Snowflake emulator) as RAW.GI, RAW.TH and CONTROL.PAIR_DECISIONS.
"""
In production these tables are written by the Snowflake Warehouse (ingest) and the runner; in
the tests they come from the DuckDB workspace's Parquet files, through the Snowflake connector.

usage: fakesnow_load.py PORT DATA_DIR
"""
import sys
from pathlib import Path

import pyarrow.parquet as pq
import snowflake.connector

port, data_dir = int(sys.argv[1]), Path(sys.argv[2])
conn = snowflake.connector.connect(
    account="fake", user="fake", password="fake", host="127.0.0.1", port=port, protocol="http",
    database="STOREMATCH", schema="PUBLIC", login_timeout=30, network_timeout=60,
)
cur = conn.cursor()
cur.execute("create database if not exists storematch")
cur.execute("use database storematch")

RAW_COLUMNS = [("store_id", "varchar"), ("name", "varchar"), ("address", "varchar"), ("postcode", "varchar"),
               ("city", "varchar"), ("country", "varchar"), ("lat", "double"), ("lon", "double"), ("phone", "varchar"),
               ("extra", "varchar"), ("_line", "integer")]


def load(schema: str, table: str, columns: list[tuple[str, str]], rows: list[tuple]) -> None:
    cur.execute(f"create schema if not exists {schema}")
    cur.execute(f"create or replace table {schema}.{table} ({', '.join(f'{c} {t}' for c, t in columns)})")
    if rows:
        marks = ", ".join(["%s"] * len(columns))
        cur.executemany(f"insert into {schema}.{table} values ({marks})", rows)
    print(f"{schema}.{table}: {len(rows)} rows")


for source in ("gi", "th"):
    t = pq.read_table(data_dir / "raw" / "current" / f"{source}.parquet", columns=[c for c, _ in RAW_COLUMNS]).to_pylist()
    load("raw", source, RAW_COLUMNS, [tuple(r[c] for c, _ in RAW_COLUMNS) for r in t])

decisions = data_dir / "control-exports" / "pair_decisions.parquet"
d = pq.read_table(decisions).to_pylist() if decisions.exists() else []
load("control", "pair_decisions", [("gi_id", "varchar"), ("th_id", "varchar"), ("decision", "varchar")],
     [(r["gi_id"], r["th_id"], r["decision"]) for r in d])
