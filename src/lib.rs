//! partner-scoring: explainable ideal-partner-profile fit scores and exact
//! partner economics, for CRMs, spreadsheets and web pages.
//!
//! The core is plain Rust; only [`wasm`] (built for wasm32) knows about
//! JavaScript. See `README.md` for the API and `docs/design.md` §3 for formulas.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

pub mod analytics;
pub mod api;
pub mod batch;
pub mod builtin;
pub mod case;
pub mod dates;
pub mod economics;
pub mod error;
pub mod fit;
pub mod input;
pub mod kernel;
pub mod money;
pub mod num;
pub mod overlap;
pub mod profile;
pub mod score;
pub mod sort;
pub mod tiers;
pub mod value;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod wasm;

pub use error::{Error, ErrorCode};
pub use value::Value;

/// The JS modules' allocator: talc in place of the standard library's
/// dlmalloc: the core module is about 3 KB smaller gzipped and scores and
/// computes money as fast (README.md, "Size"). The heap grows with
/// `memory.grow`, as dlmalloc's does. Other wasm hosts (the ClickHouse UDF
/// crate) keep the default.
#[cfg(all(target_arch = "wasm32", feature = "js"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
