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

/// Rounds half away from zero, as `f64::round` does, with the native
/// `trunc` instruction instead of a library call. `x - trunc(x)` is exact.
#[inline(always)]
fn round_away(x: f64) -> f64 {
    let t = x.trunc();
    if (x - t).abs() >= 0.5 {
        t + x.signum()
    } else {
        t
    }
}

/// `crate::score::round_to(x, 1)`, operation for operation.
#[inline(always)]
fn round1(x: f64) -> f64 {
    let snapped = round_away(x * 1e9) / 1e9;
    let r = round_away(snapped * 10.0) / 10.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
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
                        if let Ok(n) = text.parse::<f64>() {
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
    /// Rows go through in blocks of [`BLOCK`]: each criterion adds its
    /// column's cells to the block's accumulators (which stay in the
    /// fastest cache), in criterion order, then the block's scores are
    /// rounded and banded.
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
        let mut weighted = [0.0f64; BLOCK];
        let mut denominator = [0.0f64; BLOCK];
        let mut fails = [false; BLOCK];
        let mut start = 0usize;
        while start < rows {
            let end = start.saturating_add(BLOCK).min(rows);
            let n = end.saturating_sub(start);
            let (Some(w), Some(d), Some(f)) = (
                weighted.get_mut(..n),
                denominator.get_mut(..n),
                fails.get_mut(..n),
            ) else {
                break;
            };
            w.fill(0.0);
            d.fill(0.0);
            f.fill(false);
            for (c, p) in self.crits.iter().zip(&prepared) {
                c.add_block(p, start, end, w, d, f);
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

/// Rounds and bands one block of rows.
#[allow(clippy::indexing_slicing, clippy::needless_range_loop)] // every slice is cut to `n` first
fn finish(w: &[f64], d: &[f64], f: &[bool], band_mins: &[f64], out: &mut [f64], bands: &mut [u8]) {
    let n = w
        .len()
        .min(d.len())
        .min(f.len())
        .min(out.len())
        .min(bands.len());
    let (w, d, f, out, bands) = (&w[..n], &d[..n], &f[..n], &mut out[..n], &mut bands[..n]);
    for i in 0..n {
        let score = if f[i] || d[i] <= 0.0 {
            0.0
        } else {
            round1((100.0 * w[i] / d[i]).clamp(0.0, 100.0))
        };
        out[i] = score;
        let mut band = NO_BAND;
        for b in 0..band_mins.len() {
            if band_mins[b] <= score {
                band = u8::try_from(b).unwrap_or(NO_BAND);
                break;
            }
        }
        bands[i] = band;
    }
}

/// Rows per block of [`Kernel::score`].
pub const BLOCK: usize = 512;

/// A criterion's column made ready for one call: dictionaries resolved.
enum Prepared<'a> {
    Blank,
    Numbers(&'a [f64]),
    Flags(&'a [u8], [Outcome; 2]),
    Coded(&'a [u32], Vec<Outcome>),
    Mixed(&'a [u32], &'a [f64], Vec<Outcome>),
    Values(&'a [Value]),
}

/// Adds one outcome to every row of a block. Adding +0.0 changes no sum
/// here (the sums start at +0.0 and never become -0.0), so it is skipped.
#[inline(always)]
#[allow(clippy::indexing_slicing, clippy::needless_range_loop)] // see Crit::add_block
fn add_all(o: Outcome, w: &mut [f64], d: &mut [f64], f: &mut [bool]) {
    if o.ws.to_bits() != 0 {
        for i in 0..w.len() {
            w[i] += o.ws;
        }
    }
    if o.wd.to_bits() != 0 {
        for i in 0..d.len() {
            d[i] += o.wd;
        }
    }
    if o.fails {
        f.fill(true);
    }
}

#[inline(always)]
fn apply(o: Outcome, w: &mut f64, d: &mut f64, f: &mut bool) {
    *d += o.wd;
    *w += o.ws;
    *f |= o.fails;
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

    /// Resolves each distinct value of a dictionary once (a code past
    /// the end is blank).
    fn resolved(&self, values: &[Value]) -> Vec<Outcome> {
        values.iter().map(|v| self.value(v)).collect()
    }

    fn prepare<'a>(&self, col: Option<ColumnRef<'a>>) -> Prepared<'a> {
        match col {
            None => Prepared::Blank,
            Some(ColumnRef::Numbers(xs)) => Prepared::Numbers(xs),
            Some(ColumnRef::Flags(b)) => Prepared::Flags(b, [self.number(0.0), self.number(1.0)]),
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

    /// Adds rows `start..end` of this criterion's column to a block.
    // Plain index loops: with the release profile's `opt-level = "z"`
    // iterator adapters are not always inlined in wasm. Every slice is cut
    // to the block's length first, so the compiler drops the bounds checks.
    #[allow(clippy::indexing_slicing, clippy::needless_range_loop)]
    fn add_block(
        &self,
        p: &Prepared<'_>,
        start: usize,
        end: usize,
        w: &mut [f64],
        d: &mut [f64],
        f: &mut [bool],
    ) {
        let n = w.len().min(d.len()).min(f.len());
        let (w, d, f) = (&mut w[..n], &mut d[..n], &mut f[..n]);
        let missing = self.missing;
        match p {
            Prepared::Blank => add_all(missing, w, d, f),
            Prepared::Numbers(xs) => {
                let Some(xs) = xs.get(start..end) else { return };
                let xs = &xs[..n];
                if let Fast::Range {
                    first,
                    last,
                    segments,
                    lo,
                    hi,
                    dlo,
                    dhi,
                } = &self.fast
                {
                    let (weight, invalid, lo, hi) = (self.weight, self.invalid, *lo, *hi);
                    let (dlo, dhi) = (*dlo, *dhi);
                    let (first, last) = (*first, *last);
                    for i in 0..n {
                        let x = xs[i];
                        if x.is_nan() {
                            apply(missing, &mut w[i], &mut d[i], &mut f[i]);
                        } else if x.is_infinite() || x < dlo || x > dhi {
                            apply(invalid, &mut w[i], &mut d[i], &mut f[i]);
                        } else {
                            let s = if x <= first.0 {
                                first.1
                            } else if x >= last.0 {
                                last.1
                            } else {
                                let mut s = last.1;
                                for k in 0..segments.len() {
                                    let g = &segments[k];
                                    if x <= g.x1 {
                                        s = g.s0 + g.ds * (x - g.x0) / g.dx;
                                        break;
                                    }
                                }
                                s
                            };
                            d[i] += weight;
                            w[i] += weight * s;
                            f[i] |= x < lo || x > hi;
                        }
                    }
                } else {
                    for i in 0..n {
                        apply(self.number(xs[i]), &mut w[i], &mut d[i], &mut f[i]);
                    }
                }
            }
            Prepared::Flags(bytes, outcomes) => {
                let Some(bytes) = bytes.get(start..end) else {
                    return;
                };
                let bytes = &bytes[..n];
                // 0 and 1 index the outcomes; any other byte is blank.
                let table = [outcomes[0], outcomes[1], missing];
                for i in 0..n {
                    let o = table[usize::from(bytes[i]).min(2)];
                    apply(o, &mut w[i], &mut d[i], &mut f[i]);
                }
            }
            Prepared::Coded(codes, table) => {
                let Some(codes) = codes.get(start..end) else {
                    return;
                };
                let codes = &codes[..n];
                let len = table.len();
                for i in 0..n {
                    let c = codes[i] as usize;
                    let o = if c < len { table[c] } else { missing };
                    apply(o, &mut w[i], &mut d[i], &mut f[i]);
                }
            }
            Prepared::Mixed(codes, xs, table) => {
                let (Some(codes), Some(xs)) = (codes.get(start..end), xs.get(start..end)) else {
                    return;
                };
                let (codes, xs) = (&codes[..n], &xs[..n]);
                let len = table.len();
                for i in 0..n {
                    let code = codes[i];
                    let c = code as usize;
                    let o = if code == NUMBER_CODE {
                        self.number(xs[i])
                    } else if c < len {
                        table[c]
                    } else {
                        missing
                    };
                    apply(o, &mut w[i], &mut d[i], &mut f[i]);
                }
            }
            Prepared::Values(values) => {
                let Some(values) = values.get(start..end) else {
                    return;
                };
                let values = &values[..n];
                for i in 0..n {
                    apply(self.value(&values[i]), &mut w[i], &mut d[i], &mut f[i]);
                }
            }
        }
    }
}
