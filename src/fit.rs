//! `fitProfile`: a profile's weights learned from a team's own partner
//! history (README.md, "Learn the profile from outcomes").
//!
//! The features are the base profile's criterion subscores per record, read
//! by the core's own scoring ([`score::criterion_subscores`]), so the fitted
//! profile scores exactly what was fitted. The model is a logistic
//! regression `P(outcome) = σ(b + Σ βⱼ·sⱼ)` with every `βⱼ ≥ 0` and an L2
//! penalty `λ/2·Σ βⱼ²` on the mean log-loss (the intercept is not
//! penalised), minimised by projected Newton steps with a projected Armijo
//! line search. `λ` is chosen on held-out folds (stratified, seeded), the
//! weights are `100·βⱼ/Σβ` rounded to tenths that sum to exactly 100.
//!
//! Everything is deterministic: a small seeded PRNG (splitmix64), no hash
//! maps, fixed summation order, and `exp`/`ln` written here with plain IEEE
//! operations so native and wasm builds give the same bits.
//!
//! The kernel works on a dense row-major feature matrix whose indices are
//! bounded by the loops over the same matrix, and on counts far below
//! `usize::MAX` (at most [`score::MAX_RECORDS`] rows), so the crate's
//! arithmetic and indexing lints are allowed here on those grounds.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::api::resolve_profile;
use crate::error::{index, join, Error, ErrorCode, Result};
use crate::profile::{compile, MissingPolicy, Profile};
use crate::score::{self, round_to, Status, MAX_RECORDS};
use crate::value::Value;
use serde::Serialize;

/// Fewest records of each class (outcome true, outcome false) a fit needs.
pub const MIN_PER_CLASS: usize = 20;
/// Below this many of either class the held-out AUC is mostly noise: the
/// report warns (`few-outcomes`).
pub const SOLID_PER_CLASS: usize = 100;
/// Held-out folds when `folds` is not given.
pub const DEFAULT_FOLDS: usize = 5;
/// Most folds accepted.
pub const MAX_FOLDS: usize = 20;
/// Seed when `seed` is not given.
pub const DEFAULT_SEED: u64 = 1;
/// Bootstrap refits behind each importance interval.
pub const BOOTSTRAP_ROUNDS: usize = 40;
/// The L2 strengths tried on the held-out folds, strongest first.
pub const LAMBDAS: [f64; 6] = [1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5];
/// A fitted weight below this share of 100 is negligible: the criterion is
/// dropped (unless it carries a gate, which is kept at [`MIN_WEIGHT`]).
pub const NEGLIGIBLE_WEIGHT: f64 = 1.0;
/// The smallest displayed weight (weights are rounded to tenths).
pub const MIN_WEIGHT: f64 = 0.1;

/// The relative fall in held-out log-loss below which a weaker penalty is
/// not worth it, and the search over [`LAMBDAS`] stops.
pub const PLATEAU: f64 = 1e-4;

const INPUT_KEYS: [&str; 5] = ["records", "outcomes", "profile", "seed", "folds"];
const MAX_NEWTON_STEPS: usize = 100;
const GRADIENT_TOLERANCE: f64 = 1e-10;
/// The fold fits' tolerance: they only give the held-out log-loss (compared
/// at a relative [`PLATEAU`]) and AUC (to 4 places) and the next penalty's
/// warm start, so they stop earlier than the final fit (about 15% fewer
/// passes over the rows on bench/fit.mjs, the same report).
const FOLD_TOLERANCE: f64 = 1e-7;

