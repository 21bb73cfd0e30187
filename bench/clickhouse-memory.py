"""Which block sizes and module memory limits work for which record sizes:
the table behind clickhouse/README.md ("Settings"). For each record size,
65,536 records (one block at the largest size tried) go through
partnerFit and partnerExplain at each webassembly_udf_max_input_block_size,
with the default webassembly_udf_max_memory (128 MiB) and with 512 MiB.
A cell is "ok", or the start of the error (a block that does not fit is
reported by the module, naming the settings; never a trap).

  .venv/bin/python bench/clickhouse-memory.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "clickhouse" / "tests"))
import chsql  # noqa: E402

ROWS = 65536
SIZES = [150, 2048, 8192]
BLOCKS = [8192, 16384, 32768, 65536]
MEMORY = [0, 512 * 1024 * 1024]


def outcome(con, sql):
    try:
        chsql.rows(con, sql)
        return "ok"
    except Exception as e:  # noqa: BLE001 - reported, not hidden
        text = str(e)
        if "does not fit in the module's memory" in text:
            return "block too large (module's message)"
        if "do not fit in the module's memory" in text:
            return "results too large (module's message)"
        if "rust_oom" in text:
            return "rust_oom trap"
        return text.splitlines()[0][:60]


def main():
    con = chsql.connect()
    print(f"# {ROWS:,} records a size, chdb {chsql.chdb.__version__}\n")
    print("| record bytes | block rows | function | default memory (128 MiB) | webassembly_udf_max_memory = 512 MiB |")
    print("|---:|---:|---|---|---|")
    for size in SIZES:
        pad = max(0, size - 80)
        con.query("DROP TABLE IF EXISTS mem_records")
        con.query(f"""CREATE TABLE mem_records ENGINE = Memory AS
            SELECT concat('{{"icpMatchPercent":', toString(number % 101), ',"firmType":"Agency","notes":"',
                          repeat('n', {pad}), '"}}') AS record
            FROM numbers({ROWS})""")
        for block in BLOCKS:
            for fn, expr in [("partnerFit", "sum(partnerFit('referral', record))"),
                             ("partnerExplain", "sum(length(partnerExplain('referral', record)))")]:
                cells = []
                for mem in MEMORY:
                    settings = f"webassembly_udf_max_input_block_size = {block}, max_threads = 1"
                    if mem:
                        settings += f", webassembly_udf_max_memory = {mem}"
                    cells.append(outcome(con, f"SELECT {expr} FROM mem_records SETTINGS {settings}"))
                print(f"| {size:,} | {block:,} | {fn} | {cells[0]} | {cells[1]} |", flush=True)
    con.query("DROP TABLE mem_records")


if __name__ == "__main__":
    main()
