// What the panel computes for one record, in one place: the profile to use,
// the explained score, the recommended partner type, the partner's return
// on our offer and, for an existing partner, the tier. Every number comes
// from the core through the wrapper (passed in as `lib`); this module only
// chooses what to call. Pure: no DOM, runs in Node for the tests.

/**
 * @typedef {object} Evaluation
 * @property {{id: string, name: string, partnerType: string, source: string}} profile
 * @property {object} score the core's ScoreResult
 * @property {Array<{partnerType: string, score: number, band: string|null}>} recommendations
 * @property {{input: object, result?: object, error?: {code: string, path: string, message: string}}|null} economics
 * @property {object|null} tier the core's tier result, or null when the record has no partner revenue
 */

function errorInfo(err, prefix = '') {
  const path = typeof err?.path === 'string' ? err.path : '';
  return {
    code: typeof err?.code === 'string' ? err.code : 'internal',
    path: prefix && path ? `${prefix}.${path}` : (prefix || path),
    message: String(err?.message ?? err),
  };
}

/**
 * Picks the profile: an explicit choice (built-in id or custom profile
 * object), else the best-fit built-in type for the record.
 * @param {object} lib the wrapper's exports
 * @param {object} record profile fields
 * @param {{profile?: object|null, builtinId?: string|null}} choice
 * @param {object[]} builtins builtinProfiles()
 */
export function chooseProfile(lib, record, choice, builtins) {
  if (choice.profile) {
    return { profile: choice.profile, source: 'custom', recommendations: lib.recommendPartnerType(record) };
  }
  const recommendations = lib.recommendPartnerType(record);
  const id = choice.builtinId ?? recommendations[0]?.partnerType;
  const profile = builtins.find((p) => p.id === id);
  return { profile: profile ?? id, source: choice.builtinId ? 'chosen' : 'best-fit', recommendations };
}

/**
 * Evaluates one record. Throws a PartnerScoringError (code, path) when the
 * record or the profile is refused; economics and tier problems are
 * reported inside the result instead, so the score still shows.
 * @param {object} lib the wrapper's exports (scorePartner, recommendPartnerType, partnerReturn, assignTier)
 * @param {{record: object, economics?: object, choice?: object, builtins: object[]}} input
 * @returns {Evaluation}
 */
export function evaluate(lib, { record, economics = {}, choice = {}, builtins }) {
  const { profile, source, recommendations } = chooseProfile(lib, record, choice, builtins);
  const score = lib.scorePartner(record, profile);
  const profileInfo = typeof profile === 'object'
    ? { id: profile.id, name: profile.name, partnerType: profile.partnerType, source }
    : { id: profile, name: profile, partnerType: profile, source };

  let econ = null;
  const { payoutPerDeal, hoursPerDeal, opportunityCostPerHour, targetMultiple, currency } = economics;
  const input = { payoutPerDeal, hoursPerDeal, opportunityCostPerHour };
  if (targetMultiple !== undefined && targetMultiple !== '') input.targetMultiple = targetMultiple;
  if (currency !== undefined && currency !== '') input.currency = currency;
  if ([payoutPerDeal, hoursPerDeal, opportunityCostPerHour].some((v) => v !== undefined && v !== null && v !== '')) {
    try {
      econ = { input, result: lib.partnerReturn(input) };
    } catch (err) {
      econ = { input, error: errorInfo(err) };
    }
  }

  let tier = null;
  const revenue = economics.annualPartnerRevenue;
  if (revenue !== undefined && revenue !== null && revenue !== '') {
    try {
      tier = { revenue, result: lib.assignTier(revenue, undefined, input.currency) };
    } catch (err) {
      tier = { revenue, error: errorInfo(err, 'annualPartnerRevenue') };
    }
  }
  return { profile: profileInfo, score, recommendations, economics: econ, tier };
}

/**
 * The reasons, largest first: per criterion the points won and the points
 * lost (possible − won, worked in tenths so 25 − 16.7 is exactly 8.3), sorted
 * by the larger of the two, then by the points possible.
 * @param {object[]} contributions
 */
export function rankReasons(contributions) {
  return contributions
    .map((c) => {
      const lostTenths = Math.max(0, Math.round(c.maxPoints * 10) - Math.round(c.points * 10));
      return { ...c, lost: lostTenths / 10 };
    })
    .sort((a, b) => Math.max(b.points, b.lost) - Math.max(a.points, a.lost) || b.maxPoints - a.maxPoints);
}

/**
 * The missing fields, each with the points it could add (the criterion's
 * maxPoints from the result), largest first.
 * @param {object} score a ScoreResult
 */
export function missingWithPoints(score) {
  const byField = new Map();
  for (const c of score.contributions) {
    if (c.status !== 'missing') continue;
    const prev = byField.get(c.field);
    byField.set(c.field, {
      field: c.field,
      label: prev ? `${prev.label}; ${c.label}` : c.label,
      maxPoints: (Math.round((prev?.maxPoints ?? 0) * 10) + Math.round(c.maxPoints * 10)) / 10,
    });
  }
  for (const f of score.missingFields) {
    if (!byField.has(f)) byField.set(f, { field: f, label: f, maxPoints: 0 });
  }
  return [...byField.values()].sort((a, b) => b.maxPoints - a.maxPoints);
}
