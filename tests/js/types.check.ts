// Compile-time check of www/lib/index.d.ts: uses every export in a typed
// way. Checked by `tsc -p .` (tests/js/tsc.test.mjs); never run.

import * as lib from '../../www/lib/index.js';
import {
  init,
  isInitialized,
  PartnerScoringError,
  scorePartner,
  scorePartners,
  rankPartners,
  recommendPartnerType,
  builtinProfiles,
  validateProfile,
  partnerReturn,
  referralCommission,
  resellerMargin,
  dealRegistrationPayout,
  repCompensation,
  retentionUplift,
  programRoi,
  assignTier,
  defaultTierTable,
  errorCodes,
} from '../../www/lib/index.js';
import type {
  Band,
  Contribution,
  Criterion,
  ErrorCode,
  PartnerRecord,
  PartnerReturnResult,
  PartnerType,
  Profile,
  ProgramRoiResult,
  RankedPartner,
  Record,
  ScoreResult,
  TierResult,
  TierRow,
} from '../../www/lib/index.js';

function expectType<T>(value: T): T {
  return value;
}

// ---- init ----
await init();
await init(new Uint8Array([0, 97, 115, 109]));
await init(new ArrayBuffer(8));
await init(new URL('https://example.invalid/partner_scoring_bg.wasm'));
await init('/pkg/partner_scoring_bg.wasm');
// @ts-expect-error init takes bytes, a module or a location (or nothing), not null
await init(null);
// @ts-expect-error init takes one argument
await init(new Uint8Array(8), 'extra');
const ready: boolean = isInitialized();

// ---- errors ----
try {
  assignTier(-1);
} catch (err) {
  if (err instanceof PartnerScoringError) {
    const code: ErrorCode = err.code;
    const path: string = err.path;
    const name: 'PartnerScoringError' = err.name;
    const asError: Error = err;
    console.log(code, path, name, asError.message, ready);
  }
}
const made = new PartnerScoringError('out-of-range', 'rate above 1', 'rate', { cause: 'test' });
expectType<string>(made.stack ?? '');
// @ts-expect-error not a stable error code
new PartnerScoringError('no-such-code', 'message');
const codes = errorCodes();
expectType<string>(codes[0]?.meaning ?? '');
expectType<ErrorCode>(codes[0]?.code ?? 'internal');

// ---- profiles ----
const range: Criterion = {
  id: 'icp-match',
  label: 'Customers match our ICP',
  field: 'icpMatchPercent',
  weight: 30,
  kind: 'range',
  curve: [[0, 0], [50, 0.8], [70, 1]],
  gate: { min: 10 },
};
const category: Criterion = {
  id: 'firm-type',
  label: 'Kind of firm',
  field: 'firmType',
  weight: 10,
  kind: 'category',
  values: { consulting: 1, agency: 0.9 },
  default: 0.3,
};
const flag: Criterion = {
  id: 'no-competing-product',
  label: 'Does not sell a competing product',
  field: 'sellsCompetingProduct',
  weight: 5,
  kind: 'flag',
  whenTrue: 0,
  whenFalse: 1,
  gate: { required: false },
};
const tags: Criterion = {
  id: 'marketplaces',
  label: 'Marketplaces',
  field: 'marketplaces',
  weight: 5,
  kind: 'tags',
  wanted: ['aws', 'azure'],
  gate: { allowed: ['aws'] },
};
// @ts-expect-error a range criterion needs a curve
const noCurve: Criterion = { id: 'x', label: 'X', field: 'x', weight: 1, kind: 'range' };
// @ts-expect-error kinds are range, category, flag or tags
const badKind: Criterion = { id: 'x', label: 'X', field: 'x', weight: 1, kind: 'slider', curve: [[0, 0]] };
const bands: Band[] = [{ label: 'Ideal', min: 80 }, { label: 'Poor', min: 0 }];
const profile: Profile = {
  id: 'custom',
  name: 'Custom',
  partnerType: 'referral',
  criteria: [range, category, flag, tags],
  bands,
  missing: 'renormalize',
};
// @ts-expect-error missing policy is zero or renormalize
const badMissing: Profile = { ...profile, missing: 'ignore' };
console.log(noCurve, badKind, badMissing);

const profiles: Profile[] = builtinProfiles();
const firstType: PartnerType | string = profiles[0]?.partnerType ?? 'referral';
const validation = validateProfile(profile);
if (!validation.ok) {
  for (const e of validation.errors) console.log(e.code, e.path, e.message, firstType);
}
validateProfile('{"id": "x"}');

