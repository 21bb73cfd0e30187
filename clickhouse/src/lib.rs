//! The partner-scoring core as ClickHouse WebAssembly UDFs: `ABI
//! BUFFERED_V1`, `serialization_format = 'RowBinary'`. See README.md.
//!
//! Three layers: [`abi`] (buffers and `clickhouse_throw`), [`rowbinary`]
//! (the wire format), [`udf`] (one block of rows through the core). The
//! exports below are the functions `install.sql` creates.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod abi;
pub mod rowbinary;
pub mod sql;
pub mod udf;

/// The exported functions, each `(input_handle, rows) -> output_handle`.
/// `...OrNull` variants return `Nullable(...)`: NULL for a bad row.
pub mod exports {
    use crate::abi::{call, Buffer};
    use crate::udf::{self, OnError};

    macro_rules! export {
        ($($rust:ident $sql:literal $f:ident $mode:ident;)*) => {$(
            #[doc = concat!("`", $sql, "`: see [`udf::", stringify!($f), "`].")]
            ///
            /// # Safety
            /// `input` is null or a live handle from `clickhouse_create_buffer`.
            #[export_name = $sql]
            pub unsafe extern "C" fn $rust(input: *const Buffer, rows: u32) -> *mut Buffer {
                call(input, rows, |bytes, n| udf::$f(bytes, n, OnError::$mode))
            }
        )*};
    }

    export! {
        partner_fit "partnerFit" partner_fit Throw;
        partner_fit_or_null "partnerFitOrNull" partner_fit Null;
        partner_band "partnerBand" partner_band Throw;
        partner_band_or_null "partnerBandOrNull" partner_band Null;
        partner_explain "partnerExplain" partner_explain Throw;
        partner_explain_or_null "partnerExplainOrNull" partner_explain Null;
        partner_tier "partnerTier" partner_tier Throw;
        partner_tier_or_null "partnerTierOrNull" partner_tier Null;
        partner_tier_in "partnerTierIn" partner_tier_in Throw;
        partner_tier_in_or_null "partnerTierInOrNull" partner_tier_in Null;
        partner_deal_reg_payout "partnerDealRegPayout" partner_deal_reg_payout Throw;
        partner_deal_reg_payout_or_null "partnerDealRegPayoutOrNull" partner_deal_reg_payout Null;
        partner_referral_commission "partnerReferralCommission" partner_referral_commission Throw;
        partner_referral_commission_or_null "partnerReferralCommissionOrNull" partner_referral_commission Null;
        partner_profile_sql "partnerProfileSql" partner_profile_sql Throw;
    }
}
