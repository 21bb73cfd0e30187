"""Bad rows, NULLs, garbage and scale: what README.md documents."""

import pytest

from chsql import create_accounts, lit, rows

GOOD = '{"icpMatchPercent": 55, "buyingTriggersPerQuarter": "3", "returnMultiple": 2.6, "customerOverlapPercent": 12, "firmType": "Agency", "sellsCompetingProduct": false}'


def values(records):
    return "values('id UInt32, record String', " + ", ".join(f"({i}, {lit(r)})" for i, r in enumerate(records, 1)) + ")"


def test_a_bad_row_stops_the_query_naming_row_field_and_value(ch):
    table = values([GOOD, "{}", GOOD, '{"icpMatchPercent": 5', GOOD])
    with pytest.raises(Exception) as info:
        rows(ch, f"SELECT id, partnerFit('referral', record) FROM {table}")
    message = str(info.value)
    assert "partnerFit: row 4 of 5 in this block: invalid-json at record: the JSON does not parse" in message, message
    assert """(record = '{"icpMatchPercent": 5')""" in message, message


def test_or_null_gives_null_for_that_row_only(ch):
    table = values([GOOD, "{}", "not json", GOOD, "[1, 2]"])
    got = rows(ch, f"SELECT id, partnerFitOrNull('referral', record), partnerBandOrNull('referral', record) FROM {table} ORDER BY id")
    assert got == [[1, 79.2, "Good"], [2, 0, "Poor"], [3, None, None], [4, 79.2, "Good"], [5, None, None]]


def test_a_bad_profile_names_the_path_inside_it(ch):
    profile = '{"id": "p", "name": "P", "partnerType": "referral", "missing": "zero", "criteria": [{"id": "a", "label": "A", "field": "a", "weight": 0, "kind": "flag", "whenTrue": 1, "whenFalse": 0}], "bands": [{"label": "Any", "min": 0}]}'
    with pytest.raises(Exception) as info:
        rows(ch, f"SELECT partnerFit({lit(profile)}, record) FROM {values([GOOD])}")
    assert "out-of-range at profile.criteria[0].weight: " in str(info.value)
    assert rows(ch, f"SELECT partnerFitOrNull({lit(profile)}, record) FROM {values([GOOD])}") == [[None]]


def test_money_rows_name_the_sql_argument(ch):
    with pytest.raises(Exception) as info:
        rows(ch, "SELECT partnerReferralCommission(v, '') FROM values('v String', ('100'), ('1,000'))")
    assert "row 2 of 2 in this block: invalid-number at value: " in str(info.value)
    assert "(value = '1,000')" in str(info.value)
    got = rows(ch, "SELECT partnerDealRegPayoutOrNull(a, s) FROM values('a String, s String', ('40000.50', 'late-stage'), ('5', 'closed-won'), ('', 'late-stage'))")
    assert got == [["6000.08"], [None], [None]]


def test_sql_null_gives_null_and_numbers_go_in_as_text(ch):
    # ClickHouse's default NULL handling: a NULL argument gives NULL
    # without calling the module.
    assert rows(ch, "SELECT partnerTier(NULL), partnerFit('referral', NULL)") == [[None, None]]
    assert rows(ch, "SELECT partnerTier(toString(toDecimal64(99999.99, 2))), partnerTier(toString(25000))") == [["Silver", "Silver"]]


def test_garbage_never_traps_the_module(ch):
    got = rows(ch, """
        SELECT count(),
               countIf(partnerFitOrNull('referral', s) IS NULL),
               countIf(partnerFitOrNull(s, '{}') IS NULL),
               countIf(partnerTierOrNull(s) IS NULL),
               countIf(partnerReferralCommissionOrNull(s, s) IS NULL),
               countIf(partnerFitOrNull('referral', concat('{"icpMatchPercent":', s, '}')) IS NULL)
        FROM (SELECT if(number % 2, randomPrintableASCII(number % 40), randomString(number % 40)) AS s
              FROM numbers(20000))""")
    count, *nulls = got[0]
    assert count == 20000
    assert all(0 < n <= count for n in nulls), nulls
    # ... and the module keeps answering afterwards.
    assert rows(ch, f"SELECT partnerFit('referral', {lit(GOOD)})") == [[79.2]]


def test_one_million_accounts_in_one_select(ch):
    create_accounts(ch, "accounts_1m", 1_000_000)
    got = rows(ch, """
        SELECT count(), min(score), max(score),
               countIf(band != multiIf(score >= 80, 'Ideal', score >= 60, 'Good', score >= 40, 'Possible', 'Poor')),
               countIf(score != round(score, 1)),
               uniqExact(tier)
        FROM (SELECT partnerFit('referral', record) AS score, partnerBand('referral', record) AS band,
                     partnerTier(revenue) AS tier
              FROM accounts_1m)""")
    count, lo, hi, band_mismatch, unrounded, tiers = got[0]
    assert count == 1_000_000
    assert 0 <= lo < hi <= 100
    assert band_mismatch == 0 and unrounded == 0
    assert tiers == 4
    ch.query("DROP TABLE accounts_1m")
