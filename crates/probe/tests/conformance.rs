//! docs/conformance.md is what the conformance example prints now: the
//! servers are started on 127.0.0.1 and probed again.

#[path = "support/conformance.rs"]
mod conformance;
#[path = "support/server.rs"]
mod server;

#[test]
fn docs_conformance_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/conformance.md");
    let committed = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\r\n", "\n");
    let now = conformance::conformance(None).unwrap();
    assert!(
        committed == now,
        "docs/conformance.md is stale: run `cargo xtask docs`\n\n{now}"
    );
}
