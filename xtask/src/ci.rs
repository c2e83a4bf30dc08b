//! `cargo xtask ci`: every check CI runs, in the order that fails fastest.

use crate::util::{cargo, exec, has_cargo_subcommand};

pub(crate) fn run(_args: &[String]) -> Result<(), String> {
    exec(cargo().args(["fmt", "--all", "--check"]))?;
    exec(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
    if has_cargo_subcommand("nextest") {
        exec(cargo().args([
            "nextest",
            "run",
            "--workspace",
            "--locked",
            "--no-fail-fast",
        ]))?;
    } else {
        exec(cargo().args([
            "test",
            "--workspace",
            "--locked",
            "--no-fail-fast",
            "--lib",
            "--bins",
            "--tests",
        ]))?;
    }
    exec(cargo().args(["test", "--workspace", "--locked", "--doc"]))?;
    // Bench smoke: every criterion benchmark once, its answer checked, in the
    // test profile (the fat-LTO bench profile would cost minutes to build).
    exec(cargo().args([
        "test",
        "--package",
        "precond-benches",
        "--benches",
        "--locked",
    ]))?;
    exec(
        cargo()
            .args(["doc", "--workspace", "--no-deps", "--locked"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    crate::spec::run(&[])?;
    crate::docs::run(&["--check".to_owned()])?;
    eprintln!("xtask ci: all checks passed");
    Ok(())
}
