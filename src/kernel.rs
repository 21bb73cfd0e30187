//! The compiled scoring kernel behind the columnar batch path
//! (`createScorer(...).scoreColumns` / `.scoreRecords`, README "Batch
//! scoring"). A profile is compiled once into flat tables:
//!
//! - a range criterion's curve becomes a segment table, its gate two bounds;
//! - a flag criterion becomes two precomputed outcomes;
//! - a category criterion read from numbers keeps the keys that are
//!   numbers, matched by bits (no text is built per row);
//! - every dictionary-coded column (text, booleans, tags) is resolved once
//!   per call: each distinct value gets its outcome (weighted subscore,
//!   weight counted, gate failed) through the explained path's own reader
//!   ([`crate::score::cell_outcome`]), then each row is one table lookup.
//!
//! Rows are scored column by column into three accumulators, in criterion
//! order, with the same floating-point operations as the explained path
//! (`Tally` in src/score.rs), so every score is equal to the last bit
//! (tests/properties.rs checks it). Nothing is allocated per row.

use crate::profile::{Criterion, Gate, Kind, MissingPolicy, Profile};
use crate::score::{cell_outcome, Cell, Status};
use crate::value::Value;

/// Band index written for a score that falls in no band.
pub const NO_BAND: u8 = u8::MAX;
/// In a coded column with a numbers column beside it, this code means
/// "the number in the same row of the numbers column" (NaN = blank).
pub const NUMBER_CODE: u32 = u32::MAX;