// ---- scoring ----
const record: PartnerRecord = {
  icpMatchPercent: 60,
  buyingTriggersPerQuarter: '3',
  firmType: 'consulting',
  sellsCompetingProduct: false,
  marketplaces: ['aws'],
  notes: null,
};
const alias: Record = record;
const result: ScoreResult = scorePartner(alias, 'referral');
scorePartner(JSON.stringify(record), profile);
scorePartner(record, JSON.stringify(profile));
const score: number = result.score;
const band: string | null = result.band;
const coverage: number = result.coverage;
const disqualified: boolean = result.disqualified;
const gates: string[] = result.failedGates.map((g) => `${g.criterion}: ${g.reason}`);
const missing: string[] = result.missingFields;
const lines: Contribution[] = result.contributions;
const lost: number[] = lines.map((c) => c.maxPoints - c.points);
const statuses: Array<'scored' | 'missing' | 'invalid'> = lines.map((c) => c.status);
console.log(score, band, coverage, disqualified, gates, missing, lost, statuses, result.profileId);
// @ts-expect-error a record is an object or JSON text, not a number
scorePartner(42, 'referral');
// @ts-expect-error record values are numbers, text, booleans, lists of text or null
scorePartner({ nested: { a: 1 } }, 'referral');
// @ts-expect-error the profile is an id, a profile or its JSON text
scorePartner(record, 7);

const all: ScoreResult[] = scorePartners([record, { icpMatchPercent: 10 }], 'technology');
const ranked: RankedPartner[] = rankPartners([record, record], profile);
const bestIndex: number = ranked[0]?.index ?? -1;
const types = recommendPartnerType(record);
const bestType: PartnerType | undefined = types[0]?.partnerType;
console.log(all.length, bestIndex, bestType);

// ---- economics ----
const ret: PartnerReturnResult = partnerReturn({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 });
const verdict: 'loses-money' | 'under-motivated' | 'motivated' = ret.verdict;
const hourly: string = ret.hourlyReturn;
partnerReturn({
  payoutPerDeal: '2000.00',
  hours: { identify: 2, qualify: '1', demo: 1.5, close: 0.5 },
  opportunityCostPerHour: '300',
  targetMultiple: 3,
  currency: 'EUR',
});
// @ts-expect-error payoutPerDeal is required
partnerReturn({ hoursPerDeal: 8, opportunityCostPerHour: 300 });
// @ts-expect-error money is a number or a decimal string
partnerReturn({ payoutPerDeal: true, hoursPerDeal: 8, opportunityCostPerHour: 300 });
console.log(verdict, hourly, ret.multiple, ret.requiredPayoutPerDeal, ret.payoutGap, ret.hours, ret.currency);

const referral = referralCommission({ firstYearContractValue: 12000, rate: 0.15, guidance: { min: 500, max: 2000 } });
const guidance: 'below' | 'within' | 'above' | null = referral.guidance;
console.log(referral.commission, referral.rate, guidance, referral.currency);

const margin = resellerMargin({ contractValue: '50000', marginRate: 0.3, currency: 'GBP' });
const assessment: 'too-thin' | 'healthy' | 'above-range' = margin.assessment;
console.log(margin.partnerMargin, margin.vendorNet, assessment);

const reg = dealRegistrationPayout({ contractValue: 40000, stage: 'after-first-meeting', schedule: { 'late-stage': 0.12 } });
console.log(reg.stage, reg.rate, reg.payout, reg.currency);
// @ts-expect-error not a registration stage
dealRegistrationPayout({ contractValue: 40000, stage: 'whenever' });

const rep = repCompensation({ dealValue: 100000, motion: 'partner-sourced', standardCommissionRate: 0.1, partnerFeeRate: 0.15 });
console.log(rep.repPayout, rep.partnerPayout, rep.totalCostOfSale, rep.costOfSaleRate, rep.currency);
repCompensation({ dealValue: 100000, motion: 'direct', standardCommissionRate: 0.1, sourcedShare: 0.8 });
// @ts-expect-error not a sales motion
repCompensation({ dealValue: 1, motion: 'telepathy', standardCommissionRate: 0.1 });

const retention = retentionUplift({ sharedCustomers: 200, annualChurnRate: 0.1, arrPerCustomer: 12000, upliftRate: '0.2' });
console.log(retention.customersRetained, retention.retainedArr, retention.currency);