// ---------------------------------------------------------------- results

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitResult {
    /// The base profile with re-fitted weights, ready for `scorePartner`.
    pub profile: Value,
    pub report: FitReport,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FitReport {
    pub n: usize,
    pub positives: usize,
    pub folds: usize,
    pub seed: u64,
    /// The L2 strength the held-out folds chose.
    pub lambda: f64,
    pub auc: Auc,
    pub calibration: Vec<CalibrationRow>,
    pub importance: Vec<Importance>,
    pub lift: Lift,
    /// Criteria dropped for a negligible fitted weight.
    pub dropped: Vec<String>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Auc {
    /// Mean over the held-out folds of the fitted weights' AUC.
    pub fitted: f64,
    /// Mean over the same folds of the base profile's AUC.
    pub base: f64,
    /// Each fold's pair, for the spread.
    pub by_fold: Vec<FoldAuc>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FoldAuc {
    pub fitted: f64,
    pub base: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalibrationRow {
    pub band: String,
    pub min: f64,
    pub count: usize,
    pub positives: usize,
    /// Observed outcome rate in the band; `null` when the band is empty.
    pub rate: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Importance {
    pub criterion: String,
    pub label: String,
    /// The base weight scaled to a share of 100.
    pub base: f64,
    /// The fitted weight (0 when dropped).
    pub fitted: f64,
    /// 2.5th and 97.5th percentiles of the fitted share over bootstrap refits.
    pub low: f64,
    pub high: f64,
    pub dropped: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lift {
    /// Records in the top decile of held-out fitted scores.
    pub top_decile_count: usize,
    pub top_decile_rate: f64,
    pub overall_rate: f64,
    /// top_decile_rate / overall_rate.
    pub lift: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    /// The criterion concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    pub message: String,
}

// ---------------------------------------------------------------- maths

const INV_FACTORIAL: [f64; 14] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
];

/// 1/(2i+1), i = 0..=10: |s| ≤ 0.172, so s^23/23 is below 1e-18.
const INV_ODD: [f64; 11] = [
    1.0,
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
    1.0 / 19.0,
    1.0 / 21.0,
];

/// e^x with plain IEEE operations: x = k·ln2 + r, |r| ≤ ln2/2, e^r by a
/// degree-13 Taylor polynomial (error below 1 ulp·few), 2^k by exponent bits.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    // floor(· + 0.5) rather than round(): a native instruction in wasm.
    let k = (x * std::f64::consts::LOG2_E + 0.5).floor();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Horner on 1/k!, k = 13 down to 0 (no division in the loop).
    let mut p = 0.0;
    let mut i = INV_FACTORIAL.len();
    while i > 0 {
        i -= 1;
        p = p * r + INV_FACTORIAL[i];
    }
    // k is within [-1075, 1023]; split it so each factor is a normal power of two.
    let k = k as i64;
    let half = k / 2;
    p * pow2(half) * pow2(k - half)
}

#[inline(always)]
fn pow2(k: i64) -> f64 {
    if k < -1022 {
        return pow2(k + 1022) * f64::from_bits(1u64 << 52);
    }
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// ln(1 + x) for x ≥ 0, with plain IEEE operations: m·2^e, m in [√½, √2),
/// ln m = 2·atanh((m−1)/(m+1)) as an odd series.
#[inline(always)]
pub fn ln_1p(x: f64) -> f64 {
    let v = 1.0 + x;
    if x < 1e-8 {
        // 1 + x loses x's low bits; the series is exact to 1e-24 here.
        return x - x * x / 2.0 + x * x * x / 3.0;
    }
    let bits = v.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut sum = 0.0;
    let mut i = INV_ODD.len();
    while i > 0 {
        i -= 1;
        sum = sum * s2 + INV_ODD[i];
    }
    // 1 + x rounded away x's low bits: correct for what was lost.
    2.0 * s * sum + (e as f64) * std::f64::consts::LN_2 - ((v - 1.0) - x) / v
}

/// The per-row step of a pass for four rows at once: from the linear
/// predictors `z`, outcomes `y` and counts `c`, each row's log-loss,
/// gradient weight c·(p − y) and curvature weight c·p·(1 − p). The same
/// operations as [`exp`] and [`ln_1p`] lane by lane (so the same bits),
/// written as four independent chains: one row's polynomial alone is a
/// chain of dependent multiply-adds, which leaves the processor idle.
#[inline(always)]
fn rows4(z: &[f64; 4], y: &[f64; 4], c: &[f64; 4]) -> ([f64; 4], [f64; 4], [f64; 4]) {
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    // e = exp(-|z|): the argument is at most 0; below -745 it is 0 (as in
    // `exp`), so it is clamped first, which keeps 2^k in two normal halves.
    let mut x = [0.0; 4];
    let mut k = [0.0; 4];
    let mut r = [0.0; 4];
    let mut l = 0;
    while l < 4 {
        x[l] = (-z[l].abs()).max(-746.0);
        k[l] = (x[l] * std::f64::consts::LOG2_E + 0.5).floor();
        r[l] = (x[l] - k[l] * LN2_HI) - k[l] * LN2_LO;
        l += 1;
    }
    let mut p = [0.0; 4];
    let mut i = INV_FACTORIAL.len();
    while i > 0 {
        i -= 1;
        let f = INV_FACTORIAL[i];
        p[0] = p[0] * r[0] + f;
        p[1] = p[1] * r[1] + f;
        p[2] = p[2] * r[2] + f;
        p[3] = p[3] * r[3] + f;
    }
    let mut e = [0.0; 4];
    let mut m = [0.0; 4];
    let mut ex = [0.0; 4];
    let mut v = [0.0; 4];
    l = 0;
    while l < 4 {
        let kk = k[l] as i64;
        let half = kk / 2;
        e[l] = if -z[l].abs() < -745.0 || z[l].is_nan() {
            if z[l].is_nan() {
                z[l]
            } else {
                0.0
            }
        } else {
            p[l] * pow2(half) * pow2(kk - half)
        };
        // ln(1 + e), as `ln_1p`.
        v[l] = 1.0 + e[l];
        let bits = v[l].to_bits();
        ex[l] = (((bits >> 52) & 0x7ff) as i64 - 1023) as f64;
        m[l] = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
        if m[l] > std::f64::consts::SQRT_2 {
            m[l] /= 2.0;
            ex[l] += 1.0;
        }
        l += 1;
    }
    let mut sv = [0.0; 4];
    let mut s2 = [0.0; 4];
    l = 0;
    while l < 4 {
        sv[l] = (m[l] - 1.0) / (m[l] + 1.0);
        s2[l] = sv[l] * sv[l];
        l += 1;
    }
    let mut sum = [0.0; 4];
    i = INV_ODD.len();
    while i > 0 {
        i -= 1;
        let f = INV_ODD[i];
        sum[0] = sum[0] * s2[0] + f;
        sum[1] = sum[1] * s2[1] + f;
        sum[2] = sum[2] * s2[2] + f;
        sum[3] = sum[3] * s2[3] + f;
    }
    let mut loss = [0.0; 4];
    let mut gr = [0.0; 4];
    let mut hr = [0.0; 4];
    l = 0;
    while l < 4 {
        let el = e[l];
        let ln = if el < 1e-8 {
            el - el * el / 2.0 + el * el * el / 3.0
        } else {
            2.0 * sv[l] * sum[l] + ex[l] * std::f64::consts::LN_2 - ((v[l] - 1.0) - el) / v[l]
        };
        let zl = z[l];
        loss[l] = c[l] * (zl.max(0.0) + ln - y[l] * zl);
        let pr = if zl >= 0.0 { 1.0 } else { el } / (1.0 + el);
        gr[l] = c[l] * (pr - y[l]);
        hr[l] = c[l] * (pr * (1.0 - pr));
        l += 1;
    }
    (loss, gr, hr)
}

/// splitmix64: a small, well-mixed, seedable generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0), by rejection so there is no modulo bias.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The features: one row of subscores per record, plus what the score
/// formula needs to reproduce a profile's score from them.
pub struct Design {
    /// Criteria per row.
    pub k: usize,
    /// Row-major, `n × k` subscores (missing and invalid read as 0).
    pub x: Vec<f64>,
    /// Row-major, `n × k`: whether the criterion counts in the denominator
    /// (always under `missing: zero`; only with data under `renormalize`).
    pub counted: Vec<bool>,
    /// A gate fails: the profile scores the record 0 whatever the weights.
    pub disqualified: Vec<bool>,
}

impl Design {
    /// Reads every record against the profile's criteria.
    pub fn new(profile: &Profile, records: &[Value], path: &str) -> Result<Design> {
        let k = profile.criteria.len();
        let n = records.len();
        let mut d = Design {
            k,
            x: Vec::with_capacity(n * k),
            counted: Vec::with_capacity(n * k),
            disqualified: Vec::with_capacity(n),
        };
        let mut row = Vec::with_capacity(k);
        for (i, r) in records.iter().enumerate() {
            if !matches!(r, Value::Object(_)) {
                return Err(Error::new(
                    if matches!(r, Value::Null) {
                        ErrorCode::MissingField
                    } else {
                        ErrorCode::InvalidType
                    },
                    index(path, i),
                    format!(
                        "a record must be an object of field: value, got {}",
                        r.type_name()
                    ),
                ));
            }
            d.disqualified
                .push(score::criterion_subscores(profile, r, &mut row));
            for (status, s) in &row {
                d.x.push(*s);
                d.counted
                    .push(profile.missing == MissingPolicy::Zero || *status != Status::Missing);
            }
        }
        Ok(d)
    }

    pub fn rows(&self) -> usize {
        self.disqualified.len()
    }

    /// The profile's score for row `r` with weights `w`, unrounded:
    /// 100·Σwⱼsⱼ / Σ(counted)wⱼ, 0 when disqualified (src/score.rs).
    pub fn score(&self, r: usize, w: &[f64]) -> f64 {
        if self.disqualified[r] {
            return 0.0;
        }
        let row = &self.x[r * self.k..(r + 1) * self.k];
        let counted = &self.counted[r * self.k..(r + 1) * self.k];
        let mut num = 0.0;
        let mut den = 0.0;
        for j in 0..self.k {
            if counted[j] {
                num += w[j] * row[j];
                den += w[j];
            }
        }
        if den <= 0.0 {
            0.0
        } else {
            (100.0 * num / den).clamp(0.0, 100.0)
        }
    }
}

/// Rows the kernel reads together. Each block's columns are copied into a
/// zero-padded scratch of this many rows, so every sum runs over whole
/// blocks in one fixed order (see [`dot`]) whatever the range lengths.
const BLOCK: usize = 64;

/// The rows a fit reads, column by column: criterion `j` of position `i`
/// at `x[j * n + i]`, in groups the caller chooses (fitProfile makes each
/// held-out fold a group, so a training set is at most two ranges). Each
/// group starts on a [`BLOCK`] boundary and is padded to whole blocks with
/// rows of weight 0, so the kernel's sums read whole blocks of contiguous
/// memory and never copy.
pub struct Columns {
    /// Criteria per row.
    pub k: usize,
    /// Positions, padding included (a multiple of [`BLOCK`]).
    pub n: usize,
    /// Column-major, `k × n` subscores (0 at padding).
    pub x: Vec<f64>,
    /// The outcome per position, 1 or 0.
    pub y: Vec<f64>,
    /// 1 for a row, 0 for padding: a problem's counts when it has none.
    pub w: Vec<f64>,
    /// Each group's positions `[start, end)`, padding included.
    pub groups: Vec<(usize, usize)>,
    /// Each group's first position and row count.
    pub rows: Vec<(usize, usize)>,
}

impl Columns {
    /// The design's rows, group by group (row indices), with their
    /// outcomes `y` (indexed by row).
    pub fn new(design: &Design, y: &[bool], groups: &[Vec<u32>]) -> Columns {
        let k = design.k;
        let n: usize = groups.iter().map(|g| g.len().div_ceil(BLOCK) * BLOCK).sum();
        let mut cols = Columns {
            k,
            n,
            x: vec![0.0; k * n],
            y: vec![0.0; n],
            w: vec![0.0; n],
            groups: Vec::with_capacity(groups.len()),
            rows: Vec::with_capacity(groups.len()),
        };
        let mut at = 0;
        for group in groups {
            for (i, &r) in group.iter().enumerate() {
                let (r, pos) = (r as usize, at + i);
                for j in 0..k {
                    cols.x[j * n + pos] = design.x[r * k + j];
                }
                cols.y[pos] = if y[r] { 1.0 } else { 0.0 };
                cols.w[pos] = 1.0;
            }
            let end = at + group.len().div_ceil(BLOCK) * BLOCK;
            cols.groups.push((at, end));
            cols.rows.push((at, group.len()));
            at = end;
        }
        cols
    }

    /// Column `j`'s block at position `at` (a multiple of [`BLOCK`]).
    #[inline(always)]
    fn block(&self, j: usize, at: usize) -> &[f64; BLOCK] {
        let from = j * self.n + at;
        <&[f64; BLOCK]>::try_from(&self.x[from..from + BLOCK]).unwrap_or(&ZEROS)
    }
}

/// Whole-block view of a per-position list at `at`.
#[inline(always)]
fn block_of(list: &[f64], at: usize) -> &[f64; BLOCK] {
    <&[f64; BLOCK]>::try_from(&list[at..at + BLOCK]).unwrap_or(&ZEROS)
}

const ZEROS: [f64; BLOCK] = [0.0; BLOCK];

/// Σ a[i]·b[i] over one block, as four interleaved partial sums (by
/// i mod 4, independent chains) added as (s0 + s2) + (s1 + s3). An explicit
/// simd128 version (two f64x2 accumulators, the same order) measured slower
/// in the size-tuned build (bench/fit.mjs --wasm), so there is none.
#[inline(always)]
fn dot(a: &[f64; BLOCK], b: &[f64; BLOCK]) -> f64 {
    // Index loops over fixed-size arrays: the size-tuned build does not
    // inline iterator adapters, and the constant bound removes the checks.
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    let mut i = 0;
    while i < BLOCK {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
        i += 4;
    }
    (s0 + s2) + (s1 + s3)
}

/// `out[i] = a[i]·b[i]` over one block.
#[inline(always)]
fn times(out: &mut [f64; BLOCK], a: &[f64; BLOCK], b: &[f64; BLOCK]) {
    let mut i = 0;
    while i < BLOCK {
        out[i] = a[i] * b[i];
        i += 1;
    }
}

/// A block of ones, for plain sums in [`dot`]'s order.
const ONES: [f64; BLOCK] = [1.0; BLOCK];

/// What a pass over the rows computes.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    /// The log-loss only.
    Loss,
    /// The log-loss, the gradient and the Hessian.
    All,
}

/// One penalised logistic problem over ranges of a [`Columns`]' positions,
/// each row with a count (1 for a fold, the draw count for a bootstrap
/// sample).
pub struct Problem<'a> {
    pub cols: &'a Columns,
    /// Ranges `[start, end)` of positions the problem sums over.
    pub parts: &'a [(usize, usize)],
    /// A count per position (length `cols.n`); 1 for every row when `None`.
    pub counts: Option<&'a [f64]>,
    pub lambda: f64,
}

impl Problem<'_> {
    fn total(&self) -> f64 {
        let c = self.counts.unwrap_or(&self.cols.w);
        self.parts
            .iter()
            .map(|&(s, e)| c[s..e].iter().sum::<f64>())
            .sum()
    }

    /// The objective: mean log-loss + λ/2·Σβ².
    pub fn loss(&self, theta: &[f64]) -> f64 {
        let (sum, _, _) = self.pass(theta, Want::Loss, None);
        sum / self.total() + self.penalty(theta)
    }

    fn penalty(&self, theta: &[f64]) -> f64 {
        0.5 * self.lambda * theta[1..].iter().map(|b| b * b).sum::<f64>()
    }

    /// One pass over the rows in blocks: the summed (weighted) log-loss,
    /// and for [`Want::All`] the summed gradient and upper Hessian (dense,
    /// d × d, d = k + 1). With `fixed`, each row's gradient and curvature
    /// weights are read from it (times the row's count) instead of from
    /// `theta`, and the loss is not computed (the bootstrap's one step).
    fn pass(
        &self,
        theta: &[f64],
        want: Want,
        fixed: Option<(&[f64], &[f64])>,
    ) -> (f64, Vec<f64>, Vec<f64>) {
        let cols = self.cols;
        let k = cols.k;
        let d = k + 1;
        let counts = self.counts.unwrap_or(&cols.w);
        let mut sum = 0.0;
        let mut g = vec![0.0; d];
        let mut h = vec![0.0; d * d];
        let mut z = [0.0; BLOCK];
        let mut loss = [0.0; BLOCK];
        let mut gr = [0.0; BLOCK];
        let mut hr = [0.0; BLOCK];
        let mut wa = [0.0; BLOCK];
        for &(start, end) in self.parts {
            let mut b = start;
            while b + BLOCK <= end {
                let c = block_of(counts, b);
                if let Some((fg, fh)) = fixed {
                    times(&mut gr, c, block_of(fg, b));
                    times(&mut hr, c, block_of(fh, b));
                } else {
                    let y = block_of(&cols.y, b);
                    z.fill(theta[0]);
                    for j in 0..k {
                        let t = theta[j + 1];
                        let col = cols.block(j, b);
                        let mut i = 0;
                        while i < BLOCK {
                            z[i] += t * col[i];
                            i += 1;
                        }
                    }
                    let mut i = 0;
                    while i < BLOCK {
                        let q = |a: &[f64; BLOCK]| [a[i], a[i + 1], a[i + 2], a[i + 3]];
                        let (l4, g4, h4) = rows4(&q(&z), &q(y), &q(c));
                        loss[i..i + 4].copy_from_slice(&l4);
                        gr[i..i + 4].copy_from_slice(&g4);
                        hr[i..i + 4].copy_from_slice(&h4);
                        i += 4;
                    }
                    sum += dot(&loss, &ONES);
                }
                if want == Want::All {
                    g[0] += dot(&gr, &ONES);
                    h[0] += dot(&hr, &ONES);
                    for a in 0..k {
                        let xa = cols.block(a, b);
                        g[a + 1] += dot(&gr, xa);
                        times(&mut wa, &hr, xa);
                        h[a + 1] += dot(&wa, &ONES);
                        let line = (a + 1) * d;
                        for bb in a..k {
                            h[line + bb + 1] += dot(&wa, cols.block(bb, b));
                        }
                    }
                }
                b += BLOCK;
            }
        }
        (sum, g, h)
    }

    /// Objective, gradient and Hessian (dense, d × d, d = k + 1).
    fn derivatives(&self, theta: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let (sum, g, h) = self.pass(theta, Want::All, None);
        self.finish(theta, sum, g, h)
    }

    /// Sums to means, the Hessian's lower half, and the penalty's terms.
    fn finish(
        &self,
        theta: &[f64],
        sum: f64,
        mut g: Vec<f64>,
        mut h: Vec<f64>,
    ) -> (f64, Vec<f64>, Vec<f64>) {
        let d = self.cols.k + 1;
        let n = self.total();
        for v in g.iter_mut() {
            *v /= n;
        }
        for a in 0..d {
            for b in a..d {
                h[a * d + b] /= n;
                h[b * d + a] = h[a * d + b];
            }
        }
        for j in 1..d {
            g[j] += self.lambda * theta[j];
            h[j * d + j] += self.lambda;
        }
        (sum / n + self.penalty(theta), g, h)
    }

    /// The projected Newton direction at `theta` from its derivatives.
    fn direction(&self, theta: &[f64], g: &[f64], h: &[f64], pg: f64) -> Vec<f64> {
        let d = self.cols.k + 1;
        // Variables held at the bound: at (or within ε of) 0 with a
        // gradient pushing them below it.
        let eps = pg.min(1e-6);
        let free: Vec<usize> = (0..d)
            .filter(|&j| j == 0 || theta[j] > eps || g[j] <= 0.0)
            .collect();
        let m = free.len();
        let mut hf = vec![0.0; m * m];
        let mut rhs = vec![0.0; m];
        for (a, &ja) in free.iter().enumerate() {
            rhs[a] = -g[ja];
            for (b, &jb) in free.iter().enumerate() {
                hf[a * m + b] = h[ja * d + jb];
            }
            hf[a * m + a] += 1e-12;
        }
        let step = solve_spd(&mut hf, &mut rhs, m);
        let mut dir = vec![0.0; d];
        for (a, &ja) in free.iter().enumerate() {
            dir[ja] = step[a];
        }
        for j in 1..d {
            if theta[j] <= eps && g[j] > 0.0 {
                dir[j] = -theta[j];
            }
        }
        dir
    }

    /// One projected Newton step from `theta` with no line search: the
    /// one-step estimator the bootstrap uses (first-order equivalent to a
    /// full refit when started from the full-data fit).
    pub fn one_step(&self, theta: &[f64]) -> Vec<f64> {
        let (_, g, h) = self.derivatives(theta);
        self.step_from(theta, &g, &h)
    }

    /// [`Problem::one_step`] with each row's gradient and curvature weights
    /// at `theta` given (from [`Problem::row_weights`] over the same
    /// positions, unweighted): the bootstrap draws many count vectors
    /// around one fit, and these weights do not depend on the counts.
    pub fn one_step_from(&self, theta: &[f64], weights: &(Vec<f64>, Vec<f64>)) -> Vec<f64> {
        let (sum, g, h) = self.pass(theta, Want::All, Some((&weights.0, &weights.1)));
        let (_, g, h) = self.finish(theta, sum, g, h);
        self.step_from(theta, &g, &h)
    }

    fn step_from(&self, theta: &[f64], g: &[f64], h: &[f64]) -> Vec<f64> {
        let pg = projected_gradient(theta, g);
        let dir = self.direction(theta, g, h, pg);
        project(theta, &dir, 1.0)
    }

    /// Each position's gradient weight p − y and curvature weight p·(1 − p)
    /// at `theta` (count 1), over every position of the columns.
    pub fn row_weights(&self, theta: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let cols = self.cols;
        let (k, n) = (cols.k, cols.n);
        let mut gr = Vec::with_capacity(n);
        let mut hr = Vec::with_capacity(n);
        for i in 0..n {
            let mut z = theta[0];
            for j in 0..k {
                z += theta[j + 1] * cols.x[j * n + i];
            }
            let e = exp(-z.abs());
            let p = if z >= 0.0 { 1.0 } else { e } / (1.0 + e);
            gr.push(p - cols.y[i]);
            hr.push(p * (1.0 - p));
        }
        (gr, hr)
    }

    /// Minimises the objective with βⱼ ≥ 0 from `start` (warm start):
    /// projected Newton steps, each tried at full length first (its
    /// derivatives then serve the next step), halved until the projected
    /// Armijo condition holds.
    pub fn solve(&self, start: &[f64]) -> Vec<f64> {
        self.solve_to(start, GRADIENT_TOLERANCE)
    }

    /// [`Problem::solve`] to a projected-gradient tolerance of `tolerance`.
    pub fn solve_to(&self, start: &[f64], tolerance: f64) -> Vec<f64> {
        let mut theta: Vec<f64> = start.to_vec();
        for b in theta.iter_mut().skip(1) {
            *b = b.max(0.0);
        }
        let (mut f, mut g, mut h) = self.derivatives(&theta);
        for _ in 0..MAX_NEWTON_STEPS {
            let pg = projected_gradient(&theta, &g);
            if pg < tolerance {
                break;
            }
            let dir = self.direction(&theta, &g, &h, pg);
            let armijo = |cand: &[f64], fc: f64| {
                let decrease: f64 = (0..theta.len()).map(|j| g[j] * (cand[j] - theta[j])).sum();
                fc <= f + 1e-4 * decrease
            };
            let cand = project(&theta, &dir, 1.0);
            let (fc, gc, hc) = self.derivatives(&cand);
            // Near the optimum the objective's change falls below its own
            // rounding, where Armijo's test is noise: a full step that
            // leaves the objective level (to rounding) and shrinks the
            // projected gradient is taken as it is.
            let level = fc - f <= 1e-14 * f.abs().max(1.0);
            let (next, f_next) =
                if armijo(&cand, fc) || (level && projected_gradient(&cand, &gc) < pg) {
                    (Some((cand, gc, hc)), fc)
                } else {
                    let mut t = 0.5;
                    let mut found = None;
                    while t > 1e-12 {
                        let cand = project(&theta, &dir, t);
                        let fc = self.loss(&cand);
                        if armijo(&cand, fc) {
                            found = Some((cand, fc));
                            break;
                        }
                        t *= 0.5;
                    }
                    match found {
                        Some((cand, fc)) => {
                            let (_, gc, hc) = self.derivatives(&cand);
                            (Some((cand, gc, hc)), fc)
                        }
                        None => (None, f),
                    }
                };
            let Some((cand, gc, hc)) = next else { break };
            // A step that no longer lowers the objective beyond rounding
            // ends the search.
            let progress = f - f_next > 1e-15 * f.abs().max(1.0);
            theta = cand;
            f = f_next;
            g = gc;
            h = hc;
            if !progress {
                break;
            }
        }
        theta
    }
}

/// θ + t·dir with every β clipped at 0 (the intercept is free).
fn project(theta: &[f64], dir: &[f64], t: f64) -> Vec<f64> {
    theta
        .iter()
        .zip(dir)
        .enumerate()
        .map(|(j, (v, dv))| {
            let x = v + t * dv;
            if j == 0 {
                x
            } else {
                x.max(0.0)
            }
        })
        .collect()
}

/// The largest violation of the bound-constrained optimality conditions.
fn projected_gradient(theta: &[f64], g: &[f64]) -> f64 {
    let mut worst = g[0].abs();
    for j in 1..theta.len() {
        let v = if theta[j] > 0.0 {
            g[j].abs()
        } else {
            (-g[j]).max(0.0)
        };
        worst = worst.max(v);
    }
    worst
}

/// Solves A·x = b for a symmetric positive definite A (m × m, row-major)
/// by Cholesky; a pivot that is not positive is floored, so a singular
/// block (a criterion with no variation) still gives a finite step.
fn solve_spd(a: &mut [f64], b: &mut [f64], m: usize) -> Vec<f64> {
    for j in 0..m {
        let mut diag = a[j * m + j];
        for p in 0..j {
            diag -= a[j * m + p] * a[j * m + p];
        }
        let l = if diag > 1e-14 { diag.sqrt() } else { 1e-7 };
        a[j * m + j] = l;
        for i in j + 1..m {
            let mut v = a[i * m + j];
            for p in 0..j {
                v -= a[i * m + p] * a[j * m + p];
            }
            a[i * m + j] = v / l;
        }
    }
    // L·y = b, then Lᵀ·x = y.
    for i in 0..m {
        let mut v = b[i];
        for p in 0..i {
            v -= a[i * m + p] * b[p];
        }
        b[i] = v / a[i * m + i];
    }
    for i in (0..m).rev() {
        let mut v = b[i];
        for p in i + 1..m {
            v -= a[p * m + i] * b[p];
        }
        b[i] = v / a[i * m + i];
    }
    b.to_vec()
}

/// Area under the ROC curve of `scores` against `y` (ties count half),
/// by the rank-sum formula; 0.5 when a class is absent.
pub fn auc(scores: &[f64], y: &[bool]) -> f64 {
    let n = scores.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(a.cmp(&b)));
    let mut rank_sum = 0.0;
    let mut pos = 0usize;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let mid = (i + j + 2) as f64 / 2.0;
        for &o in &order[i..=j] {
            if y[o] {
                rank_sum += mid;
                pos += 1;
            }
        }
        i = j + 1;
    }
    let neg = n - pos;
    if pos == 0 || neg == 0 {
        return 0.5;
    }
    let p = pos as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * neg as f64)
}

