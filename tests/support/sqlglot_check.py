# Syntax check only (no Snowflake here): parses compiled SQL files as Snowflake SQL with sqlglot.
"""usage: sqlglot_check.py FILE [FILE ...] → JSON {"checked": n, "errors": [{"file", "error"}]}."""
import json
import sys

import sqlglot
from sqlglot.errors import ParseError

errors = []
for path in sys.argv[1:]:
    sql = open(path, encoding="utf-8").read()
    try:
        tree = sqlglot.parse_one(sql, read="snowflake")
        if tree is None:
            errors.append({"file": path, "error": "no statement"})
    except ParseError as e:
        errors.append({"file": path, "error": str(e)[:500]})
print(json.dumps({"checked": len(sys.argv) - 1, "errors": errors}))
