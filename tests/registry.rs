//! The operation registry (`api::OPERATIONS`) is the one list of public
//! operations: this test checks every other list against it. The JS
//! wrapper exports each operation under its name and calls it by that
//! name; index.d.ts declares each; the wasm boundary has no per-operation
//! export (they all go through `call`); and every core function the
//! ClickHouse UDFs call is a registered operation.
#![cfg(not(target_arch = "wasm32"))]

use partner_scoring::api::{Module, OPERATIONS};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn read(rel: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Identifiers following `prefix` in `text`.
fn names_after<'t>(text: &'t str, prefix: &str) -> Vec<&'t str> {
    text.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = text.get(at + prefix.len()..)?;
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            rest.get(..end).filter(|n| !n.is_empty())
        })
        .collect()
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn registered() -> BTreeSet<&'static str> {
    OPERATIONS.iter().map(|o| o.name).collect()
}

/// Wrapper exports that are not operations: loading, handles, memory.
const NOT_OPERATIONS: [&str; 6] = [
    "init",
    "initSync",
    "initAnalytics",
    "isInitialized",
    "createScorer",
    "memoryBytes",
];

#[test]
fn the_wrapper_exports_and_calls_every_operation_by_its_name() {
    // The wrapper's source, with the economics functions generated beside
    // it (tests/bindings.rs).
    let js = read("www/lib/wrapper.js") + &read("www/lib/economics.js");
    let exported: BTreeSet<&str> = names_after(&js, "export function ").into_iter().collect();
    let ops = registered();
    for name in &ops {
        assert!(
            exported.contains(name),
            "www/lib/wrapper.js does not export {name}"
        );
        let body = js
            .split(&format!("export function {name}("))
            .nth(1)
            .and_then(|rest| rest.split("\n}").next())
            .unwrap_or_default();
        assert!(
            body.contains(&format!("run('{name}', [")),
            "www/lib/wrapper.js: {name} does not call the operation {name}"
        );
    }
    for name in &exported {
        assert!(
            ops.contains(name) || NOT_OPERATIONS.contains(name),
            "www/lib/wrapper.js exports {name}, which is not in api::OPERATIONS"
        );
    }
    // Every run('x', …) names a registered operation.
    for name in names_after(&js, "run('") {
        assert!(
            ops.contains(name),
            "www/lib/wrapper.js runs {name}, which is not registered"
        );
    }
}

#[test]
fn index_d_ts_declares_every_operation() {
    let dts = read("www/lib/index.d.ts") + &read("www/lib/economics.d.ts");
    let declared: BTreeSet<&str> = names_after(&dts, "export declare function ")
        .into_iter()
        .collect();
    for name in registered() {
        assert!(
            declared.contains(name),
            "index.d.ts does not declare {name}"
        );
    }
    for name in &declared {
        assert!(
            registered().contains(name) || NOT_OPERATIONS.contains(name),
            "index.d.ts declares {name}, which is not in api::OPERATIONS"
        );
    }
}

#[test]
fn the_wasm_boundary_has_no_export_per_operation() {
    let wasm = read("src/wasm.rs");
    for name in names_after(&wasm, "js_name = ") {
        assert!(
            !registered().contains(name),
            "src/wasm.rs exports {name} itself; operations go through `call`"
        );
    }
}

#[test]
fn the_clickhouse_functions_call_registered_operations() {
    let udf = read("clickhouse/src/udf.rs");
    // resolve_profile is the profile reader every scoring operation shares.
    let called: BTreeSet<String> = names_after(&udf, "api::")
        .into_iter()
        .filter(|n| *n != "resolve_profile")
        .map(camel)
        .collect();
    assert!(
        !called.is_empty(),
        "the ClickHouse UDFs call no core operation"
    );
    for name in &called {
        let op = OPERATIONS.iter().find(|o| o.name == name);
        assert!(
            op.is_some(),
            "clickhouse/src/udf.rs calls api::{name}, which is not in api::OPERATIONS"
        );
        assert_eq!(op.map(|o| o.module), Some(Module::Core), "{name}");
    }
}
