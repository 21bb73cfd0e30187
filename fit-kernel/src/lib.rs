//! The numeric kernel of `fitProfile` (README.md, "Learn the profile from
//! outcomes"; the fitting itself is described in src/fit.rs): the rows as
//! columns, one penalised logistic problem over ranges of them, its passes
//! over the rows (log-loss, gradient, Hessian), the projected Newton solver
//! and `exp`/`ln` written with plain IEEE operations.
//!
//! A crate of its own so that it can be built for speed (`opt-level = 3`,
//! Cargo.toml) while the rest of the module is built for size: the passes
//! over the rows are where a fit spends its time. It is plain `f64`
//! arithmetic with no dependency. Every sum runs in one fixed order and no
//! operation is fused or reassociated (Rust never does either on its own),
//! so a native build and a wasm build give the same bits whatever the
//! optimisation level.
//!
//! The kernel works on dense column-major matrices whose indices are
//! bounded by the loops over the same matrices, and on counts far below
//! `usize::MAX` (at most 100,000 rows), so arithmetic and indexing are
//! plain here.
#![forbid(unsafe_code)]

/// Most projected Newton steps a solve takes.
pub const MAX_NEWTON_STEPS: usize = 100;
/// The projected-gradient tolerance of [`Problem::solve`].
pub const GRADIENT_TOLERANCE: f64 = 1e-10;

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
    /// Rows of a row-major `rows × k` matrix `x`, group by group (row
    /// indices), with their outcomes `y` (indexed by row).
    pub fn new(k: usize, x: &[f64], y: &[bool], groups: &[Vec<u32>]) -> Columns {
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
                    cols.x[j * n + pos] = x[r * k + j];
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

/// A block of ones, for plain sums in [`dot`]'s order.
const ONES: [f64; BLOCK] = [1.0; BLOCK];

// ---------------------------------------------------------------- lanes

pub mod lanes;
use lanes::F2;

/// A block's values by pairs of rows, as the kernel holds what it computes.
type Pairs = [F2; BLOCK / 2];

/// `out[i] = a[i]·b[i]` over one block.
#[inline(always)]
fn times(out: &mut Pairs, a: &Pairs, b: &[f64; BLOCK]) {
    for (q, o) in out.iter_mut().enumerate() {
        *o = a[q].mul(at(b, 2 * q));
    }
}

/// Two rows at `i` of a block.
#[inline(always)]
fn at(a: &[f64; BLOCK], i: usize) -> F2 {
    F2::new(a[i], a[i + 1])
}

/// The per-row step of a pass for two rows at once: from the linear
/// predictors `z`, outcomes `y` and counts `c`, each row's log-loss
/// c·(max(z, 0) + ln(1 + e^−|z|) − y·z), gradient weight c·(p − y) and
/// curvature weight c·p·(1 − p). Lane by lane the same operations as
/// [`exp`] and [`ln_1p`] (so the same bits): e^−|z| as k·ln2 + r with a
/// degree-13 polynomial, ln(1 + e) from the exponent and mantissa of
/// v = 1 + e, which lies in [1, 2], so its exponent is 0, or 1 at v = 2.
#[inline(always)]
fn rows2(z: F2, y: F2, c: F2) -> (F2, F2, F2) {
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let one = F2::splat(1.0);
    let zero = F2::splat(0.0);
    let nz = z.neg_abs();
    // Below -745 e^x is 0 (as in `exp`); clamped first, so 2^k splits into
    // two normal halves.
    let x = nz.pmax(F2::splat(-746.0));
    let k = x
        .mul(F2::splat(std::f64::consts::LOG2_E))
        .add(F2::splat(0.5))
        .floor();
    let r = x
        .sub(k.mul(F2::splat(LN2_HI)))
        .sub(k.mul(F2::splat(LN2_LO)));
    let mut p = zero;
    let mut i = INV_FACTORIAL.len();
    while i > 0 {
        i -= 1;
        p = p.mul(r).add(F2::splat(INV_FACTORIAL[i]));
    }
    // k / 2 toward zero, as integer division: k is a whole number.
    let half = k.mul(F2::splat(0.5)).trunc();
    let e = p.mul(half.pow2()).mul(k.sub(half).pow2());
    let e = nz.lt(F2::splat(-745.0)).pick(zero, e);
    let e = z.is_nan().pick(z, e);
    // ln(1 + e): v = m·2^ex with m in [√½, √2).
    let v = one.add(e);
    let two = v.ge(F2::splat(2.0));
    let m = two.pick(v.div(F2::splat(2.0)), v);
    let ex = two.pick(one, zero);
    let high = m.gt(F2::splat(std::f64::consts::SQRT_2));
    let m = high.pick(m.div(F2::splat(2.0)), m);
    let ex = high.pick(ex.add(one), ex);
    let s = m.sub(one).div(m.add(one));
    let s2 = s.mul(s);
    let mut sum = zero;
    i = INV_ODD.len();
    while i > 0 {
        i -= 1;
        sum = sum.mul(s2).add(F2::splat(INV_ODD[i]));
    }
    let mut ln = F2::splat(2.0)
        .mul(s)
        .mul(sum)
        .add(ex.mul(F2::splat(std::f64::consts::LN_2)))
        .sub(v.sub(one).sub(e).div(v));
    // 1 + e loses a tiny e's low bits: the series instead (rare: |z| > 18).
    let tiny = e.lt(F2::splat(1e-8));
    if tiny.any() {
        let ee = e.mul(e);
        let series = e
            .sub(ee.div(F2::splat(2.0)))
            .add(ee.mul(e).div(F2::splat(3.0)));
        ln = tiny.pick(series, ln);
    }
    let loss = c.mul(z.pmax(zero).add(ln).sub(y.mul(z)));
    let pr = z.ge(zero).pick(one, e).div(one.add(e));
    let gr = c.mul(pr.sub(y));
    let hr = c.mul(pr.mul(one.sub(pr)));
    (loss, gr, hr)
}

/// The row step as a pass computes it (two rows a time: wasm SIMD lanes in
/// a wasm build), row by row: `(loss, gradient weight, curvature weight)`.
/// For tests that check the lanes against [`exp`] and [`ln_1p`] (tests/wasm.rs).
#[doc(hidden)]
pub fn row_step(z: &[f64], y: &[f64], c: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut out = Vec::with_capacity(z.len() + 1);
    let get = |a: &[f64], i: usize| a.get(i).copied().unwrap_or(0.0);
    let mut i = 0;
    while i < z.len() {
        let pick = |a: &[f64]| F2::new(get(a, i), get(a, i + 1));
        let (l, g, h) = rows2(pick(z), pick(y), pick(c));
        let (l, g, h) = (l.lanes(), g.lanes(), h.lanes());
        out.push((l.0, g.0, h.0));
        out.push((l.1, g.1, h.1));
        i += 2;
    }
    out.truncate(z.len());
    out
}

/// The row step written with the scalar [`exp`] and [`ln_1p`]: what
/// [`row_step`] must give to the bit.
#[doc(hidden)]
pub fn row_step_scalar(z: f64, y: f64, c: f64) -> (f64, f64, f64) {
    let e = exp(-z.abs());
    let loss = c * (z.max(0.0) + ln_1p(e) - y * z);
    let p = if z >= 0.0 { 1.0 } else { e } / (1.0 + e);
    (loss, c * (p - y), c * (p * (1.0 - p)))
}

/// Σ u[i]·col[i] over one block for up to four columns at once (`u` read
/// once for all), each as four interleaved partial sums by i mod 4 (lanes
/// (s0, s1) and (s2, s3)) added as (s0 + s2) + (s1 + s3): the order every
/// sum of the kernel keeps.
#[inline(always)]
fn dots<const N: usize>(u: &Pairs, cols: [&[f64; BLOCK]; N]) -> [f64; N] {
    let mut lo = [F2::splat(0.0); N];
    let mut hi = [F2::splat(0.0); N];
    let mut i = 0;
    while i < BLOCK {
        let u0 = u[i / 2];
        let u1 = u[i / 2 + 1];
        let mut j = 0;
        while j < N {
            lo[j] = lo[j].add(u0.mul(at(cols[j], i)));
            hi[j] = hi[j].add(u1.mul(at(cols[j], i + 2)));
            j += 1;
        }
        i += 4;
    }
    let mut out = [0.0; N];
    let mut j = 0;
    while j < N {
        let (a, b) = lo[j].add(hi[j]).lanes();
        out[j] = a + b;
        j += 1;
    }
    out
}

/// Σ u·col into `out[j]` for each column, four columns at a time.
#[inline(always)]
fn dots_into(u: &Pairs, cols: &[&[f64; BLOCK]], out: &mut [f64]) {
    let mut rest = cols;
    let mut at_out = 0;
    while rest.len() >= 4 {
        let s = dots(u, [rest[0], rest[1], rest[2], rest[3]]);
        out[at_out..at_out + 4].copy_from_slice(&s);
        rest = &rest[4..];
        at_out += 4;
    }
    let s: &[f64] = &match rest.len() {
        3 => {
            let s = dots(u, [rest[0], rest[1], rest[2]]);
            [s[0], s[1], s[2], 0.0]
        }
        2 => {
            let s = dots(u, [rest[0], rest[1]]);
            [s[0], s[1], 0.0, 0.0]
        }
        1 => {
            let s = dots(u, [rest[0]]);
            [s[0], 0.0, 0.0, 0.0]
        }
        _ => [0.0; 4],
    }[..rest.len()];
    out[at_out..at_out + rest.len()].copy_from_slice(s);
}

/// Adds one block's upper Hessian sums to `h` (d × d, d = k + 1, `xs` the
/// block's columns after a column of ones): Σ hr in row 0, then for each
/// criterion a, with wa = hr·xₐ, Σ wa (row 0) and Σ wa·x_b for b ≥ a.
#[inline(always)]
fn add_hessian<'a>(
    h: &mut [f64],
    hr: &Pairs,
    xs: &[&'a [f64; BLOCK]],
    wa: &mut Pairs,
    targets: &mut Vec<&'a [f64; BLOCK]>,
    out: &mut [f64],
) {
    let d = xs.len();
    h[0] += dots(hr, [&ONES])[0];
    for a in 0..d - 1 {
        times(wa, hr, xs[a + 1]);
        targets.clear();
        targets.push(&ONES);
        targets.extend_from_slice(&xs[a + 1..]);
        dots_into(wa, targets, &mut out[..targets.len()]);
        h[a + 1] += out[0];
        let line = (a + 1) * d;
        for bb in a..d - 1 {
            h[line + bb + 1] += out[1 + bb - a];
        }
    }
}

/// The data sums of one pass over a problem's rows at a point: log-loss,
/// gradient, and the curvature (the summed Hessian itself, or each
/// position's curvature weight to sum it from). They do not depend on the
/// penalty, so a solve at the next penalty over the same rows starts from
/// the previous solve's last sums without a pass ([`Problem::solve_warm`]).
pub struct Sums {
    sum: f64,
    g: Vec<f64>,
    curvature: Curvature,
}

enum Curvature {
    Hessian(Vec<f64>),
    Kept(Vec<f64>),
}

/// What a pass over the rows computes.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    /// The log-loss only.
    Loss,
    /// The log-loss and the gradient; each row's curvature weight is kept
    /// for [`Problem::hessian`], which a solve only needs when it goes on.
    Gradient,
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
        let (sum, _, _) = self.pass(theta, Want::Loss, None, None);
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
        mut keep: Option<&mut [f64]>,
    ) -> (f64, Vec<f64>, Vec<f64>) {
        let cols = self.cols;
        let k = cols.k;
        let d = k + 1;
        let counts = self.counts.unwrap_or(&cols.w);
        let mut sum = 0.0;
        let mut g = vec![0.0; d];
        let mut h = vec![0.0; d * d];
        let mut loss: Pairs = [F2::splat(0.0); BLOCK / 2];
        let mut gr: Pairs = [F2::splat(0.0); BLOCK / 2];
        let mut hr: Pairs = [F2::splat(0.0); BLOCK / 2];
        let mut wa: Pairs = [F2::splat(0.0); BLOCK / 2];
        // The block's columns, after a column of ones (for plain sums).
        let mut xs: Vec<&[f64; BLOCK]> = Vec::with_capacity(d);
        let mut targets: Vec<&[f64; BLOCK]> = Vec::with_capacity(d);
        let mut out = vec![0.0; d];
        let t: Vec<F2> = theta.iter().map(|v| F2::splat(*v)).collect();
        for &(start, end) in self.parts {
            let mut b = start;
            while b + BLOCK <= end {
                let c = block_of(counts, b);
                xs.clear();
                xs.push(&ONES);
                for j in 0..k {
                    xs.push(cols.block(j, b));
                }
                if let Some((fg, fh)) = fixed {
                    let (fg, fh) = (block_of(fg, b), block_of(fh, b));
                    for q in 0..BLOCK / 2 {
                        gr[q] = at(c, 2 * q).mul(at(fg, 2 * q));
                        hr[q] = at(c, 2 * q).mul(at(fh, 2 * q));
                    }
                } else {
                    let y = block_of(&cols.y, b);
                    let mut i = 0;
                    while i < BLOCK {
                        // z = θ₀ + Σ θⱼ₊₁·xⱼ, added in criterion order.
                        let mut z = t[0];
                        for j in 0..k {
                            z = z.add(t[j + 1].mul(at(xs[j + 1], i)));
                        }
                        let (l2, g2, h2) = rows2(z, at(y, i), at(c, i));
                        loss[i / 2] = l2;
                        gr[i / 2] = g2;
                        hr[i / 2] = h2;
                        i += 2;
                    }
                    sum += dots(&loss, [&ONES])[0];
                }
                if want != Want::Loss {
                    // g₀ and gⱼ₊₁: Σ gr and Σ gr·xⱼ.
                    dots_into(&gr, &xs, &mut out);
                    for (gj, v) in g.iter_mut().zip(&out) {
                        *gj += v;
                    }
                }
                if want == Want::All {
                    add_hessian(&mut h, &hr, &xs, &mut wa, &mut targets, &mut out);
                }
                if let Some(keep) = keep.as_deref_mut() {
                    for (q, v) in hr.iter().enumerate() {
                        let (x0, x1) = v.lanes();
                        keep[b + 2 * q] = x0;
                        keep[b + 2 * q + 1] = x1;
                    }
                }
                b += BLOCK;
            }
        }
        (sum, g, h)
    }

    /// The summed upper Hessian from each position's curvature weight
    /// (kept by a [`Want::Gradient`] pass): the sums a [`Want::All`] pass
    /// makes, block by block in the same order, so the same bits.
    fn hessian_sums(&self, hr_all: &[f64]) -> Vec<f64> {
        let cols = self.cols;
        let k = cols.k;
        let d = k + 1;
        let mut h = vec![0.0; d * d];
        let mut hr: Pairs = [F2::splat(0.0); BLOCK / 2];
        let mut wa: Pairs = [F2::splat(0.0); BLOCK / 2];
        let mut xs: Vec<&[f64; BLOCK]> = Vec::with_capacity(d);
        let mut targets: Vec<&[f64; BLOCK]> = Vec::with_capacity(d);
        let mut out = vec![0.0; d];
        for &(start, end) in self.parts {
            let mut b = start;
            while b + BLOCK <= end {
                xs.clear();
                xs.push(&ONES);
                for j in 0..k {
                    xs.push(cols.block(j, b));
                }
                let kept = block_of(hr_all, b);
                for (q, v) in hr.iter_mut().enumerate() {
                    *v = at(kept, 2 * q);
                }
                add_hessian(&mut h, &hr, &xs, &mut wa, &mut targets, &mut out);
                b += BLOCK;
            }
        }
        h
    }

    /// The data sums of one pass at `theta` (before means and penalty).
    /// With `hessian` (a solve expects to go on from `theta`) the same pass
    /// sums the Hessian too, reading the columns once; otherwise it keeps
    /// each position's curvature weight, from which [`Problem::hessian`]
    /// sums it if it is needed after all. Either way the same bits.
    fn sums(&self, theta: &[f64], hessian: bool) -> Sums {
        if hessian {
            let (sum, g, h) = self.pass(theta, Want::All, None, None);
            return Sums {
                sum,
                g,
                curvature: Curvature::Hessian(h),
            };
        }
        let mut hr = vec![0.0; self.cols.n];
        let (sum, g, _) = self.pass(theta, Want::Gradient, None, Some(&mut hr));
        Sums {
            sum,
            g,
            curvature: Curvature::Kept(hr),
        }
    }

    /// Objective and gradient at `theta` from its [`Sums`], with this
    /// problem's penalty.
    fn objective(&self, theta: &[f64], s: &Sums) -> (f64, Vec<f64>) {
        self.finish_gradient(theta, s.sum, s.g.clone(), self.total())
    }

    /// The Hessian (dense, d × d) at the point of `s`, with this problem's
    /// penalty.
    fn hessian(&self, s: &Sums) -> Vec<f64> {
        let h = match &s.curvature {
            Curvature::Hessian(h) => h.clone(),
            Curvature::Kept(hr) => self.hessian_sums(hr),
        };
        self.finish_hessian(h, self.total())
    }

    /// Objective, gradient and Hessian (dense, d × d, d = k + 1).
    fn derivatives(&self, theta: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let (sum, g, h) = self.pass(theta, Want::All, None, None);
        self.finish(theta, sum, g, h)
    }

    /// Sums to means, the Hessian's lower half, and the penalty's terms.
    fn finish(
        &self,
        theta: &[f64],
        sum: f64,
        g: Vec<f64>,
        h: Vec<f64>,
    ) -> (f64, Vec<f64>, Vec<f64>) {
        let n = self.total();
        let (f, g) = self.finish_gradient(theta, sum, g, n);
        (f, g, self.finish_hessian(h, n))
    }

    fn finish_gradient(&self, theta: &[f64], sum: f64, mut g: Vec<f64>, n: f64) -> (f64, Vec<f64>) {
        for v in g.iter_mut() {
            *v /= n;
        }
        for j in 1..g.len() {
            g[j] += self.lambda * theta[j];
        }
        (sum / n + self.penalty(theta), g)
    }

    fn finish_hessian(&self, mut h: Vec<f64>, n: f64) -> Vec<f64> {
        let d = self.cols.k + 1;
        for a in 0..d {
            for b in a..d {
                h[a * d + b] /= n;
                h[b * d + a] = h[a * d + b];
            }
        }
        for j in 1..d {
            h[j * d + j] += self.lambda;
        }
        h
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
        let (sum, g, h) = self.pass(theta, Want::All, Some((&weights.0, &weights.1)), None);
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
        self.solve_warm(start, tolerance, None).0
    }

    /// [`Problem::solve_to`] from `start` with, when given, the [`Sums`]
    /// a previous solve over the same rows returned for that same point
    /// (at another penalty): the first pass is then skipped. Returns the
    /// solution and its sums. The same bits as without them.
    pub fn solve_warm(
        &self,
        start: &[f64],
        tolerance: f64,
        known: Option<Sums>,
    ) -> (Vec<f64>, Sums) {
        let mut theta: Vec<f64> = start.to_vec();
        let clipped = theta.iter().skip(1).any(|b| *b < 0.0);
        for b in theta.iter_mut().skip(1) {
            *b = b.max(0.0);
        }
        // The Hessian at a point is only needed when the solve goes on
        // from it: the last point (converged, or no progress) skips it. A
        // start is rarely already converged, so its Hessian comes with its
        // gradient, in one pass.
        let mut cur = match known {
            Some(k) if !clipped => k,
            _ => self.sums(&theta, true),
        };
        let (mut f, mut g) = self.objective(&theta, &cur);
        for _ in 0..MAX_NEWTON_STEPS {
            let pg = projected_gradient(&theta, &g);
            if pg < tolerance {
                break;
            }
            let h = self.hessian(&cur);
            let dir = self.direction(&theta, &g, &h, pg);
            let armijo = |cand: &[f64], fc: f64| {
                let decrease: f64 = (0..theta.len()).map(|j| g[j] * (cand[j] - theta[j])).sum();
                fc <= f + 1e-4 * decrease
            };
            let cand = project(&theta, &dir, 1.0);
            let sc = self.sums(&cand, speculate(pg, tolerance));
            let (fc, gc) = self.objective(&cand, &sc);
            // Near the optimum the objective's change falls below its own
            // rounding, where Armijo's test is noise: a full step that
            // leaves the objective level (to rounding) and shrinks the
            // projected gradient is taken as it is.
            let level = fc - f <= 1e-14 * f.abs().max(1.0);
            let (next, f_next) =
                if armijo(&cand, fc) || (level && projected_gradient(&cand, &gc) < pg) {
                    (Some((cand, gc, sc)), fc)
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
                            let sc = self.sums(&cand, false);
                            let (_, gc) = self.objective(&cand, &sc);
                            (Some((cand, gc, sc)), fc)
                        }
                        None => (None, f),
                    }
                };
            let Some((cand, gc, sc)) = next else { break };
            // A step that no longer lowers the objective beyond rounding
            // ends the search.
            let progress = f - f_next > 1e-15 * f.abs().max(1.0);
            theta = cand;
            f = f_next;
            g = gc;
            cur = sc;
            if !progress {
                break;
            }
        }
        (theta, cur)
    }
}

