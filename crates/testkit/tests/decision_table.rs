//! `docs/decision-table.md` is what the oracle's enumeration produces now: the
//! generated table checked as an ordinary test (`cargo xtask docs` rewrites it).

use std::path::Path;

use precond_testkit::table::Table;

#[test]
fn decision_table_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/decision-table.md");
    let committed = std::fs::read_to_string(&path)
        .expect("docs/decision-table.md is readable")
        .replace("\r\n", "\n");
    let generated = Table::build().expect("the table covers every combination");
    assert!(
        committed == generated.to_markdown(),
        "docs/decision-table.md is stale: run `cargo xtask docs`"
    );
}
