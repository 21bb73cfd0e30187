"""Scoring 1,000,000 accounts side by side, in one run:

  1. the partnerFit WebAssembly UDF in chdb (ClickHouse 26.9 in-process),
     over a sweep of webassembly_udf_max_input_block_size, with wasmtime
     fuel metering on (the default) and off;
  2. the same JSON records through the wasm module in Node, batch path
     (createScorer().scoreRecords) and explained path (scorePartners);
  3. the same profile written as native ClickHouse SQL arithmetic, from
     the same JSON text (JSONExtract) and from typed columns.

Every figure is the best of a few runs (the machine is shared). Run from
the repository root after `bash scripts/build-clickhouse.sh` and
`bash scripts/build.sh`:

  .venv/bin/python bench/clickhouse-bench.py [rows]
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "clickhouse" / "tests"))
import chsql  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
PROFILE = json.loads((ROOT / "src" / "profiles" / "referral.json").read_text())


def best(con, sql, runs=3):
    """Best wall time of `runs` runs, and the (single-value) result."""
    times, value = [], None
    for _ in range(runs):
        t = time.perf_counter()
        value = chsql.rows(con, sql)[0][0]
        times.append(time.perf_counter() - t)
    return min(times), value


# ------------------------------------------------------------ native SQL

def sql_number(x):
    return repr(float(x))


def curve_sql(x, curve):
    """Piecewise-linear, clamped: the core's curve_at as multiIf."""
    (x0, s0), *_ = curve
    xn, sn = curve[-1]
    arms = [f"{x} <= {sql_number(x0)}, {sql_number(s0)}"]
    for (a, sa), (b, sb) in zip(curve, curve[1:]):
        arms.append(f"{x} <= {sql_number(b)}, {sql_number(sa)} + ({sql_number(sb)} - {sql_number(sa)}) * ({x} - {sql_number(a)}) / ({sql_number(b)} - {sql_number(a)})")
    return f"multiIf({', '.join(arms)}, {sql_number(sn)})"


def profile_sql(profile, read):
    """The score of a profile whose fields are all present and valid, as
    one SQL expression; `read(field, kind)` gives the SQL for a field.
    Only what the synthetic data needs: range, category and flag
    criteria, the flag gate, missing = zero."""
    total = sum(c["weight"] for c in profile["criteria"])
    terms, gates = [], []
    for c in profile["criteria"]:
        v = read(c["field"], c["kind"])
        if c["kind"] == "range":
            s = curve_sql(v, c["curve"])
        elif c["kind"] == "category":
            keys = [k.strip().lower() for k in c["values"]]
            vals = [sql_number(x) for x in c["values"].values()]
            s = f"transform(lower(trim({v})), {keys}, [{', '.join(vals)}], {sql_number(c['default'])})"
        elif c["kind"] == "flag":
            s = f"if({v}, {sql_number(c['whenTrue'])}, {sql_number(c['whenFalse'])})"
            if "gate" in c:
                gates.append(f"{v} != {'true' if c['gate']['required'] else 'false'}")
        else:
            raise ValueError(c["kind"])
        terms.append(f"({sql_number(100 * c['weight'] / total)}) * ({s})")
    raw = " + ".join(terms)
    # round_to(x, 1): snap float noise at 1e-9, then half away from zero.
    snapped = f"(round(greatest(0., least(100., {raw})) * 1e9) / 1e9)"
    rounded = f"(floor({snapped} * 10 + 0.5) / 10)"
    disq = " OR ".join(gates) or "false"
    return f"if({disq}, 0., {rounded})"


def json_read(field, kind):
    if kind == "flag":
        return f"JSONExtractBool(record, '{field}')"
    if kind == "category":
        return f"JSONExtractString(record, '{field}')"
    return f"JSONExtractFloat(record, '{field}')"


def column_read(field, kind):
    return f"`{field}`"


# ------------------------------------------------------------------ main

