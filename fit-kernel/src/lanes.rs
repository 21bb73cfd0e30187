//! Two rows side by side, for the passes over rows of both kernels (the
//! scoring kernel in the core's src/kernel.rs and the fit's passes in this
//! crate): `F2` two numbers, `M2` two yes/no masks, `B2` two band
//! indexes. With wasm SIMD each is one 128-bit value and every operation
//! one instruction on both lanes; otherwise a pair of plain values. Each
//! lane gets exactly the scalar IEEE result, so both builds give the same
//! bits. Written once here; every method is `#[inline(always)]`, so it is
//! compiled into the caller as the caller's own code.
//!
//! The operations are named methods (`add`, `mul`, `lt`...), not operator
//! traits, so every lane operation in the kernels reads as one.
#![allow(clippy::should_implement_trait)]

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F2(v128);
    #[derive(Clone, Copy)]
    pub struct M2(v128);
    #[derive(Clone, Copy)]
    pub struct B2(v128);

    impl F2 {
        #[inline(always)]
        pub fn neg_abs(self) -> F2 {
            F2(f64x2_neg(f64x2_abs(self.0)))
        }
        #[inline(always)]
        pub fn floor(self) -> F2 {
            F2(f64x2_floor(self.0))
        }
        /// `self < o ? o : self`, lane by lane.
        #[inline(always)]
        pub fn pmax(self, o: F2) -> F2 {
            F2(f64x2_pmax(self.0, o.0))
        }
        /// 2^h for whole numbers h in -1022..=1023, by the exponent bits:
        /// h + 1023 + 2^52 holds h + 1023 in its low mantissa bits, which
        /// the shift moves into the exponent field.
        #[inline(always)]
        pub fn pow2(self) -> F2 {
            let biased = f64x2_add(self.0, f64x2_splat(1023.0 + 4_503_599_627_370_496.0));
            F2(i64x2_shl(biased, 52))
        }
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> F2 {
            F2(f64x2(a, b))
        }
        #[inline(always)]
        pub fn splat(x: f64) -> F2 {
            F2(f64x2_splat(x))
        }
        #[inline(always)]
        pub fn lanes(self) -> (f64, f64) {
            (
                f64x2_extract_lane::<0>(self.0),
                f64x2_extract_lane::<1>(self.0),
            )
        }
        #[inline(always)]
        pub fn add(self, o: F2) -> F2 {
            F2(f64x2_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: F2) -> F2 {
            F2(f64x2_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: F2) -> F2 {
            F2(f64x2_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: F2) -> F2 {
            F2(f64x2_div(self.0, o.0))
        }
        #[inline(always)]
        pub fn abs(self) -> F2 {
            F2(f64x2_abs(self.0))
        }
        #[inline(always)]
        pub fn trunc(self) -> F2 {
            F2(f64x2_trunc(self.0))
        }
        /// `1.0` with this number's sign: `signum` for any number not NaN.
        #[inline(always)]
        pub fn sign_one(self) -> F2 {
            let sign = f64x2_splat(-0.0);
            F2(v128_or(v128_and(self.0, sign), f64x2_splat(1.0)))
        }
        /// `f64::max`-free clamp to `lo..=hi` as `f64::clamp` does it.
        #[inline(always)]
        pub fn clamp(self, lo: F2, hi: F2) -> F2 {
            // pmax(a, b) = a < b ? b : a; pmin(a, b) = b < a ? b : a.
            F2(f64x2_pmin(f64x2_pmax(self.0, lo.0), hi.0))
        }
        #[inline(always)]
        pub fn is_nan(self) -> M2 {
            M2(f64x2_ne(self.0, self.0))
        }
        #[inline(always)]
        pub fn eq(self, o: F2) -> M2 {
            M2(f64x2_eq(self.0, o.0))
        }
        #[inline(always)]
        pub fn lt(self, o: F2) -> M2 {
            M2(f64x2_lt(self.0, o.0))
        }
        #[inline(always)]
        pub fn le(self, o: F2) -> M2 {
            M2(f64x2_le(self.0, o.0))
        }
        #[inline(always)]
        pub fn gt(self, o: F2) -> M2 {
            M2(f64x2_gt(self.0, o.0))
        }
        #[inline(always)]
        pub fn ge(self, o: F2) -> M2 {
            M2(f64x2_ge(self.0, o.0))
        }
    }

    impl M2 {
        #[inline(always)]
        pub fn any(self) -> bool {
            v128_any_true(self.0)
        }
        #[inline(always)]
        pub fn new(a: bool, b: bool) -> M2 {
            M2(i64x2(
                i64::from(a).wrapping_neg(),
                i64::from(b).wrapping_neg(),
            ))
        }
        #[inline(always)]
        pub fn splat(a: bool) -> M2 {
            M2(i64x2_splat(i64::from(a).wrapping_neg()))
        }
        #[inline(always)]
        pub fn or(self, o: M2) -> M2 {
            M2(v128_or(self.0, o.0))
        }
        #[inline(always)]
        pub fn and(self, o: M2) -> M2 {
            M2(v128_and(self.0, o.0))
        }
        /// Each row's `yes` where the mask is set, else its `no`.
        #[inline(always)]
        pub fn pick(self, yes: F2, no: F2) -> F2 {
            F2(v128_bitselect(yes.0, no.0, self.0))
        }
        #[inline(always)]
        pub fn pick_mask(self, yes: M2, no: M2) -> M2 {
            M2(v128_bitselect(yes.0, no.0, self.0))
        }
        #[inline(always)]
        pub fn pick_band(self, yes: B2, no: B2) -> B2 {
            B2(v128_bitselect(yes.0, no.0, self.0))
        }
    }

    impl B2 {
        #[inline(always)]
        pub fn splat(b: u8) -> B2 {
            B2(i64x2_splat(i64::from(b)))
        }
        #[inline(always)]
        pub fn lanes(self) -> (u8, u8) {
            (
                u8::try_from(i64x2_extract_lane::<0>(self.0)).unwrap_or(u8::MAX),
                u8::try_from(i64x2_extract_lane::<1>(self.0)).unwrap_or(u8::MAX),
            )
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F2(f64, f64);
    #[derive(Clone, Copy)]
    pub struct M2(bool, bool);
    #[derive(Clone, Copy)]
    pub struct B2(u8, u8);

    impl F2 {
        #[inline(always)]
        pub fn neg_abs(self) -> F2 {
            F2(-self.0.abs(), -self.1.abs())
        }
        #[inline(always)]
        pub fn floor(self) -> F2 {
            F2(self.0.floor(), self.1.floor())
        }
        #[inline(always)]
        pub fn pmax(self, o: F2) -> F2 {
            let m = |a: f64, b: f64| if a < b { b } else { a };
            F2(m(self.0, o.0), m(self.1, o.1))
        }
        #[inline(always)]
        pub fn pow2(self) -> F2 {
            let p = |h: f64| f64::from_bits(((h as i64 + 1023) as u64) << 52);
            F2(p(self.0), p(self.1))
        }
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> F2 {
            F2(a, b)
        }
        #[inline(always)]
        pub fn splat(x: f64) -> F2 {
            F2(x, x)
        }
        #[inline(always)]
        pub fn lanes(self) -> (f64, f64) {
            (self.0, self.1)
        }
        #[inline(always)]
        pub fn add(self, o: F2) -> F2 {
            F2(self.0 + o.0, self.1 + o.1)
        }
        #[inline(always)]
        pub fn sub(self, o: F2) -> F2 {
            F2(self.0 - o.0, self.1 - o.1)
        }
        #[inline(always)]
        pub fn mul(self, o: F2) -> F2 {
            F2(self.0 * o.0, self.1 * o.1)
        }
        #[inline(always)]
        pub fn div(self, o: F2) -> F2 {
            F2(self.0 / o.0, self.1 / o.1)
        }
        #[inline(always)]
        pub fn abs(self) -> F2 {
            F2(self.0.abs(), self.1.abs())
        }
        #[inline(always)]
        pub fn trunc(self) -> F2 {
            F2(self.0.trunc(), self.1.trunc())
        }
        /// `1.0` with this number's sign: `signum` for any number not NaN.
        #[inline(always)]
        pub fn sign_one(self) -> F2 {
            F2(1f64.copysign(self.0), 1f64.copysign(self.1))
        }
        /// Clamps to `lo..=hi` as `f64::clamp` does.
        #[inline(always)]
        pub fn clamp(self, lo: F2, hi: F2) -> F2 {
            let one = |x: f64, lo: f64, hi: f64| {
                let x = if x < lo { lo } else { x };
                if hi < x {
                    hi
                } else {
                    x
                }
            };
            F2(one(self.0, lo.0, hi.0), one(self.1, lo.1, hi.1))
        }
        #[inline(always)]
        pub fn is_nan(self) -> M2 {
            M2(self.0.is_nan(), self.1.is_nan())
        }
        #[inline(always)]
        pub fn eq(self, o: F2) -> M2 {
            M2(self.0 == o.0, self.1 == o.1)
        }
        #[inline(always)]
        pub fn lt(self, o: F2) -> M2 {
            M2(self.0 < o.0, self.1 < o.1)
        }
        #[inline(always)]
        pub fn le(self, o: F2) -> M2 {
            M2(self.0 <= o.0, self.1 <= o.1)
        }
        #[inline(always)]
        pub fn gt(self, o: F2) -> M2 {
            M2(self.0 > o.0, self.1 > o.1)
        }
        #[inline(always)]
        pub fn ge(self, o: F2) -> M2 {
            M2(self.0 >= o.0, self.1 >= o.1)
        }
    }

    impl M2 {
        #[inline(always)]
        pub fn any(self) -> bool {
            self.0 || self.1
        }
        #[inline(always)]
        pub fn new(a: bool, b: bool) -> M2 {
            M2(a, b)
        }
        #[inline(always)]
        pub fn splat(a: bool) -> M2 {
            M2(a, a)
        }
        #[inline(always)]
        pub fn or(self, o: M2) -> M2 {
            M2(self.0 | o.0, self.1 | o.1)
        }
        #[inline(always)]
        pub fn and(self, o: M2) -> M2 {
            M2(self.0 & o.0, self.1 & o.1)
        }
        /// Each row's `yes` where the mask is set, else its `no`.
        #[inline(always)]
        pub fn pick(self, yes: F2, no: F2) -> F2 {
            F2(
                if self.0 { yes.0 } else { no.0 },
                if self.1 { yes.1 } else { no.1 },
            )
        }
        #[inline(always)]
        pub fn pick_mask(self, yes: M2, no: M2) -> M2 {
            M2(
                if self.0 { yes.0 } else { no.0 },
                if self.1 { yes.1 } else { no.1 },
            )
        }
        #[inline(always)]
        pub fn pick_band(self, yes: B2, no: B2) -> B2 {
            B2(
                if self.0 { yes.0 } else { no.0 },
                if self.1 { yes.1 } else { no.1 },
            )
        }
    }

    impl B2 {
        #[inline(always)]
        pub fn splat(b: u8) -> B2 {
            B2(b, b)
        }
        #[inline(always)]
        pub fn lanes(self) -> (u8, u8) {
            (self.0, self.1)
        }
    }
}

pub use imp::{B2, F2, M2};
