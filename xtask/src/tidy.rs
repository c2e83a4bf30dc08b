//! Checks of the repository itself, run as ordinary tests (`cargo test -p xtask`), so
//! that `cargo test` catches what `cargo xtask spec` and `cargo xtask docs --check`
//! would: the requirement register traced without gaps and the generated docs current.
//! (The decision table is the testkit's own test: `crates/testkit/tests/decision_table.rs`.)

use crate::util::root;
use crate::{docs, spec};

/// `cargo xtask spec`: every tag names a registered id, every implemented requirement
/// has a test, every `docs` pointer names a declared item and, where the spec excerpts
/// are present, each section has as many entries as keywords.
#[test]
fn requirements_are_traced() {
    let trace = spec::trace(&root()).unwrap();
    assert!(
        trace.problems.is_empty(),
        "run `cargo xtask spec`:\n{}",
        trace.problems.join("\n")
    );
}

/// `docs/spec/README.md` is what `cargo xtask docs` would write.
#[test]
fn spec_readme_is_fresh() {
    docs::check_fresh("docs/spec/README.md").unwrap();
}
