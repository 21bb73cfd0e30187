"""The shared golden vectors (tests/golden/*.json) through ClickHouse: the
same digits as the Rust core, Node and the browser, for every case a
String-in, String-or-Float64-out SQL function can express. Cases of other
operations (partnerReturn, programRoi, ...) and inputs SQL cannot carry
(a currency, a custom deal-registration schedule, a boolean where money
belongs) are not collected; test_coverage checks enough remain."""

import json
import re

import pytest

from chsql import GOLDEN_DIR, lit, rows, statements

# The core names a field by its input key; the SQL functions name their
# arguments (README.md, "Errors").
SQL_ARG = {"annualPartnerRevenue": "revenue", "contractValue": "amount", "firstYearContractValue": "value"}

BUILTIN_ORDER = ["referral", "technology", "reseller", "strategic", "services", "alliance"]


def sql_path(path):
    head, sep, rest = path.partition(".")
    for core, sql in SQL_ARG.items():
        if path == core or path.startswith(core + ".") or path.startswith(core + "["):
            return sql + path[len(core):]
    return path


def as_json_text(v):
    return v if isinstance(v, str) else json.dumps(v)


def as_number_text(v):
    """A number or decimal text as the String a SQL column would carry;
    None for what a String column cannot say the same way."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return v
    return None


def same(a, b):
    """JSON equality where 80 and 80.0 are the same number."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def to_sql(case):
    """(kind, sql arguments) for a golden case, or None if not expressible."""
    fn, args = case["fn"], case["args"]
    if fn == "scorePartner" and len(args) == 2 and isinstance(args[1], (str, dict)):
        return "score", [as_json_text(args[1]), as_json_text(args[0])]
    if fn == "rankPartners" and "expect" in case:
        records = json.loads(args[0]) if isinstance(args[0], str) else args[0]
        return "rank", [as_json_text(args[1]), [json.dumps(r) for r in records]]
    if fn == "recommendPartnerType" and "expect" in case:
        return "recommend", [as_json_text(args[0])]
    if fn == "assignTier" and (len(args) < 3 or args[2] in (None, "")):
        revenue = as_number_text(args[0])
        if revenue is None:
            return None
        if len(args) < 2 or args[1] is None:
            return "partnerTier", [revenue]
        return "partnerTierIn", [revenue, as_json_text(args[1])]
    if fn in ("dealRegistrationPayout", "referralCommission") and isinstance(args[0], dict):
        keys = ("contractValue", "stage") if fn == "dealRegistrationPayout" else ("firstYearContractValue", "rate")
        if not set(args[0]) <= set(keys):
            return None
        texts = [as_number_text(args[0].get(k)) for k in keys]
        if None in texts:
            return None
        sql = "partnerDealRegPayout" if fn == "dealRegistrationPayout" else "partnerReferralCommission"
        return sql, texts
    return None


def cases():
    out = []
    for file in sorted(GOLDEN_DIR.glob("*.json")):
        for case in json.loads(file.read_text()):
            sql = to_sql(case)
            if sql is not None:
                out.append(pytest.param(case, sql, id=f"{file.stem}: {case['name']}"))
    return out


CASES = cases()


def test_coverage():
    kinds = {sql[0] for case, sql in (p.values for p in CASES)}
    assert len(CASES) >= 40, len(CASES)
    assert {"score", "rank", "recommend", "partnerTier", "partnerTierIn",
            "partnerDealRegPayout", "partnerReferralCommission"} <= kinds


def call(ch, fn, args):
    return rows(ch, f"SELECT {fn}({', '.join(lit(a) for a in args)})")[0][0]


def expect_error(ch, fn, args, want):
    with pytest.raises(Exception) as info:
        call(ch, fn, args)
    message = str(info.value)
    path = sql_path(want["path"])
    assert f"{fn}: row 1 of 1 in this block: {want['code']}" in message, message
    if path:
        assert f"{want['code']} at {path}: " in message, message
    # The OrNull variant gives NULL instead, and the module keeps working.
    assert call(ch, fn + "OrNull", args) is None
    assert call(ch, "partnerTier", ["100000"]) == "Gold"