/// One column as the kernel reads it, borrowed from the caller.
#[derive(Clone, Copy, Debug)]
pub enum ColumnRef<'a> {
    /// Numbers; NaN marks a blank cell.
    Numbers(&'a [f64]),
    /// Bytes: 0 and 1 are the numbers 0 and 1 (false and true for a flag);
    /// any other byte is blank.
    Flags(&'a [u8]),
    /// Dictionary-coded values: each row's code indexes `values`; a code
    /// past the end is blank, except [`NUMBER_CODE`] when `numbers` is
    /// given, which reads that row of `numbers`.
    Coded {
        values: &'a [Value],
        codes: &'a [u32],
        numbers: Option<&'a [f64]>,
    },
    /// Any values, read one by one (no dictionary): the slow path.
    Values(&'a [Value]),
}

impl ColumnRef<'_> {
    /// Cells in the column.
    pub fn len(&self) -> usize {
        match self {
            ColumnRef::Numbers(v) => v.len(),
            ColumnRef::Flags(v) => v.len(),
            ColumnRef::Coded { codes, numbers, .. } => {
                numbers.map_or(codes.len(), |n| codes.len().min(n.len()))
            }
            ColumnRef::Values(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What one cell adds to a row: `ws` (weight × subscore) to the weighted
/// sum, `wd` (the weight, or 0 when the cell does not count) to the
/// denominator, and whether it fails the criterion's gate.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Outcome {
    ws: f64,
    wd: f64,
    fails: bool,
}

/// One segment of a curve: `s0 + ds * (x - x0) / dx` for `x <= x1`, with
/// `ds = s1 - s0` and `dx = x1 - x0` as src/score.rs computes them.
#[derive(Clone, Copy, Debug)]
struct Segment {
    x0: f64,
    x1: f64,
    s0: f64,
    ds: f64,
    dx: f64,
}

#[derive(Clone, Debug)]
enum Fast {
    /// A range criterion read from numbers.
    Range {
        first: (f64, f64),
        last: (f64, f64),
        segments: Vec<Segment>,
        /// Gate bounds; -inf / +inf when absent.
        lo: f64,
        hi: f64,
        /// The field's domain (docs/design.md §3.2): a number outside is
        /// invalid, as on the explained path; -inf / +inf when absent.
        dlo: f64,
        dhi: f64,
    },
    /// A flag criterion read from numbers: the outcomes for 1 and 0.
    Flag { yes: Outcome, no: Outcome },
    /// A category criterion read from numbers: keys that are the display
    /// text of a number, by bits, with their outcome; `other` for the rest.
    NumericCategory {
        keys: Vec<(u64, Outcome)>,
        other: Outcome,
    },
    /// Tags read from numbers: every number is invalid.
    Invalid,
}

#[derive(Clone, Debug)]
struct Crit {
    /// Index into [`Kernel::fields`].
    field: usize,
    criterion: Criterion,
    zero: bool,
    weight: f64,
    fast: Fast,
    missing: Outcome,
    invalid: Outcome,
}

/// A profile compiled for columns.
#[derive(Clone, Debug)]
pub struct Kernel {
    profile: Profile,
    fields: Vec<String>,
    crits: Vec<Crit>,
    band_mins: Vec<f64>,
}

impl Kernel {
    pub fn new(profile: &Profile) -> Kernel {
        let mut fields: Vec<String> = Vec::new();
        let mut crits = Vec::with_capacity(profile.criteria.len());
        let zero = profile.missing == MissingPolicy::Zero;
        for c in &profile.criteria {
            let field = match fields.iter().position(|f| *f == c.field) {
                Some(i) => i,
                None => {
                    fields.push(c.field.clone());
                    fields.len().saturating_sub(1)
                }
            };
            let outcome = |cell: Cell<'_>| {
                let (status, s, fails) = cell_outcome(c, cell);
                Outcome {
                    ws: c.weight * s,
                    wd: if zero || status != Status::Missing {
                        c.weight
                    } else {
                        0.0
                    },
                    fails,
                }
            };
            let missing = outcome(Cell::Missing);
            let invalid = outcome(Cell::Number(f64::INFINITY));
            let fast = match &c.kind {
                Kind::Range { curve } => {
                    let (lo, hi) = match &c.gate {
                        Some(Gate::Range { min, max }) => (
                            min.unwrap_or(f64::NEG_INFINITY),
                            max.unwrap_or(f64::INFINITY),
                        ),
                        _ => (f64::NEG_INFINITY, f64::INFINITY),
                    };
                    let segments = curve
                        .windows(2)
                        .filter_map(|w| match w {
                            [(x0, s0), (x1, s1)] => Some(Segment {
                                x0: *x0,
                                x1: *x1,
                                s0: *s0,
                                ds: s1 - s0,
                                dx: x1 - x0,
                            }),
                            _ => None,
                        })
                        .collect();
                    let (dlo, dhi) = match &c.domain {
                        Some(d) => (
                            d.min.unwrap_or(f64::NEG_INFINITY),
                            d.max.unwrap_or(f64::INFINITY),
                        ),
                        None => (f64::NEG_INFINITY, f64::INFINITY),
                    };
                    Fast::Range {
                        first: curve.first().copied().unwrap_or((0.0, 0.0)),
                        last: curve.last().copied().unwrap_or((0.0, 0.0)),
                        segments,
                        lo,
                        hi,
                        dlo,
                        dhi,
                    }
                }
                Kind::Flag { .. } => Fast::Flag {
                    yes: outcome(Cell::Number(1.0)),
                    no: outcome(Cell::Number(0.0)),
                },
                Kind::Category { values, .. } => {
                    // A number reads as its display text ("{n}"), which is
                    // unique per bit pattern: a key matches a number exactly
                    // when it is that number's text.
                    let mut keys: Vec<(u64, Outcome)> = Vec::new();
                    let mut numeric = |text: &str| {
                        if let Some(n) = crate::num::parse_f64(text) {
                            if n.is_finite()
                                && crate::num::shown(n) == text
                                && !keys.iter().any(|(b, _)| *b == n.to_bits())
                            {
                                keys.push((n.to_bits(), outcome(Cell::Number(n))));
                            }
                        }
                    };
                    for (k, _) in values {
                        numeric(k);
                    }
                    if let Some(Gate::Allowed(allowed)) = &c.gate {
                        for a in allowed {
                            numeric(a);
                        }
                    }
                    // Any number that is no key's text: its outcome is the
                    // default's, found by reading one such number.
                    let probe = (0u32..)
                        .map(|i| 0.5 + f64::from(i))
                        .find(|p| !keys.iter().any(|(b, _)| *b == p.to_bits()))
                        .unwrap_or(0.5);
                    Fast::NumericCategory {
                        keys,
                        other: outcome(Cell::Number(probe)),
                    }
                }
                Kind::Tags { .. } => Fast::Invalid,
            };
            crits.push(Crit {
                field,
                criterion: c.clone(),
                zero,
                weight: c.weight,
                fast,
                missing,
                invalid,
            });
        }
        Kernel {
            profile: profile.clone(),
            fields,
            crits,
            band_mins: profile.bands.iter().map(|b| b.min).collect(),
        }
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The fields the profile reads, in criterion order, each once: the
    /// slots of [`Kernel::score`]'s `columns`.
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// Scores `rows` rows. `columns[i]` is the column of `fields()[i]`
    /// (`None`: blank in every row); each must hold at least `rows` cells
    /// (the caller checks). Writes one score and one band index per row.
    ///
    /// Rows go two at a time through the same operations ([`lanes`]): with
    /// wasm SIMD (`simd128`) one instruction works on both rows, and the
    /// choices (blank, invalid, which curve segment, which band) are
    /// selections, not branches; built without SIMD the same selections run
    /// on each row in turn. Each row sees the scalar operations of the
    /// explained path in the same order, so the bits are the same.
    pub fn score(
        &self,
        columns: &[Option<ColumnRef<'_>>],
        rows: usize,
        scores: &mut Vec<f64>,
        bands: &mut Vec<u8>,
    ) {
        scores.clear();
        bands.clear();
        scores.resize(rows, 0.0);
        bands.resize(rows, NO_BAND);
        let prepared: Vec<Prepared<'_>> = self
            .crits
            .iter()
            .map(|c| c.prepare(columns.get(c.field).copied().flatten()))
            .collect();
        // Under `missing: zero` every cell counts its weight, so every row's
        // denominator is the same sum, added in the same order: it is
        // computed once instead of row by row.
        let fixed_d = self.crits.iter().all(|c| c.zero);
        let d0 = if fixed_d {
            F2::splat(self.crits.iter().fold(0.0, |a, c| a + c.weight))
        } else {
            F2::splat(0.0)
        };
        let mut acc = Acc {
            w: [F2::splat(0.0); PAIRS],
            d: [F2::splat(0.0); PAIRS],
            f: [M2::splat(false); PAIRS],
        };
        let mut start = 0usize;
        while start < rows {
            let end = start.saturating_add(BLOCK).min(rows);
            let n = end.saturating_sub(start);
            let pairs = n.div_ceil(2);
            let (Some(w), Some(d), Some(f)) = (
                acc.w.get_mut(..pairs),
                acc.d.get_mut(..pairs),
                acc.f.get_mut(..pairs),
            ) else {
                break;
            };
            w.fill(F2::splat(0.0));
            d.fill(d0);
            f.fill(M2::splat(false));
            for (c, p) in self.crits.iter().zip(&prepared) {
                let need = Need {
                    d: !fixed_d,
                    f: c.criterion.gate.is_some(),
                };
                c.add_block(need, p, (start, end), w, d, f);
            }
            let (Some(out), Some(out_bands)) =
                (scores.get_mut(start..end), bands.get_mut(start..end))
            else {
                break;
            };
            finish(w, d, f, &self.band_mins, out, out_bands);
            start = end;
        }
    }
}

/// Rows per block of [`Kernel::score`] (even: rows go in pairs).
pub const BLOCK: usize = 512;
const PAIRS: usize = BLOCK / 2;

/// A block's accumulators, a pair of rows per entry: the weighted sum, the
/// denominator and whether a gate failed.
struct Acc {
    w: [F2; PAIRS],
    d: [F2; PAIRS],
    f: [M2; PAIRS],
}

use fit_kernel::lanes::{B2, F2, M2};

/// Rounds half away from zero, as `f64::round` does, with the native
/// `trunc` instruction instead of a library call (`x - trunc(x)` is exact),
/// on two rows.
#[inline(always)]
fn round_away2(x: F2) -> F2 {
    let t = x.trunc();
    x.sub(t)
        .abs()
        .ge(F2::splat(0.5))
        .pick(t.add(x.sign_one()), t)
}

/// `crate::score::round_to(x, 1)`, operation for operation, on two rows.
#[inline(always)]
fn round1_2(x: F2) -> F2 {
    let snapped = round_away2(x.mul(F2::splat(1e9))).div(F2::splat(1e9));
    let r = round_away2(snapped.mul(F2::splat(10.0))).div(F2::splat(10.0));
    let zero = F2::splat(0.0);
    r.eq(zero).pick(zero, r)
}

/// Rounds and bands one block of rows (a pair of rows per accumulator).
#[allow(
    clippy::indexing_slicing,
    clippy::needless_range_loop,
    clippy::arithmetic_side_effects
)] // every slice is cut to its length first; indexes stay below it
fn finish(w: &[F2], d: &[F2], f: &[M2], band_mins: &[f64], out: &mut [f64], bands: &mut [u8]) {
    let n = out.len().min(bands.len());
    let pairs = n.div_ceil(2).min(w.len()).min(d.len()).min(f.len());
    let (w, d, f) = (&w[..pairs], &d[..pairs], &f[..pairs]);
    let (zero, hundred) = (F2::splat(0.0), F2::splat(100.0));
    for j in 0..pairs {
        let score = f[j].or(d[j].le(zero)).pick(
            zero,
            round1_2(hundred.mul(w[j]).div(d[j]).clamp(zero, hundred)),
        );
        let mut band = B2::splat(NO_BAND);
        for b in (0..band_mins.len()).rev() {
            let index = u8::try_from(b).unwrap_or(NO_BAND);
            band = F2::splat(band_mins[b])
                .le(score)
                .pick_band(B2::splat(index), band);
        }
        let (s0, s1) = score.lanes();
        let (b0, b1) = band.lanes();
        let i = 2 * j;
        if let (Some(o), Some(b)) = (out.get_mut(i), bands.get_mut(i)) {
            *o = s0;
            *b = b0;
        }
        if let (Some(o), Some(b)) = (out.get_mut(i + 1), bands.get_mut(i + 1)) {
            *o = s1;
            *b = b1;
        }
    }
}

/// A range criterion's tables as two-row values, for one call.
struct RangeLanes {
    weight: F2,
    first: (F2, F2),
    last: (F2, F2),
    /// x0, x1, s0, ds, dx of each segment.
    segments: Vec<[F2; 5]>,
    lo: F2,
    hi: F2,
    /// The domain's bounds, infinite ones replaced by the largest finite
    /// numbers, so `dlo <= x <= dhi` also says x is finite.
    dlo: F2,
    dhi: F2,
    /// Every cell counts in the denominator with the criterion's weight
    /// (blank and invalid ones too).
    counted: bool,
    /// No cell can fail: no gate, and blank and invalid cells pass.
    never_fails: bool,
    missing: Lanes,
    invalid: Lanes,
}

/// Which of a block's sums a criterion's pass must update: the
/// denominator only when it can differ from row to row (a profile that
/// renormalises), the gate mask only for a gated criterion.
#[derive(Clone, Copy)]
struct Need {
    d: bool,
    f: bool,
}

/// One outcome for both rows of a pair.
#[derive(Clone, Copy)]
struct Lanes {
    ws: F2,
    wd: F2,
    fails: M2,
}

impl Lanes {
    #[inline(always)]
    fn splat(o: Outcome) -> Lanes {
        Lanes {
            ws: F2::splat(o.ws),
            wd: F2::splat(o.wd),
            fails: M2::splat(o.fails),
        }
    }

    #[inline(always)]
    fn pair(a: Outcome, b: Outcome) -> Lanes {
        Lanes {
            ws: F2::new(a.ws, b.ws),
            wd: F2::new(a.wd, b.wd),
            fails: M2::new(a.fails, b.fails),
        }
    }

    /// Adds to a row pair's sums; the denominator and the gate mask only
    /// where [`Need`] says they can change.
    #[inline(always)]
    fn add_to(self, need: Need, w: &mut F2, d: &mut F2, f: &mut M2) {
        if need.d {
            *d = d.add(self.wd);
        }
        *w = w.add(self.ws);
        if need.f {
            *f = f.or(self.fails);
        }
    }
}

/// A table's outcome for an index; past the end, its last entry (the
/// blank outcome every table ends with).
#[inline(always)]
fn entry(table: &[Outcome], i: usize) -> Outcome {
    match table.get(i) {
        Some(o) => *o,
        None => table.last().copied().unwrap_or(Outcome {
            ws: 0.0,
            wd: 0.0,
            fails: false,
        }),
    }
}

/// Two numbers through a range criterion: what they add to their rows.
/// The same reading as [`Crit::number`], with each choice a selection.
#[inline(always)]
fn range2(r: &RangeLanes, x: F2) -> Lanes {
    // In the domain and finite; false for NaN (every comparison is), so a
    // lane that is not `ok` is blank when NaN and invalid otherwise.
    let ok = x.ge(r.dlo).and(x.le(r.dhi));
    // The first segment whose end is at or past x, scanning back so the
    // earliest match is picked last: each segment's value is computed and
    // the right one picked. The last segment ends at the last point, which
    // scores the last subscore, so it is taken only below its end.
    let mut on = r.last.1;
    let mut back = r.segments.iter().rev();
    if let Some([gx0, gx1, gs0, gds, gdx]) = back.next().copied() {
        on = x.lt(gx1).pick(gs0.add(gds.mul(x.sub(gx0)).div(gdx)), on);
    }
    for g in back {
        let [gx0, gx1, gs0, gds, gdx] = *g;
        on = x.le(gx1).pick(gs0.add(gds.mul(x.sub(gx0)).div(gdx)), on);
    }
    let s = x.le(r.first.0).pick(r.first.1, on);
    let (m, i) = (r.missing, r.invalid);
    let nan = x.is_nan();
    let ws = ok.pick(r.weight.mul(s), nan.pick(m.ws, i.ws));
    let wd = if r.counted {
        r.weight
    } else {
        ok.pick(r.weight, nan.pick(m.wd, i.wd))
    };
    let fails = if r.never_fails {
        M2::splat(false)
    } else {
        ok.pick_mask(x.lt(r.lo).or(x.gt(r.hi)), nan.pick_mask(m.fails, i.fails))
    };
    Lanes { ws, wd, fails }
}

/// A criterion's column made ready for one call: dictionaries resolved.
/// Each table ends with the blank outcome, so a code past the end indexes
/// it without a branch.
enum Prepared<'a> {
    Blank,
    Range(&'a [f64], Box<RangeLanes>),
    Numbers(&'a [f64]),
    Flags(&'a [u8], [Outcome; 3]),
    Coded(&'a [u32], Vec<Outcome>),
    Mixed(&'a [u32], &'a [f64], Vec<Outcome>),
    Values(&'a [Value]),
}

impl Crit {
    /// The outcome of a number (NaN = blank).
    #[inline(always)]
    fn number(&self, x: f64) -> Outcome {
        if x.is_nan() {
            return self.missing;
        }
        if !x.is_finite() {
            return self.invalid;
        }
        match &self.fast {
            Fast::Range {
                first,
                last,
                segments,
                lo,
                hi,
                dlo,
                dhi,
            } => {
                if x < *dlo || x > *dhi {
                    return self.invalid;
                }
                let s = if x <= first.0 {
                    first.1
                } else if x >= last.0 {
                    last.1
                } else {
                    let mut s = last.1;
                    for g in segments {
                        if x <= g.x1 {
                            s = g.s0 + g.ds * (x - g.x0) / g.dx;
                            break;
                        }
                    }
                    s
                };
                Outcome {
                    ws: self.weight * s,
                    wd: self.weight,
                    fails: x < *lo || x > *hi,
                }
            }
            Fast::Flag { yes, no } => {
                if x == 1.0 {
                    *yes
                } else if x == 0.0 {
                    *no
                } else {
                    self.invalid
                }
            }
            Fast::NumericCategory { keys, other } => {
                let bits = x.to_bits();
                keys.iter()
                    .find(|(b, _)| *b == bits)
                    .map_or(*other, |(_, o)| *o)
            }
            Fast::Invalid => self.invalid,
        }
    }

    /// The outcome of any value, read as the explained path reads it.
    fn value(&self, v: &Value) -> Outcome {
        let (status, s, fails) = cell_outcome(&self.criterion, Cell::Value(v));
        Outcome {
            ws: self.weight * s,
            wd: if self.zero || status != Status::Missing {
                self.weight
            } else {
                0.0
            },
            fails,
        }
    }

    /// A row of a coded column with numbers beside it.
    #[inline(always)]
    fn mixed(&self, table: &[Outcome], code: u32, x: f64) -> Outcome {
        if code == NUMBER_CODE {
            self.number(x)
        } else {
            entry(table, code as usize)
        }
    }

    /// Resolves each distinct value of a dictionary once, then the blank
    /// outcome (for codes past the end).
    fn resolved(&self, values: &[Value]) -> Vec<Outcome> {
        let mut table: Vec<Outcome> = values.iter().map(|v| self.value(v)).collect();
        table.push(self.missing);
        table
    }

    fn range_lanes(&self) -> Option<RangeLanes> {
        let Fast::Range {
            first,
            last,
            segments,
            lo,
            hi,
            dlo,
            dhi,
        } = &self.fast
        else {
            return None;
        };
        Some(RangeLanes {
            weight: F2::splat(self.weight),
            first: (F2::splat(first.0), F2::splat(first.1)),
            last: (F2::splat(last.0), F2::splat(last.1)),
            segments: segments
                .iter()
                .map(|g| {
                    [
                        F2::splat(g.x0),
                        F2::splat(g.x1),
                        F2::splat(g.s0),
                        F2::splat(g.ds),
                        F2::splat(g.dx),
                    ]
                })
                .collect(),
            lo: F2::splat(*lo),
            hi: F2::splat(*hi),
            dlo: F2::splat(dlo.max(f64::MIN)),
            dhi: F2::splat(dhi.min(f64::MAX)),
            counted: self.missing.wd == self.weight && self.invalid.wd == self.weight,
            never_fails: *lo == f64::NEG_INFINITY
                && *hi == f64::INFINITY
                && !self.missing.fails
                && !self.invalid.fails,
            missing: Lanes::splat(self.missing),
            invalid: Lanes::splat(self.invalid),
        })
    }

    fn prepare<'a>(&self, col: Option<ColumnRef<'a>>) -> Prepared<'a> {
        match col {
            None => Prepared::Blank,
            Some(ColumnRef::Numbers(xs)) => match self.range_lanes() {
                Some(r) => Prepared::Range(xs, Box::new(r)),
                None => Prepared::Numbers(xs),
            },
            Some(ColumnRef::Flags(b)) => {
                Prepared::Flags(b, [self.number(0.0), self.number(1.0), self.missing])
            }
            Some(ColumnRef::Coded {
                values,
                codes,
                numbers: None,
            }) => Prepared::Coded(codes, self.resolved(values)),
            Some(ColumnRef::Coded {
                values,
                codes,
                numbers: Some(xs),
            }) => Prepared::Mixed(codes, xs, self.resolved(values)),
            Some(ColumnRef::Values(v)) => Prepared::Values(v),
        }
    }

    /// Adds rows `start..end` of this criterion's column to a block, two
    /// rows per accumulator. A block of odd length reads a blank cell past
    /// its last row, whose result is never written out.
    // Plain index loops: with the release profile's `opt-level = "z"`
    // iterator adapters are not always inlined in wasm. Every slice is cut
    // to the block's length first, so the compiler drops the bounds checks.
    #[allow(
        clippy::indexing_slicing,
        clippy::needless_range_loop,
        clippy::arithmetic_side_effects
    )]
    fn add_block(
        &self,
        need: Need,
        p: &Prepared<'_>,
        (start, end): (usize, usize),
        w: &mut [F2],
        d: &mut [F2],
        f: &mut [M2],
    ) {
        let n = end.saturating_sub(start);
        let pairs = n.div_ceil(2).min(w.len()).min(d.len()).min(f.len());
        let (w, d, f) = (&mut w[..pairs], &mut d[..pairs], &mut f[..pairs]);
        let full = n / 2;
        let odd = n % 2 == 1 && full < pairs;
        let missing = self.missing;
        match p {
            Prepared::Blank => {
                let o = Lanes::splat(missing);
                for j in 0..pairs {
                    o.add_to(need, &mut w[j], &mut d[j], &mut f[j]);
                }
            }
            Prepared::Range(xs, r) => {
                let Some(xs) = xs.get(start..end) else { return };
                for j in 0..full.min(pairs) {
                    let x = F2::new(xs[2 * j], xs[2 * j + 1]);
                    range2(r, x).add_to(need, &mut w[j], &mut d[j], &mut f[j]);
                }
                if odd {
                    let x = F2::new(xs[n - 1], f64::NAN);
                    range2(r, x).add_to(need, &mut w[full], &mut d[full], &mut f[full]);
                }
            }
            Prepared::Numbers(xs) => {
                let Some(xs) = xs.get(start..end) else { return };
                for j in 0..full.min(pairs) {
                    let o = Lanes::pair(self.number(xs[2 * j]), self.number(xs[2 * j + 1]));
                    o.add_to(need, &mut w[j], &mut d[j], &mut f[j]);
                }
                if odd {
                    let o = Lanes::pair(self.number(xs[n - 1]), missing);
                    o.add_to(need, &mut w[full], &mut d[full], &mut f[full]);
                }
            }
            Prepared::Flags(bytes, table) => {
                let Some(bytes) = bytes.get(start..end) else {
                    return;
                };
                // 0 and 1 index the outcomes; any other byte is blank.
                for j in 0..full.min(pairs) {
                    let o = Lanes::pair(
                        entry(table, usize::from(bytes[2 * j])),
                        entry(table, usize::from(bytes[2 * j + 1])),
                    );
                    o.add_to(need, &mut w[j], &mut d[j], &mut f[j]);
                }
                if odd {
                    let o = Lanes::pair(entry(table, usize::from(bytes[n - 1])), missing);
                    o.add_to(need, &mut w[full], &mut d[full], &mut f[full]);
                }
            }
            Prepared::Coded(codes, table) => {
                let Some(codes) = codes.get(start..end) else {
                    return;
                };
                for j in 0..full.min(pairs) {
                    let o = Lanes::pair(
                        entry(table, codes[2 * j] as usize),
                        entry(table, codes[2 * j + 1] as usize),
                    );
                    o.add_to(need, &mut w[j], &mut d[j], &mut f[j]);
                }
                if odd {
                    let o = Lanes::pair(entry(table, codes[n - 1] as usize), missing);
                    o.add_to(need, &mut w[full], &mut d[full], &mut f[full]);
                }
            }
            Prepared::Mixed(codes, xs, table) => {
                let (Some(codes), Some(xs)) = (codes.get(start..end), xs.get(start..end)) else {
                    return;
                };
                let (codes, xs) = (&codes[..n], &xs[..n]);
                for j in 0..full.min(pairs) {
                    let o = Lanes::pair(
                        self.mixed(table, codes[2 * j], xs[2 * j]),
                        self.mixed(table, codes[2 * j + 1], xs[2 * j + 1]),
                    );
                    o.add_to(need, &mut w[j], &mut d[j], &mut f[j]);
                }
                if odd {
                    let o = Lanes::pair(self.mixed(table, codes[n - 1], xs[n - 1]), missing);
                    o.add_to(need, &mut w[full], &mut d[full], &mut f[full]);
                }
            }
            Prepared::Values(values) => {
                let Some(values) = values.get(start..end) else {
                    return;
                };
                for j in 0..full.min(pairs) {
                    let o = Lanes::pair(self.value(&values[2 * j]), self.value(&values[2 * j + 1]));
                    o.add_to(need, &mut w[j], &mut d[j], &mut f[j]);
                }
                if odd {
                    let o = Lanes::pair(self.value(&values[n - 1]), missing);
                    o.add_to(need, &mut w[full], &mut d[full], &mut f[full]);
                }
            }
        }
    }
}
