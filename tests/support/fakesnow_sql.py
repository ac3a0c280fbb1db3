# Stand-in client for tests: runs SQL statements against fakesnow (the Snowflake emulator) through the Snowflake connector and prints each result as JSON.
"""usage: fakesnow_sql.py PORT SQL [SQL ...] → one JSON array (per statement, its rows as objects)."""
import datetime
import decimal
import json
import sys

import snowflake.connector

conn = snowflake.connector.connect(
    account="fake", user="fake", password="fake", host="127.0.0.1", port=int(sys.argv[1]), protocol="http",
    database="STOREMATCH", schema="PUBLIC", login_timeout=30, network_timeout=60,
)
cur = conn.cursor()
out = []
for sql in sys.argv[2:]:
    cur.execute(sql)
    cols = [d[0].lower() for d in cur.description] if cur.description else []
    out.append([dict(zip(cols, row)) for row in cur.fetchall()] if cols else [])


def plain(v):
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return str(v)


print(json.dumps(out, default=plain))
