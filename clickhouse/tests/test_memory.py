"""Bounded memory and the core's input limits on every path (README.md,
"Settings" and "Errors and NULLs"): oversized values, wide records and
100 MB rows are refused with limit-exceeded, never a trap; 2 KiB records
at the recommended block size fit the default module memory; a block too
large for the module's memory is an exception naming the settings."""

import pytest

from chsql import BLOCK_SIZE, lit, rows

GOOD = '{"icpMatchPercent": 55, "buyingTriggersPerQuarter": "3", "returnMultiple": 2.6, "customerOverlapPercent": 12, "firmType": "Agency", "sellsCompetingProduct": false}'

# SQL building records over the core's limits (value.rs: 65,536 bytes a
# text or key, 4,096 fields an object).
LONG_VALUE = "concat('{\"firmType\": \"', repeat('x', 66000), '\"}')"
WIDE = "concat('{', arrayStringConcat(arrayMap(i -> concat('\"k', toString(i), '\": 1'), range(5000)), ','), '}')"
LONG_KEY = "concat('{\"', repeat('k', 100000), '\": 1}')"
# 100 MB rows (repeat() stops at 1,000,000 repeats, so twice).
HUNDRED_MB = "repeat(repeat('x', 1000000), 100)"


def error_of(ch, sql):
    with pytest.raises(Exception) as info:
        rows(ch, sql)
    return str(info.value)


@pytest.mark.parametrize("record", [LONG_VALUE, WIDE, LONG_KEY], ids=["65 KiB value", "5,000 fields", "100 KiB key"])
def test_the_fast_path_applies_the_core_limits(ch, record):
    for fn in ("partnerFit", "partnerBand", "partnerExplain"):
        message = error_of(ch, f"SELECT {fn}('referral', {record})")
        # The path names the record, or the field inside it that is too long.
        assert f"{fn}: row 1 of 1 in this block: limit-exceeded at record" in message, message
    assert rows(ch, f"SELECT partnerFitOrNull('referral', {record}), partnerBandOrNull('referral', {record})") == [[None, None]]
    assert rows(ch, f"SELECT partnerFit('referral', {lit(GOOD)})") == [[79.2]]


@pytest.mark.parametrize("sql,fn,field", [
    (f"partnerFit('referral', concat('{{\"firmType\": \"', {HUNDRED_MB}, '\"}}'))", "partnerFit", "record"),
    (f"partnerFit('referral', concat('{{\"', {HUNDRED_MB}, '\": 1}}'))", "partnerFit", "record"),
    (f"partnerExplain('referral', concat('{{\"firmType\": \"', {HUNDRED_MB}, '\"}}'))", "partnerExplain", "record"),
    (f"partnerTier({HUNDRED_MB})", "partnerTier", "revenue"),
    (f"partnerDealRegPayout('1000', {HUNDRED_MB})", "partnerDealRegPayout", "stage"),
    (f"partnerFit({HUNDRED_MB}, '{{}}')", "partnerFit", "profile"),
], ids=["record value", "record key", "explain", "revenue", "stage", "profile id"])
def test_a_100_mb_row_is_limit_exceeded_not_a_trap(ch, sql, fn, field):
    message = error_of(ch, f"SELECT {sql}")
    assert f"{fn}: row 1 of 1 in this block: limit-exceeded at {field}" in message, message[:400]
    assert "wasm backtrace" not in message and "rust_oom" not in message
    null_sql = sql.replace(f"{fn}(", f"{fn}OrNull(", 1)
    assert rows(ch, f"SELECT {null_sql}") == [[None]]
    # The module instance keeps answering.
    assert rows(ch, f"SELECT partnerFit('referral', {lit(GOOD)})") == [[79.2]]


@pytest.fixture(scope="module")
def records_2k(ch):
    """65,536 records of 2 KiB: the referral fields and a long notes field."""
    ch.query("DROP TABLE IF EXISTS records_2k")
    ch.query("""CREATE TABLE records_2k ENGINE = Memory AS
        SELECT number AS id, concat('{"icpMatchPercent":', toString(number % 101),
               ',"firmType":"Agency","notes":"', repeat('n', 2000 + number % 48), '"}') AS record
        FROM numbers(65536)""")
    yield "records_2k"
    ch.query("DROP TABLE records_2k")


def test_2_kib_records_at_the_recommended_block_size_fit_the_default_memory(ch, records_2k):
    assert BLOCK_SIZE == 8192
    got = rows(ch, f"""
        SELECT count(), min(length(record)), sum(partnerFit('referral', record)),
               countIf(partnerBand('referral', record) = ''),
               sum(JSONExtractFloat(partnerExplain('referral', record), 'score'))
        FROM {records_2k} SETTINGS webassembly_udf_max_input_block_size = {BLOCK_SIZE}""")
    count, shortest, fit_sum, no_band, explain_sum = got[0]
    assert count == 65536 and shortest >= 2048
    assert no_band == 0 and fit_sum == pytest.approx(explain_sum) and fit_sum > 0


def test_a_block_over_the_module_memory_names_the_settings(ch, records_2k):
    # 65,536 rows of 2 KiB are 128 MiB: more than the default 128 MiB module
    # memory can hold beside the module itself.
    for fn in ("partnerFit", "partnerExplain"):
        message = error_of(ch, f"SELECT sum(length(toString({fn}('referral', record)))) FROM {records_2k} "
                               "SETTINGS webassembly_udf_max_input_block_size = 65536")
        # The block itself, or (when the block just fits) its results.
        assert "fit in the module's memory; lower webassembly_udf_max_input_block_size or raise webassembly_udf_max_memory" in message, message[:400]
        assert "rust_oom" not in message
    # The setting README.md gives for such blocks.
    got = rows(ch, f"SELECT count(), sum(partnerFit('referral', record)) > 0 FROM {records_2k} "
                   "SETTINGS webassembly_udf_max_input_block_size = 65536, webassembly_udf_max_memory = 536870912")
    assert got == [[65536, 1]]
    assert rows(ch, f"SELECT partnerFit('referral', {lit(GOOD)})") == [[79.2]]