@pytest.mark.parametrize("case,sql", CASES)
def test_golden(ch, case, sql):
    kind, args = sql
    want = case.get("expect")
    if kind == "score":
        if want is None:
            for fn in ("partnerFit", "partnerBand", "partnerExplain"):
                expect_error(ch, fn, args, case["error"])
            return
        got = json.loads(call(ch, "partnerExplain", args))
        assert same(got, want), (got, want)
        assert call(ch, "partnerFit", args) == want["score"]
        assert call(ch, "partnerFitOrNull", args) == want["score"]
        assert call(ch, "partnerBand", args) == (want["band"] or "")
    elif kind == "rank":
        profile, records = args
        got = rows(ch, f"""
            SELECT idx - 1 AS index, partnerFit({lit(profile)}, r) AS score, partnerBand({lit(profile)}, r) AS band
            FROM (SELECT arrayJoin(arrayEnumerate(rs)) AS idx, rs[idx] AS r
                  FROM (SELECT [{', '.join(lit(r) for r in records)}]::Array(String) AS rs))
            ORDER BY score DESC, index""")
        assert same([{"index": i, "score": s, "band": b} for i, s, b in got], want)
    elif kind == "recommend":
        (record,) = args
        got = rows(ch, f"""
            SELECT t, partnerFit(t, {lit(record)}) AS score, partnerBand(t, {lit(record)})
            FROM (SELECT arrayJoin(arrayEnumerate(ts)) AS i, ts[i] AS t FROM (SELECT {BUILTIN_ORDER} AS ts))
            ORDER BY score DESC, i""")
        assert same([{"partnerType": t, "score": s, "band": b} for t, s, b in got], want)
    else:
        if want is None:
            expect_error(ch, kind, args, case["error"])
            return
        field = {"partnerTier": "tier", "partnerTierIn": "tier", "partnerDealRegPayout": "payout",
                 "partnerReferralCommission": "commission"}[kind]
        assert call(ch, kind, args) == want[field]
        assert call(ch, kind + "OrNull", args) == want[field]


# ------------------------------------------------ the profile as SQL

def typed_cells(record, args):
    """The record as typed cells (SQL literals) for the SQL form, or None
    when a typed table could not hold it as it is: numbers and booleans in
    number columns, text in text columns, a list of tags as 'a;b'."""
    cells = []
    for name, input_type in args:
        v = record.get(name)
        if v is None:
            cells.append("NULL")
        elif input_type == "number" and isinstance(v, (bool, int, float)):
            cells.append(repr(float(v)))
        elif input_type == "text" and isinstance(v, str):
            cells.append(lit(v))
        elif (input_type == "text" and isinstance(v, list) and v
              and all(isinstance(t, str) and not set(t) & set(";,") for t in v)):
            cells.append(lit(";".join(v)))
        else:
            return None
    return ", ".join(cells)


def profile_of(p):
    if isinstance(p, str) and not p.lstrip().startswith("{"):
        return json.loads((GOLDEN_DIR.parents[1] / "src" / "profiles" / f"{p}.json").read_text())
    return json.loads(p) if isinstance(p, str) else p


def typed_calls(case):
    """[(profile argument, record, expected score, expected band)] for a
    scoring or recommendation case, or []."""
    fn, args = case["fn"], case["args"]
    if "expect" not in case:
        return []
    if fn == "scorePartner" and len(args) == 2:
        record = json.loads(args[0]) if isinstance(args[0], str) else args[0]
        return [(args[1], record, case["expect"]["score"], case["expect"]["band"])]
    if fn == "recommendPartnerType":
        record = json.loads(args[0]) if isinstance(args[0], str) else args[0]
        return [(e["partnerType"], record, e["score"], e["band"]) for e in case["expect"]]
    return []


def typed_arguments(profile):
    """The SQL form's arguments: each field once, in criterion order."""
    out = []
    for c in profile["criteria"]:
        kind = "number" if c["kind"] in ("range", "flag") else "text"
        if c["field"] not in [a for a, _ in out]:
            out.append((c["field"], kind))
    return out


TYPED = []
for _file in sorted(GOLDEN_DIR.glob("*.json")):
    for _case in json.loads(_file.read_text()):
        for _i, (_p, _r, _score, _band) in enumerate(typed_calls(_case)):
            if isinstance(_r, dict) and typed_cells(_r, typed_arguments(profile_of(_p))) is not None:
                TYPED.append(pytest.param(_p, _r, _score, _band, id=f"{_file.stem}: {_case['name']} [{_i}]"))


def test_typed_coverage():
    assert len(TYPED) >= 8, len(TYPED)


@pytest.mark.parametrize("profile,record,score,band", TYPED)
def test_golden_through_the_sql_form(ch, profile, record, score, band):
    # Built-in profiles are installed by install.sql; the others are
    # compiled in the warehouse by partnerProfileSql.
    text = profile if isinstance(profile, str) else json.dumps(profile)
    if text.lstrip().startswith("{"):
        for stmt in statements(rows(ch, f"SELECT partnerProfileSql({lit(text)})")[0][0]):
            ch.query(stmt.rstrip(";"))
    p = profile_of(profile)
    suffix = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", p["id"]) if w)
    cells = typed_cells(record, typed_arguments(p))
    got = rows(ch, f"SELECT partnerFit{suffix}({cells}), partnerBand{suffix}({cells})")
    assert got == [[score, band or ""]]
