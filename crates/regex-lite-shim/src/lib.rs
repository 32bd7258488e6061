//! `regex` API subset backed by `regex-lite` (what swc_ecma_codegen uses: `Regex::new`,
//! `captures_iter`, `Captures::get`, `Match::as_str`). See Cargo.toml for why.
pub use regex_lite::*;
