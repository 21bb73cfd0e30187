// A deterministic generator of wrong inputs for every entry point, shared by
// the Node test (reliability.test.mjs) and the browser one
// (tests/browser/reliability.test.mjs).

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  NaN, Infinity, -Infinity, -1, -0.01, 1e300, '1e30', 'NaN', 'abc', '1,000', '', '   ', null, undefined, true,
  [], {}, [1, 2], { a: 1 }, '1234567890123456789012345678.9', '{"unclosed": ', '[1,', Symbol('s'), () => 1, 2n ** 70n,
];

const ECONOMICS = {
  partnerReturn: { payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 },
  referralCommission: { firstYearContractValue: 10000 },
  resellerMargin: { contractValue: 50000, marginRate: 0.3 },
  dealRegistrationPayout: { contractValue: 40000, stage: 'late-stage' },
  repCompensation: { dealValue: 60000, standardCommissionRate: 0.1, motion: 'co-sold', partnerFeeRate: 0.1 },
  retentionUplift: { sharedCustomers: 100, arrPerCustomer: 20000, annualChurnRate: 0.1 },
  programRoi: {
    partnersRecruited: 40, activationRate: 0.35, dealsPerActivePartnerPerYear: 3, averageDealSize: 28000,
    payoutRate: 0.2, programCostPerYear: 150000,
  },
};

// Values each field must refuse (its type or range is wrong).
function badFor(field, pick) {
  const rateFields = ['rate', 'marginRate', 'standardCommissionRate', 'partnerFeeRate', 'annualChurnRate', 'activationRate', 'payoutRate'];
  const options = [NaN, Infinity, -1, 'abc', '1,0', true, [], {}, '12345678901234567890123456789'];
  if (rateFields.includes(field)) options.push(1.5, '-0.2', 2);
  if (field === 'stage') return pick(['won', 5, '', null, 'BEFORE CONTACT!']);
  if (field === 'motion') return pick(['resold', 7, '', null]);
  return pick(options);
}

function badProfile(pick, rand) {
  const base = {
    id: 'p', name: 'P', partnerType: 'referral',
    criteria: [{ id: 'a', label: 'A', field: 'a', weight: 1, kind: 'range', curve: [[0, 0], [10, 1]] }],
    bands: [{ label: 'Good', min: 50 }, { label: 'Poor', min: 0 }],
  };
  const c = base.criteria[0];
  const breakers = [
    () => { base.criteria = []; },
    () => { c.weight = pick([0, -1, NaN, '1', null]); },
    () => { c.curve = pick([[[0, 0], [0, 1]], [[5, 0], [1, 1]], [[0, 2]], [], 'x', [[0]]]); },
    () => { base.criteria.push({ ...c }); },
    () => { c.kind = pick(['score', 3, null]); },
    () => { base.bands = pick([[], [{ label: 'x', min: 101 }], [{ label: 'x' }], 'bands']); },
    () => { base.missing = pick(['sometimes', 1]); },
    () => { c.gate = pick([{ allowed: ['a'] }, { min: 'x' }, { min: 5, max: 1 }, 7]); },
    () => { base.extra = 1; },
    () => { delete base.id; },
  ];
  breakers[Math.floor(rand() * breakers.length)]();
  return rand() < 0.2 ? JSON.stringify(base).slice(0, -3) : base;
}

/** Yields `count` pairs [exportName, args], each of which must fail. */
export function* badInputs(count, seed = 7) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const names = Object.keys(ECONOMICS);
  for (let i = 0; i < count; i += 1) {
    const kind = i % 6;
    if (kind <= 2) {
      const fn = pick(names);
      const input = { ...ECONOMICS[fn] };
      const roll = rand();
      if (roll < 0.15) {
        yield [fn, [pick(NASTY.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)))]];
        continue;
      }
      const fields = Object.keys(input);
      const field = pick(fields);
      if (roll < 0.3) delete input[field];
      else if (roll < 0.4) input[`${field}X`] = 1;
      else input[field] = badFor(field, pick);
      if (fn === 'repCompensation' && field === 'motion' && input.motion === undefined) input.motion = 'x';
      yield [fn, [input]];
    } else if (kind === 3) {
      yield [pick(['scorePartner', 'rankPartners', 'scorePartners']), [
        pick([[{}], {}, 'nope']),
        pick(['channel', badProfile(pick, rand), 42, null]),
      ]];
    } else if (kind === 4) {
      yield ['validateProfile', [badProfile(pick, rand)]];
    } else {
      yield ['assignTier', pick([
        [pick([-5, NaN, 'x', null, {}, '-0.01'])],
        [1000, pick([[], [{ name: 'A', min: 10 }], [{ name: 'A', min: 0 }, { name: 'A', min: 5 }], 'tiers', [{ name: 'A', min: -1 }]])],
        [1000, undefined, pick(['XXX', 5, 'dollars'])],
      ])];
    }
  }
}
