//! Prints `docs/decision-table.md`: every abstract input combination run
//! through the reference oracle, collapsed into one row per decision path.
//!
//! ```text
//! cargo run --release -p precond-testkit --example decision_table > docs/decision-table.md
//! ```

use std::process::ExitCode;

use precond_testkit::table::Table;

fn main() -> ExitCode {
    match Table::build() {
        Ok(table) => {
            print!("{}", table.to_markdown());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("decision_table: {message}");
            ExitCode::FAILURE
        }
    }
}