def main():
    load = os.getloadavg()
    con = chsql.connect()
    # install.sql creates the functions with fuel metering off; this
    # variant has it on, as ClickHouse's default would.
    con.query("CREATE FUNCTION partnerFitFuel LANGUAGE WASM FROM 'partner_scoring' :: 'partnerFit' "
              "ARGUMENTS (profile String, record String) RETURNS Float64 ABI BUFFERED_V1 "
              "SETTINGS serialization_format = 'RowBinary'")
    chsql.create_accounts(con, "accounts", ROWS)
    fields = ", ".join(
        f"{json_read(c['field'], c['kind'])} AS `{c['field']}`" for c in PROFILE["criteria"])
    con.query(f"CREATE TABLE accounts_typed ENGINE = Memory AS SELECT id, {fields} FROM accounts")

    results = []  # (what, seconds, sum)

    def udf(fn, block, threads=0, runs=3):
        settings = f"webassembly_udf_max_input_block_size = {block}"
        if threads:
            settings += f", max_threads = {threads}"
        try:
            return best(con, f"SELECT sum({fn}('referral', record)) FROM accounts SETTINGS {settings}", runs)
        except Exception as e:  # noqa: BLE001 - reported, not hidden
            reason = "fuel exhausted" if "all fuel consumed" in str(e) else str(e).splitlines()[0][:80]
            return None, reason

    print(f"# {ROWS:,} rows, profile 'referral', chdb {chsql.chdb.__version__}, "
          f"{os.cpu_count()} cores, load average {load[0]:.1f} at start\n")
    print("## Block size sweep (partnerFit, max_threads default)\n")
    print("| webassembly_udf_max_input_block_size | fuel on: s | fuel off: s |")
    print("|---:|---:|---:|")
    sweep = {}
    for block in [0, 256, 1024, 2048, 4096, 8192, 16384, 65536]:
        row = []
        for fn in ["partnerFitFuel", "partnerFit"]:
            seconds, value = udf(fn, block, runs=2)
            sweep[(fn, block)] = (seconds, value)
            row.append(f"{seconds:.3f}" if seconds is not None else str(value))
        label = f"{block} (default)" if block == 0 else str(block)
        print(f"| {label} | {row[0]} | {row[1]} |", flush=True)

    timed = {k: v for k, v in sweep.items() if v[0] is not None}
    (best_fn, best_block), _ = min(timed.items(), key=lambda kv: kv[1][0])
    fuel_on = {b: v for (f, b), v in timed.items() if f == "partnerFitFuel"}
    best_fuel_block = min(fuel_on, key=lambda b: fuel_on[b][0])
    print(f"\nbest: {best_fn} at block size {best_block}; with fuel on: {best_fuel_block}\n")

    udf_sum = None
    for fn, block in [("partnerFitFuel", best_fuel_block), (best_fn, best_block)]:
        for threads in [1, 2]:
            seconds, value = udf(fn, block, threads)
            fuel = "on" if fn.endswith("Fuel") else "off"
            results.append((f"UDF partnerFit in chdb, block {block}, fuel {fuel}, {threads} thread(s)", seconds, value))
            udf_sum = value

    default_s, default_v = udf("partnerFitFuel", 0, runs=1)
    results.append(("UDF partnerFit in chdb, ClickHouse defaults (fuel on, block size 0)", default_s, default_v))

    seconds, value = best(con, f"SELECT sum({profile_sql(PROFILE, json_read)}) FROM accounts")
    results.append(("native SQL arithmetic from the same JSON text (JSONExtract)", seconds, value))
    seconds, value = best(con, f"SELECT sum({profile_sql(PROFILE, column_read)}) FROM accounts_typed")
    results.append(("native SQL arithmetic from typed columns", seconds, value))
    mismatches = chsql.rows(con, f"""
        SELECT countIf(abs(partnerFit('referral', a.record) - ({profile_sql(PROFILE, column_read)})) > 1e-9)
        FROM accounts AS a INNER JOIN accounts_typed AS t ON a.id = t.id
        SETTINGS webassembly_udf_max_input_block_size = 8192""")[0][0]

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_bytes(con.query("SELECT record FROM accounts ORDER BY id", "TSVRaw").bytes())
        node = subprocess.run(["node", str(ROOT / "bench" / "clickhouse-node.mjs"), str(path), "10000", "100000"],
                              check=True, capture_output=True, text=True, cwd=ROOT)
    n = json.loads(node.stdout.strip().splitlines()[-1])
    results.append(("Node wasm batch path (createScorer().scoreRecords, 10,000-row chunks)", n["batchMs"] / 1000, n["batchSum"]))
    explained_scale = ROWS / n["explainedRows"]
    results.append((f"Node wasm explained path (scorePartners), timed on {n['explainedRows']:,} rows, scaled",
                    n["explainedMs"] / 1000 * explained_scale, None))

    ref = min(s for w, s, _ in results if w.startswith("UDF") and s)
    print("## Side by side\n")
    print("| path | seconds | rows/s | vs best UDF | sum of scores |")
    print("|---|---:|---:|---:|---:|")
    for what, seconds, value in results:
        if seconds is None:
            print(f"| {what} | {value} | | | |")
            continue
        total = "" if value is None else f"{value:,.1f}"
        print(f"| {what} | {seconds:.3f} | {ROWS / seconds:,.0f} | {seconds / ref:.2f}x | {total} |")
    print(f"\nrows where native SQL and the UDF differ: {mismatches} of {ROWS:,}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