/// Fitted coefficients to profile weights: shares of 100 rounded to tenths
/// that sum to exactly 100 (largest remainder, ties to the earlier
/// criterion); a negligible share is dropped (0), or kept at
/// [`MIN_WEIGHT`] when the criterion carries a gate. `None` when every
/// coefficient is 0 and nothing can be kept.
pub fn weights_from(beta: &[f64], gated: &[bool]) -> Option<Vec<f64>> {
    let total: f64 = beta.iter().sum();
    let share: Vec<f64> = beta
        .iter()
        .map(|b| if total > 0.0 { 100.0 * b / total } else { 0.0 })
        .collect();
    let keep: Vec<bool> = share
        .iter()
        .zip(gated)
        .map(|(s, g)| *s >= NEGLIGIBLE_WEIGHT || *g)
        .collect();
    let kept_total: f64 = share
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(s, _)| s)
        .sum();
    if total <= 0.0 || kept_total <= 0.0 {
        return None;
    }
    // Tenths: 1000 units to share among the kept criteria, one at least each.
    let exact: Vec<f64> = share
        .iter()
        .zip(&keep)
        .map(|(s, k)| if !*k { 0.0 } else { 1000.0 * s / kept_total })
        .collect();
    let mut units: Vec<i64> = exact
        .iter()
        .zip(&keep)
        .map(|(e, k)| if *k { (e.floor() as i64).max(1) } else { 0 })
        .collect();
    let mut left = 1000 - units.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..units.len()).filter(|&j| keep[j]).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut turn = 0;
    while left > 0 && !order.is_empty() {
        units[order[turn % order.len()]] += 1;
        left -= 1;
        turn += 1;
    }
    // The one-unit floors may overshoot: take back from the largest.
    while left < 0 {
        let mut big = 0;
        for j in 0..units.len() {
            if units[j] > units[big] {
                big = j;
            }
        }
        if units[big] <= 1 {
            break;
        }
        units[big] -= 1;
        left += 1;
    }
    Some(units.iter().map(|u| *u as f64 / 10.0).collect())
}

