"""Shared helpers for the ClickHouse tests and the benchmark: a chdb
session with the partner-scoring functions installed from the generated
pkg/clickhouse/install.sql, SQL quoting, and the synthetic accounts."""

import json
import re
from pathlib import Path

import chdb.state

ROOT = Path(__file__).resolve().parents[2]
INSTALL_SQL = ROOT / "pkg" / "clickhouse" / "install.sql"
GOLDEN_DIR = ROOT / "tests" / "golden"

# The connection string that enables WebAssembly UDFs in chdb.
CONNECTION = ":memory:?allow_experimental_webassembly_udf=1"

# Block size used by default in the tests and recommended in README.md
# (measured in bench/clickhouse-bench.py).
BLOCK_SIZE = 8192


def statements(sql_text):
    """The statements of an SQL script: comment lines dropped, split on
    semicolons at line ends (install.sql puts one statement on a line)."""
    body = "\n".join(l for l in sql_text.splitlines() if not l.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";\n") if s.strip().rstrip(";")]


def sql_functions():
    """The built-in profiles' SQL functions in install.sql, from the comment
    line before each pair: {profile id: (fit name, band name, [(argument,
    type), ...])}."""
    out = {}
    for line in INSTALL_SQL.read_text().splitlines():
        m = re.match(r"-- (partnerFit(\w+))\((.*)\): profile '([\w-]+)'$", line)
        if m:
            args = [tuple(a.strip().split(" ", 1)) for a in m.group(3).split(", ")]
            out[m.group(4)] = (m.group(1), "partnerBand" + m.group(2), args)
    return out


def connect():
    """A chdb session with install.sql run in it."""
    if not INSTALL_SQL.exists():
        raise RuntimeError(f"{INSTALL_SQL} is missing: run bash scripts/build-clickhouse.sh")
    con = chdb.state.connect(CONNECTION)
    for stmt in statements(INSTALL_SQL.read_text()):
        con.query(stmt.rstrip(";"))
    con.query(f"SET webassembly_udf_max_input_block_size = {BLOCK_SIZE}")
    return con


def lit(text):
    """A ClickHouse string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def rows(con, sql):
    """Result rows as lists of Python values (JSONCompact keeps NULL as None).

    chdb 4.4 leaves the header of a query that failed at the front of the
    next query's output, so the last JSON document is the answer."""
    text = con.query(sql, "JSONCompact").bytes().decode()
    decoder, pos, doc = json.JSONDecoder(), 0, None
    while pos < len(text):
        doc, pos = decoder.raw_decode(text, pos)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return doc["data"]


# One million (or n) synthetic CRM accounts, deterministic, as the JSON
# records a CRM export would hold; profile 'referral' reads every field.
ACCOUNTS_SQL = """
CREATE TABLE {table} ENGINE = Memory AS
SELECT number AS id,
  concat('{{"icpMatchPercent":', toString(number % 101),
         ',"buyingTriggersPerQuarter":', toString((number * 7) % 9),
         ',"returnMultiple":', toString(((number * 13) % 40) / 10),
         ',"customerOverlapPercent":', toString((number * 3) % 35),
         ',"firmType":"', ['Consulting', 'Agency', 'SaaS', 'System Integrator', 'Reseller'][number % 5 + 1],
         '","sellsCompetingProduct":', if(number % 17 = 0, 'true', 'false'), '}}') AS record,
  toString(round(((number * 7919) % 700000) + (number % 100) / 100, 2)) AS revenue
FROM numbers({n})
"""


def create_accounts(con, table="accounts", n=1_000_000):
    con.query(f"DROP TABLE IF EXISTS {table}")
    con.query(ACCOUNTS_SQL.format(table=table, n=n))
