"""The profile compiled to native SQL (clickhouse/src/sql.rs): the SQL
functions over typed columns give partnerFit's and partnerBand's digits,
bit for bit, on random typed rows, for the six built-in profiles (from
install.sql) and for a custom profile compiled in the warehouse by
partnerProfileSql (renormalize, range / category / tags gates)."""

import json
import math
import random

import pytest

from chsql import ROOT, lit, rows, sql_functions, statements

BUILTINS = ["referral", "technology", "reseller", "strategic", "services", "alliance"]

CUSTOM = {
    "id": "gated-mix", "name": "Gated mix", "partnerType": "reseller", "missing": "renormalize",
    "criteria": [
        {"id": "size", "label": "Size", "field": "employees", "weight": 3, "kind": "range",
         "curve": [[10, 0], [50, 0.35], [250, 0.8], [1000, 1]], "gate": {"min": 5, "max": 5000}},
        {"id": "model", "label": "Model", "field": "businessModel", "weight": 2.5, "kind": "category",
         "values": {"VAR": 1, "MSP": 0.7, "Distributor ": 0.45}, "default": 0.05,
         "gate": {"allowed": ["var", "msp", "distributor", "agency"]}},
        {"id": "caps", "label": "Caps", "field": "caps", "weight": 1.7, "kind": "tags",
         "wanted": ["billing", "identity", "monitoring"], "gate": {"allowed": ["billing", "support"]}},
        {"id": "early", "label": "Early", "field": "registersEarly", "weight": 0.3, "kind": "flag",
         "whenTrue": 1, "whenFalse": 0.2},
        {"id": "overlap", "label": "Overlap", "field": "overlap", "weight": 1.1, "kind": "range",
         "curve": [[0, 0.1], [7.5, 0.33], [33.3, 1]]},
    ],
    "bands": [{"label": "A", "min": 72.5}, {"label": "B", "min": 33.3}, {"label": "C", "min": 0.1}],
}


def profile_json(pid):
    return json.loads((ROOT / "src" / "profiles" / f"{pid}.json").read_text())


def numbers_of(criterion):
    """The numbers a criterion turns on: curve points, gate bounds, and
    the values just either side of them."""
    out = [0.0, 1.0, 2.0, -1.0]
    for x, _ in criterion.get("curve", []):
        out += [x, math.nextafter(x, -math.inf), math.nextafter(x, math.inf), x + 0.5, x * 1.37]
    for key in ("min", "max"):
        if key in criterion.get("gate", {}):
            b = criterion["gate"][key]
            out += [b, math.nextafter(b, -math.inf), math.nextafter(b, math.inf)]
    return out


def texts_of(criterion):
    keys = list(criterion.get("values", {})) + criterion.get("wanted", []) + criterion.get("gate", {}).get("allowed", [])
    keys = keys or ["x"]
    variants = []
    for k in keys:
        variants += [k, k.upper(), f"  {k}\t", k.title(), f"{k}s"]
    return variants + ["", "   ", "\t", "other", "\n"]


def random_cell(rng, criterion):
    """(SQL literal of the typed cell, JSON text of the same cell or None
    to leave the field out, has non-ASCII text)."""
    kind = criterion["kind"]
    roll = rng.random()
    if roll < 0.08:
        return "NULL", None, False
    if kind in ("range", "flag"):
        if roll < 0.12:
            return "nan", None, False  # NaN is blank, as a missing field
        if roll < 0.15:
            # Infinity is invalid data, as text that is not a number is.
            return rng.choice(["inf", "-inf"]), json.dumps("lots"), False
        if kind == "flag":
            x = rng.choice([0.0, 1.0, 0.0, 1.0, 2.0, -1.0, 0.5])
        elif roll < 0.6:
            x = rng.choice(numbers_of(criterion))
        else:
            lo = min([p[0] for p in criterion["curve"]] + [0])
            hi = max(p[0] for p in criterion["curve"])
            x = rng.uniform(lo - (hi - lo) * 0.2, hi * 1.2)
        return repr(float(x)), json.dumps(x), False
    if roll < 0.14:
        t = rng.choice(["Agénce", "VAR\u00a0", "ÉLITE", "msp\u2003"])
        return lit(t), json.dumps(t), True
    pool = texts_of(criterion)
    if kind == "tags":
        t = rng.choice([";", ",", " ; "]).join(rng.choice(pool) for _ in range(rng.randrange(0, 4)))
    else:
        t = rng.choice(pool)
    return lit(t), json.dumps(t), False