const roi: ProgramRoiResult = programRoi({
  partnersRecruited: 40,
  activationRate: 0.5,
  dealsPerActivePartnerPerYear: 4,
  averageDealSize: 25000,
  payoutRate: 0.2,
  programCostPerYear: 150000,
  grossMargin: 0.8,
  totalCompanyRevenue: 10000000,
});
const roiValue: string | null = roi.roi;
const shareVerdict: 'below' | 'within' | 'above' | null = roi.shareVerdict;
console.log(roi.activePartners, roi.partnerDeals, roi.partnerSourcedRevenue, roi.partnerPayouts, roi.grossProfit,
  roi.totalCost, roi.netContribution, roiValue, roi.paybackMonths, roi.costPerPartnerDeal, roi.partnerRevenueShare,
  shareVerdict, roi.currency);
// @ts-expect-error programRoi needs its inputs
programRoi({ partnersRecruited: 40 });

// ---- tiers ----
const tier: TierResult = assignTier(100000);
const custom: TierResult = assignTier('60000', [{ name: 'Base', min: 0 }, { name: 'Top', min: '50000', benefits: 'All' }], 'EUR');
assignTier(1, null, null);
const next: string | null = tier.nextTier;
const toNext: string | null = custom.amountToNextTier;
console.log(tier.tier, tier.benefits, next, toNext, tier.currency);
// @ts-expect-error revenue is money, not a boolean
assignTier(true);
const rows: TierRow[] = defaultTierTable();
const names: string[] = rows.map((r) => `${r.name} from ${r.min}: ${r.benefits ?? ''}`);
console.log(names);

// Batch scoring.
{
  const scorer: lib.PartnerScorer = lib.createScorer('referral');
  const fromRecords: lib.BatchScores = scorer.scoreRecords([{ icpMatchPercent: 50 }]);
  const fromColumns = scorer.scoreColumns({ icpMatchPercent: new Float64Array([50]), firmType: ['agency'] }, 1);
  const first: number = fromRecords.scores[0] + fromColumns.bands[0];
  const labels: string[] = scorer.bandLabels;
  void first;
  void labels;
  // @ts-expect-error rowCount is a number
  scorer.scoreColumns({}, '1');
  scorer.free();
}

// Programme analytics and account mapping.
{
  const input: lib.ProgramInput = {
    asOf: '2026-06-30',
    partners: [{ id: 'p1', name: 'Alpha', type: 'referral', signedAt: '2025-01-15', certified: true }],
    deals: [
      { id: 1, partnerId: 'p1', source: 'co-sold', amount: '1200.50', status: 'won', closedAt: '2026-01-02', registrationStage: 'before-contact' },
      { id: 2, source: 'direct', amount: 900, currency: 'EUR', status: 'open' },
    ],
    fx: { EUR: '1.0825' },
    currency: 'USD',
  };
  const m: lib.ProgramMetrics = lib.programMetrics(input);
  const verdict: 'below' | 'within' | 'above' | null = m.shareVerdict;
  const days: number | null = m.timeToFirstDeal.byPartner['p1'];
  const month: string = m.monthly[0].month;
  const rate: string = m.conversions[0].rate;
  const tierName: string = m.tiers['p1'].tier;
  console.log(verdict, days, month, rate, tierName, m.averageDealSize.ratio, m.winRate.partner);
  const cards: lib.PartnerScorecard[] = lib.partnerScorecards(JSON.stringify(input));
  const earned: string = cards[0].commissionEarned;
  console.log(earned, cards[0].registeredDeals + cards[0].wonDeals);
  // @ts-expect-error the source must be one of the four
  lib.programMetrics({ ...input, deals: [{ id: 1, source: 'referral', amount: 1, status: 'won' }] });

  const ours: lib.Account[] = [{ domain: 'https://www.acme.com/', status: 'prospect' }, { name: 'Beta LLC', status: 'customer' }];
  const overlap: lib.AccountOverlap = lib.accountOverlap({ ours, theirs: [{ domain: 'acme.com', status: 'customer' }], matchBy: 'auto' });
  const pct: string | null = overlap.customerOverlapPct;
  const pairs: number = overlap.matrix.reduce((n, c) => n + c.count, 0);
  console.log(pct, pairs, overlap.coSell.map((c) => c.label ?? c.key), overlap.shared[0].by);
  const hashed: lib.HashedAccount[] = lib.hashAccounts(ours, 'a long shared secret', 'domain');
  lib.accountOverlap({ ours: hashed, theirs: hashed });
  // @ts-expect-error a status is customer, prospect or opportunity
  lib.accountOverlap({ ours: [{ domain: 'a.com', status: 'lead' }], theirs: [] });
  const code: lib.ErrorCode = 'mixed-currency';
  console.log(code);
}

// Batch money: columns in, columns out.
{
  const out = lib.dealRegistrationPayouts({ contractValue: ['40000', 1200.5], stage: 'late-stage' });
  const payouts: string[] = out.payout;
  void payouts;
}
