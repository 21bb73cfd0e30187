#!/usr/bin/env python3
"""A differential money oracle: every economics function of the core against
an independent implementation written here with Python's standard `decimal`
module, over random inputs that include extremes and exact rounding ties,
in USD (2 places), JPY (0) and BHD (3). A share of the cases (--extreme,
default 0.3) takes long-digit, extreme-magnitude inputs: up to 28
significant digits at any scale from 1e-28 to 1e28, rates with up to 28
places, all nines. Every output must equal the exact answer rounded once;
an output whose exact value is past the decimal range must be refused with
`overflow`. Refusals are counted apart from differences.

    python3 tests/oracle/oracle.py [--cases N] [--seed S] [--extreme SHARE]

Generates N cases (default 100,000), runs them through the wasm module in
Node (tests/oracle/run.mjs), and compares every output field. Prints the
number of cases and of differences; exits 1 on any difference. The formulas
below are written from docs/design.md (economics), not from the Rust source.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from decimal import Decimal as D, ROUND_HALF_UP, getcontext

getcontext().prec = 400  # products of four 28-digit inputs stay exact
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PLACES = {"USD": 2, "JPY": 0, "BHD": 3}


TIES = [0]
# The largest magnitude the core's decimals hold (2^96 - 1); an output past
# it must be refused with `overflow`.
LIMIT = D(2**96 - 1)


# What money() and ratio() give for an output past LIMIT: a case with one
# expects the core to refuse the call with `overflow`.
OVER = "\0beyond-range"
REFUSAL_CODES = ("overflow", "precision")


def money(x, cur):
    places = PLACES[cur]
    if (x.scaleb(places) % 1).copy_abs() == D("0.5"):
        TIES[0] += 1  # an exact rounding tie: half away from zero decides
    r = x.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if abs(r) > LIMIT:
        return OVER
    if r == 0:
        r = abs(r)
    return f"{r:.{places}f}"


def ratio(x):
    r = x.quantize(D("0.0001"), rounding=ROUND_HALF_UP)
    if abs(r) > LIMIT:
        return OVER
    if r == 0:
        return "0"
    t = f"{r:f}"
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return t


class Gen:
    """Random inputs: JSON numbers (short decimals, as a person types) or
    decimal strings, from tiny to large, with ties made on purpose."""

    def __init__(self, rng):
        self.r = rng
        # Long-digit and extreme-magnitude mode: up to 28 significant
        # digits at any scale from 1e-28 to 1e28 (the core's input limits).
        self.extreme = False

    def long(self, positive=False):
        """Up to 28 significant digits, at a scale from 0 to 28 places."""
        digits = self.r.randint(1, 28)
        m = self.r.randrange(1 if positive else 0, 10**digits)
        if self.r.random() < 0.2:
            m = 10**digits - 1  # all nines: every carry
        return D(m).scaleb(-self.r.randint(0, 28))

    def long_rate(self):
        places = self.r.randint(1, 28)
        k = self.r.choice([self.r.randrange(0, 10**places + 1), 10**places - 1, 5, 1])
        return D(k).scaleb(-places)

    def amount(self, places=2, hi=10**9):
        if self.extreme:
            return self.long()
        mag = self.r.choice([10, 1000, 10**5, 10**7, hi])
        cents = self.r.randrange(0, mag * 10**places + 1)
        return D(cents).scaleb(-places)

    def rate(self):
        if self.extreme:
            return self.long_rate()
        return self.r.choice([D(0), D(1), D("0.5"), D("0.15"), D("0.25"), D("0.4"),
                              D(self.r.randrange(0, 10001)).scaleb(-4),
                              D(self.r.randrange(0, 1001)).scaleb(-3)])

    def enc(self, d):
        """As a JSON number when a double holds it exactly as typed, else a string."""
        if self.r.random() < 0.5 and abs(d) < 10**15:
            f = float(d)
            if D(repr(f)) == d:
                return f
        return str(d)


def currency(g):
    return g.r.choice(["USD", "JPY", "BHD"])


def case_partner_return(g):
    cur = currency(g)
    payout = g.amount(2)
    if g.extreme:
        hours = g.long(positive=True)
        args = {"payoutPerDeal": g.enc(payout), "hoursPerDeal": g.enc(hours)}
    elif g.r.random() < 0.5:
        hours = D(g.r.randrange(1, 4000)).scaleb(-1)
        args = {"payoutPerDeal": g.enc(payout), "hoursPerDeal": g.enc(hours)}
    else:
        steps = {k: D(g.r.randrange(0, 200)).scaleb(-1) for k in ["identify", "qualify", "demo", "close", "implement"]}
        if sum(steps.values()) == 0:
            steps["demo"] = D(1)
        hours = sum(steps.values())
        args = {"payoutPerDeal": g.enc(payout), "hours": {k: g.enc(v) for k, v in steps.items()}}
    cost = g.long(positive=True) if g.extreme else D(g.r.randrange(1, 100000)).scaleb(-2)
    args["opportunityCostPerHour"] = g.enc(cost)
    target = D("2.5")
    if g.r.random() < 0.5:
        target = D(g.r.randrange(1, 50)).scaleb(-1)
        args["targetMultiple"] = g.enc(target)
    args["currency"] = cur
    hourly = payout / hours
    multiple = hourly / cost
    verdict = "loses-money" if multiple < 1 else ("under-motivated" if multiple < target else "motivated")
    req = hours * cost * target
    want = {"hours": ratio(hours), "hourlyReturn": money(hourly, cur), "multiple": ratio(multiple),
            "verdict": verdict, "requiredPayoutPerDeal": money(req, cur),
            "payoutGap": money(max(D(0), req - payout), cur), "currency": cur}
    return "partnerReturn", [args], want


def case_referral(g):
    cur = currency(g)
    value = g.amount(3)  # three places: products land on ties
    rate = g.rate()
    args = {"firstYearContractValue": g.enc(value), "rate": g.enc(rate), "currency": cur}
    c = value * rate
    guidance = None
    if cur == "USD":
        guidance = "below" if c < 500 else ("above" if c > 2000 else "within")
    return "referralCommission", [args], {"commission": money(c, cur), "rate": ratio(rate),
                                          "guidance": guidance, "currency": cur}


def case_reseller(g):
    cur = currency(g)
    value = g.amount(3)
    rate = g.rate()
    m = value * rate
    assessment = "too-thin" if rate < D("0.25") else ("above-range" if rate > D("0.40") else "healthy")
    return "resellerMargin", [{"contractValue": g.enc(value), "marginRate": g.enc(rate), "currency": cur}], {
        "partnerMargin": money(m, cur), "vendorNet": money(value - m, cur), "assessment": assessment, "currency": cur}


STAGES = {"before-contact": D("0.25"), "after-first-meeting": D("0.20"), "late-stage": D("0.15"), "unregistered": D("0.10")}


def case_dealreg(g):
    cur = currency(g)
    value = g.amount(3)
    stage = g.r.choice(list(STAGES))
    args = {"contractValue": g.enc(value), "stage": stage, "currency": cur}
    rate = STAGES[stage]
    if g.r.random() < 0.3:
        rate = g.rate()
        args["schedule"] = {stage: g.enc(rate)}
    return "dealRegistrationPayout", [args], {"stage": stage, "rate": ratio(rate),
                                              "payout": money(value * rate, cur), "currency": cur}


def case_rep(g):
    cur = currency(g)
    deal = g.long(positive=True) if g.extreme else g.amount(2) + D("0.01")
    rate = g.rate()
    motion = g.r.choice(["partner-sourced", "co-sold", "partner-closed", "direct"])
    args = {"dealValue": g.enc(deal), "standardCommissionRate": g.enc(rate), "motion": motion, "currency": cur}
    fee = D(0)
    if motion != "direct":
        fee = g.rate()
        args["partnerFeeRate"] = g.enc(fee)
    share = {"co-sold": D(1), "direct": D(1), "partner-closed": D("0.5")}.get(motion, D("0.75"))
    if motion == "partner-sourced" and g.r.random() < 0.5:
        share = g.rate()
        args["sourcedShare"] = g.enc(share)
    rep = deal * rate * share
    partner = deal * fee
    total = rep + partner
    return "repCompensation", [args], {"repPayout": money(rep, cur), "partnerPayout": money(partner, cur),
                                       "totalCostOfSale": money(total, cur), "costOfSaleRate": ratio(total / deal),
                                       "currency": cur}


def case_retention(g):
    cur = currency(g)
    shared = g.long() if g.extreme else D(g.r.randrange(0, 100000))
    arr = g.amount(2, hi=10**6)
    churn = g.rate()
    args = {"sharedCustomers": g.enc(shared), "arrPerCustomer": g.enc(arr), "annualChurnRate": g.enc(churn), "currency": cur}
    up = D("0.15")
    if g.r.random() < 0.5:
        up = g.rate()
        args["upliftRate"] = g.enc(up)
    kept = shared * churn * up
    return "retentionUplift", [args], {"customersRetained": ratio(kept), "retainedArr": money(kept * arr, cur), "currency": cur}


def case_roi(g):
    cur = currency(g)
    rec = g.long() if g.extreme else D(g.r.randrange(0, 2000))
    act, pay = g.rate(), g.rate()
    dpp = g.long() if g.extreme else D(g.r.randrange(0, 400)).scaleb(-1)
    size = g.amount(2, hi=10**6)
    cost = g.amount(2, hi=10**7)
    args = {"partnersRecruited": g.enc(rec), "activationRate": g.enc(act), "dealsPerActivePartnerPerYear": g.enc(dpp),
            "averageDealSize": g.enc(size), "payoutRate": g.enc(pay), "programCostPerYear": g.enc(cost), "currency": cur}
    gm = D(1)
    if g.r.random() < 0.5:
        gm = g.rate()
        args["grossMargin"] = g.enc(gm)
    company = None
    if g.r.random() < 0.5:
        company = g.long(positive=True) if g.extreme else g.amount(2, hi=10**10) + D(1)
        args["totalCompanyRevenue"] = g.enc(company)
    cs, csu, cert, certm = D(0), D("0.4"), D(0), D("4.3")
    if g.r.random() < 0.3:
        cs = g.rate()
        args["coSellShare"] = g.enc(cs)
    if g.r.random() < 0.3:
        cert = g.rate()
        args["certifiedShare"] = g.enc(cert)
    active = rec * act
    deals = active * dpp * (1 + cert * (certm - 1))
    rev = deals * size * (1 + cs * csu)
    payouts = rev * pay
    gross = rev * gm
    total = payouts + cost
    net = gross - total
    monthly = (gross - payouts) / 12
    share = None if company is None else rev / company
    want = {"activePartners": ratio(active), "partnerDeals": ratio(deals), "partnerSourcedRevenue": money(rev, cur),
            "partnerPayouts": money(payouts, cur), "grossProfit": money(gross, cur), "totalCost": money(total, cur),
            "netContribution": money(net, cur), "roi": None if total == 0 else ratio(net / total),
            "paybackMonths": ratio(cost / monthly) if net > 0 else None,
            "costPerPartnerDeal": None if deals == 0 else money(total / deals, cur),
            "partnerRevenueShare": None if share is None else ratio(share),
            "shareVerdict": None if share is None else ("below" if share < D("0.20") else "above" if share > D("0.35") else "within"),
            "currency": cur}
    return "programRoi", [args], want


TIERS = [("Inactive", D(0)), ("Silver", D(25000)), ("Gold", D(100000)), ("Platinum", D(500000))]


def case_tier(g):
    cur = currency(g)
    rev = g.r.choice([g.amount(PLACES[cur], hi=10**6), D(25000), D(100000), D(500000), D("24999.999")])
    if g.extreme and g.r.random() < 0.5:
        # 28 significant digits just under a bound.
        rev = g.r.choice([D(25000), D(100000), D(500000)]) - D(1).scaleb(-g.r.randint(1, 22))
    i = max(k for k, (_, lo) in enumerate(TIERS) if lo <= rev)
    nxt = TIERS[i + 1] if i + 1 < len(TIERS) else None
    want = {"tier": TIERS[i][0], "nextTier": nxt[0] if nxt else None,
            "amountToNextTier": money(nxt[1] - rev, cur) if nxt else None, "currency": cur}
    return "assignTier", [g.enc(rev), None, cur], want


KINDS = [case_partner_return, case_referral, case_reseller, case_dealreg, case_rep, case_retention, case_roi, case_tier]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--extreme", type=float, default=0.3,
                    help="share of cases with long-digit, extreme-magnitude inputs")
    a = ap.parse_args()
    g = Gen(random.Random(a.seed))
    cases, wants = [], []
    extremes = 0
    for i in range(a.cases):
        g.extreme = g.r.random() < a.extreme
        extremes += g.extreme
        fn, args, want = KINDS[i % len(KINDS)](g)
        if OVER in want.values():
            want = {"refused": True}
        cases.append({"fn": fn, "args": args})
        wants.append(want)
    with tempfile.TemporaryDirectory() as tmp:
        cpath, opath = os.path.join(tmp, "cases.json"), os.path.join(tmp, "out.json")
        with open(cpath, "w") as f:
            json.dump(cases, f)
        subprocess.run(["node", os.path.join(HERE, "run.mjs"), cpath, opath], check=True, cwd=ROOT)
        with open(opath) as f:
            got = json.load(f)
    diffs = 0
    refused_expected = 0  # the exact output is past the range: refused, as it must be
    refused_other = 0     # refused although the oracle has an in-range answer
    for c, want, out in zip(cases, wants, got):
        if c["fn"] == "assignTier" and isinstance(out, dict):
            out = {k: v for k, v in out.items() if k != "benefits"}
        refused = isinstance(out, dict) and out.get("error", {}).get("code") in REFUSAL_CODES
        if refused:
            if want == {"refused": True}:
                refused_expected += 1
            else:
                refused_other += 1
                if refused_other <= 5:
                    print("REFUSED", json.dumps(c), "\n  want", json.dumps(want), "\n  got ", json.dumps(out))
            continue
        if out != want:
            diffs += 1
            if diffs <= 10:
                print("DIFF", json.dumps(c), "\n  want", json.dumps(want), "\n  got ", json.dumps(out))
    by_fn = {}
    for c in cases:
        by_fn[c["fn"]] = by_fn.get(c["fn"], 0) + 1
    print("oracle:", ", ".join(f"{k} {v}" for k, v in sorted(by_fn.items())))
    print(f"oracle: {len(cases)} cases compared, {extremes} of them long-digit/extreme-magnitude "
          f"({TIES[0]} money outputs on an exact rounding tie), {diffs} differences")
    print(f"oracle: refused with overflow/precision: {refused_expected} whose exact output is past "
          f"the decimal range, {refused_other} with an in-range answer")
    print(f"{len(cases) - diffs} passed, {diffs} failed")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
