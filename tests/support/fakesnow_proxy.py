# Stand-in for Snowflake in tests: fakesnow's own HTTP handlers behind a thin loopback layer that the Node snowflake-sdk can read (JSON row sets, `returned`, `version`, BINARY_OUTPUT_FORMAT, SQL errors instead of HTTP 500, telemetry accepted).
"""
usage: fakesnow_proxy.py PORT   (serves http://127.0.0.1:PORT until SIGTERM/SIGINT)

fakesnow (the Snowflake emulator on DuckDB) always answers a query with an Arrow row set; the
Node snowflake-sdk reads only Snowflake's JSON row set, and without `returned` it never calls a
DML statement's callback. This server reuses fakesnow's handlers in-process (one shared
in-memory database for every client) and, for clients other than the Python connector (dbt),
rewrites each answer:
  - Arrow row set -> JSON row set, every value as text the way Snowflake sends it (numbers as
    text, booleans 1/0, dates as days since 1970, times and timestamps as seconds.fraction,
    TIMESTAMP_TZ as "seconds tz-index", binary as hex);
  - adds `returned`, `version` (1: TIMESTAMP_TZ carries its zone index) and the
    BINARY_OUTPUT_FORMAT parameter;
  - an HTTP 500 (fakesnow's answer to SQL it does not support) becomes a failed query with the
    message, so the client raises an error instead of retrying forever;
  - accepts the SDK's telemetry posts;
  - at login, raises CLIENT_STAGE_ARRAY_BINDING_THRESHOLD from fakesnow's 0 to Snowflake's
    default: the Node SDK stages any array bind above it (PUT to a temporary stage, which
    fakesnow cannot do), where the Python connector reads 0 as "never stage".
The Python connector (dbt, the test helpers) gets fakesnow's answers untouched, except that an
HTTP 500 becomes a SQL error for it too.
"""
from __future__ import annotations

import base64
import datetime
import decimal
import json
import sys

import pyarrow as pa
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import fakesnow.server as fs

EPOCH_DAY = datetime.date(1970, 1, 1)


def _seconds(epoch: int, fraction: int) -> str:
    """epoch seconds + nanoseconds as an exact decimal text (negative epochs too)."""
    total = decimal.Decimal(epoch) * 1_000_000_000 + fraction
    return f"{total / decimal.Decimal(1_000_000_000):.9f}"


def _text(kind: str, v: object) -> str | None:
    if v is None:
        return None
    if kind == "boolean":
        return "1" if v else "0"
    if kind == "date":
        return str((v - EPOCH_DAY).days)  # type: ignore[operator]
    if kind == "time":
        ns = int(v)  # type: ignore[call-overload]
        return _seconds(ns // 1_000_000_000, ns % 1_000_000_000)
    if kind.startswith("timestamp") and v.get("epoch") is None:  # type: ignore[union-attr]
        return None  # a null timestamp arrives as a struct of nulls
    if kind in ("timestamp_ntz", "timestamp_ltz"):
        return _seconds(v["epoch"], v["fraction"])  # type: ignore[index]
    if kind == "timestamp_tz":
        return f"{_seconds(v['epoch'], v['fraction'])} {v.get('timezone', 1440)}"  # type: ignore[index, union-attr]
    if kind == "binary":
        return bytes(v).hex().upper()  # type: ignore[call-overload]
    if kind == "real":
        f = float(v)  # type: ignore[arg-type]
        return "NaN" if f != f else ("inf" if f == float("inf") else "-inf" if f == float("-inf") else repr(f))
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    return str(v)


def _json_rowset(data: dict) -> list[list[str | None]]:
    b64 = data.get("rowsetBase64") or ""
    if not b64:
        return []
    table = pa.ipc.open_stream(base64.b64decode(b64)).read_all()
    kinds = [c["type"].lower() for c in data["rowtype"]]
    columns = [c.to_pylist() for c in table.columns]
    return [[_text(k, v) for k, v in zip(kinds, row, strict=True)] for row in zip(*columns, strict=True)]


def _sql_error(message: str) -> JSONResponse:
    return JSONResponse({"data": {"errorCode": "002000", "sqlState": "0A000"}, "code": "002000", "message": f"fakesnow cannot run this statement: {message}", "success": False})


async def query_request(request: Request) -> JSONResponse:
    try:
        response = await fs.query_request(request)
    except Exception as e:  # noqa: BLE001 - a failure outside fakesnow's own handling (eg: a bad bind) is the query's error
        return _sql_error(f"{type(e).__name__}: {e}")
    body = json.loads(bytes(response.body))
    if response.status_code == 500:
        return _sql_error(str(body.get("message")))
    if request.headers.get("User-Agent", "").startswith("PythonConnector"):
        return response
    data = body.get("data")
    if not body.get("success") or not isinstance(data, dict) or "rowtype" not in data:
        return response
    if data.get("queryResultFormat") == "arrow":
        try:
            data["rowset"] = _json_rowset(data)
        except Exception as e:  # noqa: BLE001 - say what could not be converted rather than answer 500
            return _sql_error(f"the proxy could not convert the result: {type(e).__name__}: {e}")
        data.pop("rowsetBase64", None)
        data["queryResultFormat"] = "json"
    data["returned"] = len(data.get("rowset") or [])
    data["version"] = 1
    data["parameters"] = [*data.get("parameters", []), {"name": "BINARY_OUTPUT_FORMAT", "value": "HEX"}]
    return JSONResponse(body)


async def login_request(request: Request) -> JSONResponse:
    response = await fs.login_request(request)
    if request.headers.get("User-Agent", "").startswith("PythonConnector"):
        return response
    body = json.loads(bytes(response.body))
    for p in body["data"]["parameters"]:
        if p["name"] == "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD":
            p["value"] = 65280
    return JSONResponse(body)


async def telemetry(_: Request) -> JSONResponse:
    return JSONResponse({"success": True})


OWN = {"/queries/v1/query-request": query_request, "/session/v1/login-request": login_request}
routes = [Route(path, handler, methods=["POST"]) for path, handler in OWN.items()] + [Route("/telemetry/send", telemetry, methods=["POST"])]
routes += [r for r in fs.routes if r.path not in OWN]
app = Starlette(routes=routes)

if __name__ == "__main__":
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning"))
    server.run()  # uvicorn stops on SIGTERM and SIGINT
