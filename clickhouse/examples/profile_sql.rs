//! Prints the built-in profiles compiled to SQL functions over typed
//! columns (`partnerFitReferral`, `partnerBandReferral`, ...), for
//! scripts/build-clickhouse.sh to append to install.sql. Each pair is
//! preceded by a comment line giving the argument order and types.
//!
//!   cargo run --manifest-path clickhouse/Cargo.toml --example profile_sql

use partner_scoring::builtin;
use partner_scoring_clickhouse::sql;

fn main() {
    for id in [
        "referral",
        "technology",
        "reseller",
        "strategic",
        "services",
        "alliance",
    ] {
        let compiled = builtin::by_id(id, "profile")
            .map_err(|e| e.message)
            .and_then(|p| sql::compile(p).map_err(|e| e.message));
        match compiled {
            Ok(c) => {
                let args: Vec<String> = c
                    .args
                    .iter()
                    .map(|(a, _, input)| format!("{a} {}", input.sql_type()))
                    .collect();
                println!("-- {}({}): profile '{id}'", c.fit_name, args.join(", "));
                print!("{}", c.statements());
            }
            Err(message) => {
                eprintln!("profile_sql: {id}: {message}");
                std::process::exit(1);
            }
        }
    }
}