def check_profile(ch, fit, band, args, profile, profile_arg, n, seed):
    """n random typed rows: the SQL form equals partnerFit / partnerBand
    bit for bit where it answers, and is NULL exactly where a text cell
    is not ASCII."""
    rng = random.Random(seed)
    by_field = {}
    for c in profile["criteria"]:
        by_field.setdefault(c["field"], c)
    table = f"typed_{fit}"
    cols = ", ".join(f"`{a}` {t}" for a, t in args)
    ch.query(f"DROP TABLE IF EXISTS {table}")
    ch.query(f"CREATE TABLE {table} (id UInt32, record String, non_ascii UInt8, {cols}) ENGINE = Memory")
    for start in range(0, n, 1000):
        values = []
        for i in range(start, min(n, start + 1000)):
            cells, fields, odd = [], [], False
            for a, _ in args:
                sql, js, non_ascii = random_cell(rng, by_field[a])
                cells.append(sql)
                odd |= non_ascii
                if js is not None:
                    fields.append(f"{json.dumps(a)}: {js}")
            values.append(f"({i}, {lit('{' + ', '.join(fields) + '}')}, {int(odd)}, {', '.join(cells)})")
        ch.query(f"INSERT INTO {table} VALUES {', '.join(values)}")
    call = ", ".join(f"`{a}`" for a, _ in args)
    got = rows(ch, f"""
        SELECT count(),
               countIf(s IS NULL),
               countIf(s IS NULL AND non_ascii = 0),
               countIf(s IS NOT NULL AND reinterpretAsUInt64(assumeNotNull(s)) != reinterpretAsUInt64(w)),
               countIf(s IS NOT NULL AND b != wb),
               anyIf(record, s IS NOT NULL AND reinterpretAsUInt64(assumeNotNull(s)) != reinterpretAsUInt64(w))
        FROM (SELECT {fit}({call}) AS s, {band}({call}) AS b, non_ascii, record,
                     partnerFit({lit(profile_arg)}, record) AS w, partnerBand({lit(profile_arg)}, record) AS wb
              FROM {table})""")[0]
    count, nulls, wrong_nulls, score_diff, band_diff, example = got
    ch.query(f"DROP TABLE {table}")
    assert count == n
    assert wrong_nulls == 0
    assert 0 < nulls < n * 0.3 if any(t == "Nullable(String)" for _, t in args) else nulls == 0
    assert score_diff == 0, (score_diff, example)
    assert band_diff == 0


@pytest.mark.parametrize("pid", BUILTINS)
def test_builtin_sql_functions_give_partner_fit_digits(ch, pid):
    fit, band, args = sql_functions()[pid]
    check_profile(ch, fit, band, args, profile_json(pid), pid, 4000, seed=BUILTINS.index(pid))


def test_a_custom_profile_compiled_in_the_warehouse(ch):
    text = json.dumps(CUSTOM)
    sql = rows(ch, f"SELECT partnerProfileSql({lit(text)})")[0][0]
    for stmt in statements(sql):
        ch.query(stmt.rstrip(";"))
    args = [("employees", "Nullable(Float64)"), ("businessModel", "Nullable(String)"),
            ("caps", "Nullable(String)"), ("registersEarly", "Nullable(Float64)"), ("overlap", "Nullable(Float64)")]
    check_profile(ch, "partnerFitGatedMix", "partnerBandGatedMix", args, CUSTOM, text, 6000, seed=99)


def test_typed_columns_of_other_types_and_the_readme_example(ch):
    # Integers, Decimal, Bool and non-Nullable columns go in as they are.
    rec = '{"icpMatchPercent": 55, "buyingTriggersPerQuarter": 3, "returnMultiple": 2.6, "customerOverlapPercent": 12, "firmType": "Agency", "sellsCompetingProduct": false}'
    tech = '{"integrationLevel": 3, "customerOverlapPercent": 30, "productFit": "Complementary", "integrationCapabilities": "native deployment; unified identity"}'
    got = rows(ch, f"""
        SELECT partnerFitReferral(toUInt8(55), toInt64(3), 2.6, toDecimal32(12, 0), 'Agency', false),
               partnerBandReferral(55, 3, 2.6, 12, ' agency ', 0),
               partnerFitReferral(55, 3, 2.6, 12, 'Agency', true),
               partnerFitTechnology(3, 30, 'Complementary', 'native deployment; unified identity', NULL),
               partnerFit('technology', {lit(tech)})""")
    assert got[0][:3] == [79.2, "Good", 0]
    assert got[0][3] == got[0][4] > 0
    assert rows(ch, f"SELECT partnerFit('referral', {lit(rec)})") == [[79.2]]


def test_profile_sql_errors_name_the_profile_path(ch):
    bad = json.dumps({**CUSTOM, "criteria": [*CUSTOM["criteria"], {**CUSTOM["criteria"][1], "id": "model2", "field": "employees"}]})
    with pytest.raises(Exception) as info:
        rows(ch, f"SELECT partnerProfileSql({lit(bad)})")
    assert "invalid-type at profile.criteria[5].field" in str(info.value)