/// Nearest-rank-interpolated percentile (q in 0-1) of sorted values.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let f = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * f
}

// ---------------------------------------------------------------- input

fn bad(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(code, path, message)
}

fn small_integer(v: Option<&Value>, path: &str, lo: u64, hi: u64, default: u64) -> Result<u64> {
    match v {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(n)) if !n.is_finite() => Err(bad(
            ErrorCode::NotFinite,
            path,
            format!("{n} is not a finite number"),
        )),
        Some(Value::Number(n)) if n.fract() == 0.0 && *n >= lo as f64 && *n <= hi as f64 => {
            Ok(*n as u64)
        }
        Some(Value::Number(n)) => Err(bad(
            ErrorCode::OutOfRange,
            path,
            format!("{n} must be a whole number from {lo} to {hi}"),
        )),
        Some(other) => Err(bad(
            ErrorCode::InvalidType,
            path,
            format!("expected a whole number, got {}", other.type_name()),
        )),
    }
}

fn outcomes_of(v: Option<&Value>, n: usize) -> Result<Vec<bool>> {
    let items = match v {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => {
            return Err(bad(
                ErrorCode::MissingField,
                "outcomes",
                "outcomes is required: one true/false per record",
            ))
        }
        Some(other) => {
            return Err(bad(
                ErrorCode::InvalidType,
                "outcomes",
                format!("expected a list of true/false, got {}", other.type_name()),
            ))
        }
    };
    if items.len() > MAX_RECORDS {
        return Err(bad(
            ErrorCode::LimitExceeded,
            "outcomes",
            format!("{} outcomes; the limit is {MAX_RECORDS}", items.len()),
        ));
    }
    if items.len() != n {
        return Err(bad(
            ErrorCode::LengthMismatch,
            "outcomes",
            format!(
                "{} outcomes for {n} records: give one outcome per record",
                items.len()
            ),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Bool(b) => Ok(*b),
            other => Err(bad(
                if matches!(other, Value::Null) {
                    ErrorCode::MissingField
                } else {
                    ErrorCode::InvalidType
                },
                index("outcomes", i),
                format!(
                    "an outcome must be true or false, got {}",
                    other.type_name()
                ),
            )),
        })
        .collect()
}

fn records_list(v: Option<&Value>) -> Result<&[Value]> {
    match v {
        None | Some(Value::Null) => Err(bad(
            ErrorCode::MissingField,
            "records",
            "records is required: the partner records as scorePartner takes them",
        )),
        Some(v) => score::records(v).map_err(|e| Error {
            path: if e.path.is_empty() {
                "records".into()
            } else {
                join("records", &e.path)
            },
            ..e
        }),
    }
}

// ---------------------------------------------------------------- fitting

struct Folds {
    /// Fold of each row.
    of: Vec<usize>,
    count: usize,
}

/// Stratified folds: each class shuffled apart and dealt round-robin.
fn folds(y: &[bool], count: usize, rng: &mut Rng) -> Folds {
    let mut of = vec![0; y.len()];
    for class in [true, false] {
        let mut rows: Vec<usize> = (0..y.len()).filter(|&r| y[r] == class).collect();
        rng.shuffle(&mut rows);
        for (i, r) in rows.into_iter().enumerate() {
            of[r] = i % count;
        }
    }
    Folds { of, count }
}

/// The intercept-only start: the log-odds of the outcome rate over `parts`.
fn start(cols: &Columns, parts: &[(usize, usize)]) -> Vec<f64> {
    let mut pos = 0.0;
    let mut rows = 0.0;
    for &(a, b) in parts {
        pos += cols.y[a..b].iter().sum::<f64>();
        rows += cols.w[a..b].iter().sum::<f64>();
    }
    let rate = (pos / rows.max(1.0)).clamp(1e-6, 1.0 - 1e-6);
    let mut theta = vec![0.0; cols.k + 1];
    theta[0] = (rate / (1.0 - rate)).ln();
    theta
}

/// Fits weights to outcomes; see the module comment.
pub fn fit_profile(input: &Value) -> Result<FitResult> {
    if !matches!(input, Value::Object(_)) {
        return Err(bad(
            ErrorCode::InvalidType,
            "",
            format!(
                "expected {{records, outcomes, profile, seed?, folds?}}, got {}",
                input.type_name()
            ),
        ));
    }
    if let Value::Object(entries) = input {
        for (k, v) in entries {
            if !matches!(v, Value::Null) && !INPUT_KEYS.contains(&k.as_str()) {
                return Err(bad(
                    ErrorCode::UnknownField,
                    k.clone(),
                    format!(
                        "unknown field {k:?}; known fields: {}",
                        INPUT_KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    let records = records_list(input.get("records"))?;
    let y = outcomes_of(input.get("outcomes"), records.len())?;
    let profile = resolve_profile(input.get("profile").unwrap_or(&Value::Null))?;
    let seed = small_integer(input.get("seed"), "seed", 0, 1 << 53, DEFAULT_SEED)?;
    let fold_count = small_integer(
        input.get("folds"),
        "folds",
        2,
        MAX_FOLDS as u64,
        DEFAULT_FOLDS as u64,
    )? as usize;

    let n = y.len();
    let positives = y.iter().filter(|b| **b).count();
    let negatives = n - positives;
    if positives == 0 || negatives == 0 {
        return Err(bad(
            ErrorCode::OneClass,
            "outcomes",
            format!(
                "every outcome is {}: there is nothing to tell apart",
                positives > 0
            ),
        ));
    }
    if positives.min(negatives) < MIN_PER_CLASS {
        return Err(bad(
            ErrorCode::TooFewOutcomes,
            "outcomes",
            format!(
                "{positives} true and {negatives} false outcomes; a fit needs at least {MIN_PER_CLASS} of each"
            ),
        ));
    }

    let design = Design::new(&profile, records, "records")?;
    let k = design.k;
    let gated: Vec<bool> = profile.criteria.iter().map(|c| c.gate.is_some()).collect();
    let base_w: Vec<f64> = profile.criteria.iter().map(|c| c.weight).collect();
    let mut rng = Rng(seed);
    let split = folds(&y, fold_count.min(positives.min(negatives)), &mut rng);

    // Disqualified rows score 0 whatever the weights: they are kept out of
    // the regression, but every held-out figure includes them. The rows
    // fitted are laid out as columns fold by fold, so a fold's held-out
    // rows are one range of positions and its training rows at most two.
    let groups: Vec<Vec<u32>> = (0..split.count)
        .map(|f| {
            (0..n)
                .filter(|&r| split.of[r] == f && !design.disqualified[r])
                .map(|r| r as u32)
                .collect()
        })
        .collect();
    let cols = Columns::new(&design, &y, &groups);
    let bounds = cols.groups.clone();
    let m = cols.n;
    let ranges = |list: [(usize, usize); 2]| -> Vec<(usize, usize)> {
        list.into_iter().filter(|(a, b)| a < b).collect()
    };
    let train: Vec<Vec<(usize, usize)>> = bounds
        .iter()
        .map(|&(a, b)| ranges([(0, a), (b, m)]))
        .collect();
    let held: Vec<Vec<(usize, usize)>> = bounds
        .iter()
        .map(|&(a, b)| ranges([(a, b), (0, 0)]))
        .collect();

    // λ by held-out log-loss, strongest first, each fold warm-started.
    let mut thetas: Vec<Vec<f64>> = train.iter().map(|parts| start(&cols, parts)).collect();
    let mut best: Option<(f64, f64, Vec<Vec<f64>>)> = None;
    for &lambda in &LAMBDAS {
        let mut heldout = 0.0;
        for f in 0..split.count {
            let fitted = Problem {
                cols: &cols,
                parts: &train[f],
                counts: None,
                lambda,
            }
            .solve_to(&thetas[f], FOLD_TOLERANCE);
            let check = Problem {
                cols: &cols,
                parts: &held[f],
                counts: None,
                lambda: 0.0,
            };
            heldout += if held[f].is_empty() {
                0.0
            } else {
                check.loss(&fitted)
            };
            thetas[f] = fitted;
        }
        let mean = heldout / split.count as f64;
        // Weaker penalties stop helping once the held-out loss no longer
        // falls by a relative PLATEAU: the search ends there (the held-out
        // loss along the path is taken as having one minimum).
        let improved = best
            .as_ref()
            .is_none_or(|(m, _, _)| mean < *m - PLATEAU * m.abs());
        if improved {
            best = Some((mean, lambda, thetas.clone()));
        } else {
            break;
        }
    }
    let Some((_, lambda, fold_thetas)) = best else {
        return Err(bad(ErrorCode::Internal, "", "no penalty was tried"));
    };

    // Held-out evidence: each fold's weights, finalised as the profile's
    // are, score the fold's records (disqualified ones included).
    let mut warnings = Vec::new();
    let mut oof = vec![0.0; n];
    let mut by_fold = Vec::with_capacity(split.count);
    for (f, theta) in fold_thetas.iter().enumerate() {
        let w = weights_from(&theta[1..], &gated).unwrap_or_else(|| base_w.clone());
        let rows: Vec<usize> = (0..n).filter(|&r| split.of[r] == f).collect();
        let fy: Vec<bool> = rows.iter().map(|&r| y[r]).collect();
        let fitted: Vec<f64> = rows.iter().map(|&r| design.score(r, &w)).collect();
        let base: Vec<f64> = rows.iter().map(|&r| design.score(r, &base_w)).collect();
        for (i, &r) in rows.iter().enumerate() {
            oof[r] = fitted[i];
        }
        by_fold.push(FoldAuc {
            fitted: round_to(auc(&fitted, &fy), 4),
            base: round_to(auc(&base, &fy), 4),
        });
    }
    let mean_of = |pick: fn(&FoldAuc) -> f64| {
        round_to(
            by_fold.iter().map(pick).sum::<f64>() / by_fold.len() as f64,
            4,
        )
    };
    let auc_report = Auc {
        fitted: mean_of(|a| a.fitted),
        base: mean_of(|a| a.base),
        by_fold,
    };

    // The final fit on every record, at the chosen λ.
    let all_parts = ranges([(0, m), (0, 0)]);
    let full = Problem {
        cols: &cols,
        parts: &all_parts,
        counts: None,
        lambda,
    };
    let theta = full.solve(&start(&cols, &all_parts));
    let weights = weights_from(&theta[1..], &gated);
    if weights.is_none() {
        warnings.push(Warning {
            code: "no-signal",
            criterion: None,
            message: "no criterion is associated with the outcome in this history; the base weights are kept".into(),
        });
    }
    let weights = weights.unwrap_or_else(|| base_w.clone());

    // Bootstrap: resamples (as draw counts) at the chosen λ, each refitted
    // by one projected Newton step from the full fit. The rows' gradient
    // and curvature weights at the full fit are the same for every
    // resample, so they are computed once.
    let mut shares: Vec<Vec<f64>> = vec![Vec::with_capacity(BOOTSTRAP_ROUNDS); k];
    let at_fit = full.row_weights(&theta);
    let positions: Vec<usize> = cols
        .rows
        .iter()
        .flat_map(|&(at, len)| at..at + len)
        .collect();
    let fitted_rows = positions.len();
    let mut draws = vec![0.0; m];
    for _ in 0..BOOTSTRAP_ROUNDS {
        draws.iter_mut().for_each(|c| *c = 0.0);
        for _ in 0..fitted_rows {
            draws[positions[rng.below(fitted_rows)]] += 1.0;
        }
        let b = Problem {
            cols: &cols,
            parts: &all_parts,
            counts: Some(&draws),
            lambda,
        }
        .one_step_from(&theta, &at_fit);
        let total: f64 = b[1..].iter().sum();
        for j in 0..k {
            shares[j].push(if total > 0.0 {
                100.0 * b[j + 1] / total
            } else {
                0.0
            });
        }
    }

    let base_total: f64 = base_w.iter().sum();
    let mut dropped = Vec::new();
    let mut importance = Vec::with_capacity(k);
    for (j, c) in profile.criteria.iter().enumerate() {
        let mut s = std::mem::take(&mut shares[j]);
        s.sort_by(f64::total_cmp);
        let is_dropped = weights[j] <= 0.0;
        if is_dropped {
            dropped.push(c.id.clone());
            warnings.push(Warning {
                code: "dropped",
                criterion: Some(c.id.clone()),
                message: format!(
                    "{}: its fitted weight is below {NEGLIGIBLE_WEIGHT} of 100, so it is dropped",
                    c.label
                ),
            });
        } else if gated[j]
            && weights[j] <= MIN_WEIGHT
            && theta[j + 1] * 100.0 < NEGLIGIBLE_WEIGHT * theta[1..].iter().sum::<f64>()
        {
            warnings.push(Warning {
                code: "gate-kept",
                criterion: Some(c.id.clone()),
                message: format!(
                    "{}: its fitted weight is negligible, but it carries a gate, so it is kept at {MIN_WEIGHT}",
                    c.label
                ),
            });
        }
        importance.push(Importance {
            criterion: c.id.clone(),
            label: c.label.clone(),
            base: round_to(100.0 * c.weight / base_total, 1),
            fitted: weights[j],
            low: round_to(percentile(&s, 0.025), 1),
            high: round_to(percentile(&s, 0.975), 1),
            dropped: is_dropped,
        });
        let first = design.x.get(j).copied();
        let varies = (0..n).any(|r| Some(design.x[r * k + j]) != first);
        if !varies {
            warnings.push(Warning {
                code: "no-variation",
                criterion: Some(c.id.clone()),
                message: format!(
                    "{}: every record has the same subscore, so the history says nothing about it",
                    c.label
                ),
            });
        }
    }
    if positives.min(negatives) < SOLID_PER_CLASS {
        warnings.push(Warning {
            code: "few-outcomes",
            criterion: None,
            message: format!(
                "{positives} true and {negatives} false outcomes: with fewer than {SOLID_PER_CLASS} of either, the held-out AUC can move by 0.1 or more from chance alone; look at the spread across folds"
            ),
        });
    }
    let disq = design.disqualified.iter().filter(|d| **d).count();
    if disq > 0 {
        warnings.push(Warning {
            code: "disqualified",
            criterion: None,
            message: format!(
                "{disq} records fail a gate and score 0 under any weights; they are left out of the fit and counted in every held-out figure"
            ),
        });
    }
    if profile.missing == MissingPolicy::Renormalize {
        warnings.push(Warning {
            code: "renormalized",
            criterion: None,
            message: "the profile renormalises missing criteria; the fit reads a missing subscore as 0, so held-out figures are the guide".into(),
        });
    }
    if auc_report.fitted <= auc_report.base {
        warnings.push(Warning {
            code: "no-improvement",
            criterion: None,
            message: "on held-out folds the fitted weights rank no better than the base weights; keep the base profile".into(),
        });
    }

    // The fitted profile: the base profile's source with new weights and
    // the dropped criteria removed, validated by the core.
    let fitted_profile = rewrite(&profile.source, &profile, &weights)?;
    let compiled = compile(&fitted_profile).map_err(|errors| {
        bad(
            ErrorCode::Internal,
            "profile",
            format!("the fitted profile does not validate: {:?}", errors.first()),
        )
    })?;

    // Calibration and lift on the held-out scores, banded as the fitted
    // profile bands (the bands do not change).
    let calibration = compiled
        .bands
        .iter()
        .enumerate()
        .map(|(b, band)| {
            let mut count = 0;
            let mut pos = 0;
            for r in 0..n {
                let s = round_to(oof[r], 1);
                if score::band_index(&compiled, s) == Some(b) {
                    count += 1;
                    pos += usize::from(y[r]);
                }
            }
            CalibrationRow {
                band: band.label.clone(),
                min: band.min,
                count,
                positives: pos,
                rate: (count > 0).then(|| round_to(pos as f64 / count as f64, 4)),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| oof[b].total_cmp(&oof[a]).then(a.cmp(&b)));
    let top = n.div_ceil(10);
    let top_pos = order[..top].iter().filter(|&&r| y[r]).count();
    let overall = positives as f64 / n as f64;
    let top_rate = top_pos as f64 / top as f64;

    Ok(FitResult {
        profile: fitted_profile,
        report: FitReport {
            n,
            positives,
            folds: split.count,
            seed,
            lambda,
            auc: auc_report,
            calibration,
            importance,
            lift: Lift {
                top_decile_count: top,
                top_decile_rate: round_to(top_rate, 4),
                overall_rate: round_to(overall, 4),
                lift: round_to(top_rate / overall, 2),
            },
            dropped,
            warnings,
        },
    })
}

/// The profile's source with each criterion's weight replaced; a weight of
/// 0 removes the criterion.
fn rewrite(source: &Value, profile: &Profile, weights: &[f64]) -> Result<Value> {
    let Value::Object(entries) = source else {
        return Err(bad(
            ErrorCode::Internal,
            "profile",
            "a profile source is not an object",
        ));
    };
    let mut out = Vec::with_capacity(entries.len());
    for (key, v) in entries {
        if key != "criteria" {
            out.push((key.clone(), v.clone()));
            continue;
        }
        let Value::Array(items) = v else {
            return Err(bad(
                ErrorCode::Internal,
                "profile.criteria",
                "criteria is not a list",
            ));
        };
        if items.len() != profile.criteria.len() {
            return Err(bad(
                ErrorCode::Internal,
                "profile.criteria",
                "the source and the compiled profile disagree",
            ));
        }
        let mut kept = Vec::with_capacity(items.len());
        for (item, w) in items.iter().zip(weights) {
            if *w <= 0.0 {
                continue;
            }
            let Value::Object(fields) = item else {
                return Err(bad(
                    ErrorCode::Internal,
                    "profile.criteria",
                    "a criterion is not an object",
                ));
            };
            kept.push(Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| {
                        if k == "weight" {
                            (k.clone(), Value::Number(*w))
                        } else {
                            (k.clone(), v.clone())
                        }
                    })
                    .collect(),
            ));
        }
        out.push((key.clone(), Value::Array(kept)));
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_ln_match_the_platform_closely() {
        for i in -2000..=2000 {
            let x = i as f64 / 37.0;
            let e = exp(x);
            assert!(((e - x.exp()) / x.exp()).abs() < 1e-15, "exp({x})");
        }
        for i in 0..=4000 {
            let x = (i as f64 / 97.0).powi(3) / 10.0;
            let l = ln_1p(x);
            assert!(
                (l - x.ln_1p()).abs() <= 1e-15 * x.ln_1p().max(1e-300),
                "ln_1p({x}) {l} vs {}",
                x.ln_1p()
            );
        }
        assert_eq!(exp(-800.0), 0.0);
        assert!(exp(-740.0) > 0.0);
    }

    #[test]
    fn auc_counts_ties_half() {
        assert_eq!(auc(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]), 1.0);
        assert_eq!(auc(&[4.0, 3.0, 2.0, 1.0], &[false, false, true, true]), 0.0);
        assert_eq!(auc(&[1.0, 1.0], &[false, true]), 0.5);
        assert_eq!(
            auc(&[1.0, 2.0, 2.0, 3.0], &[false, true, false, true]),
            0.875
        );
    }

    #[test]
    fn weights_sum_to_100_in_tenths() {
        let w = weights_from(&[1.0, 1.0, 1.0], &[false; 3]).unwrap();
        assert_eq!(w, vec![33.4, 33.3, 33.3]);
        let w = weights_from(&[3.0, 0.001, 1.0], &[false; 3]).unwrap();
        assert_eq!(w, vec![75.0, 0.0, 25.0]);
        let w = weights_from(&[3.0, 0.0, 1.0], &[false, true, false]).unwrap();
        assert_eq!(w, vec![74.9, 0.1, 25.0]);
        assert_eq!(weights_from(&[0.0, 0.0], &[false, false]), None);
    }
}