/// Whether a Newton step from a point whose projected gradient is `pg` is
/// expected to land above `tolerance`, so that the solve goes on from the
/// next point and its Hessian is worth summing in the same pass as its
/// gradient. Newton converges quadratically here: the next projected
/// gradient has been within about 20·pg² on bench/fit.mjs's folds. A wrong
/// guess costs time only, never bits.
fn speculate(pg: f64, tolerance: f64) -> bool {
    SPECULATE * pg * pg > tolerance
}

/// The factor in [`speculate`]'s estimate of the next projected gradient.
const SPECULATE: f64 = 20.0;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_step_equals_the_scalar_functions_bit_for_bit() {
        let z: Vec<f64> = (-4000..=4000)
            .map(|i| f64::from(i) / 5.0)
            .chain([0.0, -0.0, 1e-300, -1e-300, 745.5, -745.5, 18.42, -18.43])
            .collect();
        let y: Vec<f64> = (0..z.len()).map(|i| (i % 2) as f64).collect();
        let c: Vec<f64> = (0..z.len()).map(|i| (i % 3) as f64).collect();
        for (i, got) in row_step(&z, &y, &c).into_iter().enumerate() {
            let want = row_step_scalar(z[i], y[i], c[i]);
            let bits = |t: (f64, f64, f64)| (t.0.to_bits(), t.1.to_bits(), t.2.to_bits());
            assert_eq!(bits(got), bits(want), "z = {}", z[i]);
        }
    }

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
}
