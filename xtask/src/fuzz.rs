//! `cargo xtask fuzz [TARGET|all] [--time SECS] [--cmin] [-- <libFuzzer args>]`:
//! runs the cargo-fuzz targets of `fuzz/`, one at a time, each with its
//! dictionary (`fuzz/dict/<target>.dict`) and its committed corpus
//! (`fuzz/corpus/<target>/`, read and grown in place), and prints the
//! executions, exec/s, coverage and corpus size of each.
//!
//! - cargo-fuzz is installed when missing (`cargo install cargo-fuzz --locked`).
//! - The nightly toolchain is used where rustup has one; otherwise stable
//!   with `RUSTC_BOOTSTRAP=1` (cargo-fuzz passes nightly-only flags).
//! - The targets are built without a sanitizer: every crate under test is
//!   `#![forbid(unsafe_code)]`, so AddressSanitizer would only slow the
//!   fuzzer down. Debug assertions and overflow checks stay on (cargo-fuzz's
//!   default), and `-timeout` makes a slow (non-linear) input a finding.
//! - `--cmin` minimises the corpora instead (`cargo fuzz cmin`), keeping the
//!   fewest inputs that reach every covered edge, and prints their sizes
//!   before and after.
//!
//! A finding stops the run with the path of the input libFuzzer saved
//! (`fuzz/artifacts/<target>/`); once fixed, it belongs in
//! `fuzz/regressions/<target>/`, which `cargo test` replays.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::util::{cargo, display, exec, has_cargo_subcommand, root, succeeds};

const USAGE: &str =
    "usage: cargo xtask fuzz [TARGET|all] [--time SECS] [--cmin] [-- <libFuzzer args>]";

/// Seconds per target when `--time` is not given.
const DEFAULT_SECS: u64 = 60;

/// The longest one input may take, in seconds, before it counts as a hang.
const INPUT_TIMEOUT_SECS: u64 = 10;

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let fuzz_dir = root().join("fuzz");
    let all = targets(&fuzz_dir)?;
    let selected: Vec<String> = match options.target.as_deref() {
        None | Some("all") => all,
        Some(name) if all.iter().any(|t| t == name) => vec![name.to_owned()],
        Some(name) => {
            return Err(format!(
                "no fuzz target `{name}`; the targets are {}",
                all.join(", ")
            ));
        }
    };
    ensure_cargo_fuzz()?;
    let toolchain = Toolchain::detect();
    eprintln!("xtask fuzz: {}", toolchain.describe());
    if options.cmin {
        return minimise(&fuzz_dir, &selected, &options.libfuzzer, toolchain);
    }
    let mut rows = Vec::new();
    for target in &selected {
        let row = fuzz(&fuzz_dir, target, &options, toolchain);
        match row {
            Ok(row) => rows.push(row),
            Err(error) => {
                print_table(&rows);
                return Err(error);
            }
        }
    }
    print_table(&rows);
    Ok(())
}

struct Options {
    target: Option<String>,
    secs: u64,
    cmin: bool,
    libfuzzer: Vec<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            target: None,
            secs: DEFAULT_SECS,
            cmin: false,
            libfuzzer: Vec::new(),
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--time" => {
                    let value = rest
                        .next()
                        .ok_or_else(|| format!("`--time` needs a number of seconds; {USAGE}"))?;
                    options.secs = parse_secs(value)?;
                }
                "--cmin" => options.cmin = true,
                "--" => options.libfuzzer.extend(rest.by_ref().cloned()),
                other => {
                    if let Some(value) = other.strip_prefix("--time=") {
                        options.secs = parse_secs(value)?;
                    } else if other.starts_with('-') || options.target.is_some() {
                        return Err(format!("unexpected argument `{other}`; {USAGE}"));
                    } else {
                        options.target = Some(other.to_owned());
                    }
                }
            }
        }
        Ok(options)
    }
}

fn parse_secs(value: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(secs) if secs > 0 => Ok(secs),
        _ => Err(format!(
            "`--time` needs a positive number of seconds, not `{value}`; {USAGE}"
        )),
    }
}

/// The fuzz targets: the `fuzz/fuzz_targets/*.rs` files, by name.
fn targets(fuzz_dir: &Path) -> Result<Vec<String>, String> {
    let dir = fuzz_dir.join("fuzz_targets");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "rs").then_some(())?;
            Some(path.file_stem()?.to_str()?.to_owned())
        })
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no fuzz targets in {}", dir.display()));
    }
    Ok(names)
}

/// Installs cargo-fuzz when `cargo fuzz` is not available.
fn ensure_cargo_fuzz() -> Result<(), String> {
    if has_cargo_subcommand("fuzz") {
        return Ok(());
    }
    eprintln!("xtask fuzz: cargo-fuzz is missing; installing it");
    exec(cargo().args(["install", "cargo-fuzz", "--locked"]))
}

/// How cargo-fuzz gets the nightly features it needs.
#[derive(Clone, Copy)]
enum Toolchain {
    /// rustup's `+nightly`.
    Nightly,
    /// The current (stable) toolchain with `RUSTC_BOOTSTRAP=1`.
    Bootstrap,
}

impl Toolchain {
    fn detect() -> Self {
        // rustup's proxy (not `$CARGO`, the toolchain's own binary) takes `+nightly`.
        if succeeds(Command::new("cargo").args(["+nightly", "--version"])) {
            Toolchain::Nightly
        } else {
            Toolchain::Bootstrap
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Toolchain::Nightly => "building with the nightly toolchain (cargo +nightly fuzz)",
            Toolchain::Bootstrap => {
                "no nightly toolchain; building on stable with RUSTC_BOOTSTRAP=1"
            }
        }
    }

    /// `cargo fuzz <subcommand>`, run from the workspace root.
    fn cargo_fuzz(self, subcommand: &str, fuzz_dir: &Path) -> Command {
        let mut command = match self {
            Toolchain::Nightly => {
                // rustup's proxy, which understands `+nightly`.
                let mut command = Command::new("cargo");
                command.arg("+nightly");
                command
            }
            Toolchain::Bootstrap => {
                let mut command = cargo();
                command.env("RUSTC_BOOTSTRAP", "1");
                command
            }
        };
        command
            .current_dir(root())
            .args(["fuzz", subcommand, "--fuzz-dir"])
            .arg(fuzz_dir)
            .args(["--sanitizer", "none"]);
        command
    }
}

/// What one fuzzing run did.
struct Row {
    target: String,
    secs: f64,
    stats: Stats,
    files: usize,
    bytes: u64,
}

/// libFuzzer's numbers, from its status lines and `-print_final_stats=1`.
#[derive(Default)]
struct Stats {
    execs: Option<u64>,
    exec_per_sec: Option<u64>,
    cov: Option<u64>,
    ft: Option<u64>,
}

impl Stats {
    /// Reads one line of libFuzzer's output.
    fn read(&mut self, line: &str) {
        if let Some(value) = line.strip_prefix("stat::number_of_executed_units:") {
            self.execs = value.trim().parse().ok().or(self.execs);
        } else if let Some(value) = line.strip_prefix("stat::average_exec_per_sec:") {
            self.exec_per_sec = value.trim().parse().ok().or(self.exec_per_sec);
        } else if line.starts_with('#') && line.contains(" cov: ") {
            // `#N  DONE   cov: X ft: Y corp: Z/Sb lim: L exec/s: E rss: RMb`
            let mut words = line.split_whitespace();
            if let Some(n) = words.next().and_then(|w| w.strip_prefix('#')) {
                self.execs = n.parse().ok().or(self.execs);
            }
            while let Some(word) = words.next() {
                let value = words.clone().next().and_then(|v| v.parse().ok());
                match word {
                    "cov:" => self.cov = value.or(self.cov),
                    "ft:" => self.ft = value.or(self.ft),
                    "exec/s:" => self.exec_per_sec = value.or(self.exec_per_sec),
                    _ => {}
                }
            }
        }
    }
}

/// Fuzzes one target for `options.secs` seconds.
fn fuzz(
    fuzz_dir: &Path,
    target: &str,
    options: &Options,
    toolchain: Toolchain,
) -> Result<Row, String> {
    let corpus = fuzz_dir.join("corpus").join(target);
    std::fs::create_dir_all(&corpus)
        .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let mut command = toolchain.cargo_fuzz("run", fuzz_dir);
    command
        .arg(target)
        .arg(&corpus)
        .arg("--")
        .arg(format!("-dict={}", dict(fuzz_dir, target)?.display()))
        .arg(format!("-max_total_time={}", options.secs))
        .arg(format!("-timeout={INPUT_TIMEOUT_SECS}"))
        .arg("-print_final_stats=1")
        .args(&options.libfuzzer)
        .stderr(Stdio::piped());
    eprintln!("$ {}", display(&command));
    let mut start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not start `cargo fuzz run {target}`: {e}"))?;
    let mut stats = Stats::default();
    let mut artifact = None;
    if let Some(stderr) = child.stderr.take() {
        let mut reader = BufReader::new(stderr);
        let mut buf = Vec::new();
        while reader.read_until(b'\n', &mut buf).is_ok_and(|n| n > 0) {
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end();
            eprintln!("{line}");
            // The build is over when libFuzzer starts: time the fuzzing only.
            if line.starts_with("INFO: Seed:") {
                start = Instant::now();
            }
            stats.read(line);
            if let Some((_, path)) = line.split_once("Test unit written to ") {
                artifact = Some(path.trim().to_owned());
            }
            buf.clear();
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("`cargo fuzz run {target}` did not finish: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(match artifact {
            Some(path) => format!(
                "`{target}` found a failure, saved as {path}; fix it, then keep the input in fuzz/regressions/{target}/"
            ),
            None => format!("`cargo fuzz run {target}` failed ({status})"),
        });
    }
    let (files, bytes) = size(&corpus);
    Ok(Row {
        target: target.to_owned(),
        secs,
        stats,
        files,
        bytes,
    })
}

fn dict(fuzz_dir: &Path, target: &str) -> Result<PathBuf, String> {
    let path = fuzz_dir.join("dict").join(format!("{target}.dict"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("the dictionary {} is missing", path.display()))
    }
}

/// Minimises each target's corpus in place: the fewest, smallest inputs
/// that together reach every edge the corpus reaches (`-use_counters=0`:
/// hit counts are not kept apart, which keeps the committed corpus to a few
/// hundred files; libFuzzer finds the counts again within seconds).
fn minimise(
    fuzz_dir: &Path,
    targets: &[String],
    libfuzzer: &[String],
    toolchain: Toolchain,
) -> Result<(), String> {
    let mut report = Vec::new();
    for target in targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        let before = size(&corpus);
        let mut command = toolchain.cargo_fuzz("cmin", fuzz_dir);
        command
            .arg(target)
            .arg(&corpus)
            .arg("--")
            .arg(format!("-dict={}", dict(fuzz_dir, target)?.display()))
            .arg(format!("-timeout={INPUT_TIMEOUT_SECS}"))
            .arg("-use_counters=0")
            .args(libfuzzer);
        eprintln!("$ {}", display(&command));
        let status = command
            .status()
            .map_err(|e| format!("could not start `cargo fuzz cmin {target}`: {e}"))?;
        if !status.success() {
            return Err(format!("`cargo fuzz cmin {target}` failed ({status})"));
        }
        let after = size(&corpus);
        report.push(format!(
            "{target:<14} {:>6} files {:>10} bytes  ->  {:>6} files {:>10} bytes",
            before.0, before.1, after.0, after.1
        ));
    }
    println!("corpus minimisation (cargo fuzz cmin):");
    for line in report {
        println!("  {line}");
    }
    Ok(())
}

/// The number of files in `dir` and their total size.
fn size(dir: &Path) -> (usize, u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (0, 0);
    };
    entries
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .filter(std::fs::Metadata::is_file)
        .fold((0, 0), |(files, bytes), meta| {
            (files + 1, bytes + meta.len())
        })
}

fn print_table(rows: &[Row]) {
    if rows.is_empty() {
        return;
    }
    let show = |value: Option<u64>| value.map_or_else(|| "?".to_owned(), |v| v.to_string());
    println!(
        "{:<14} {:>8} {:>12} {:>8} {:>6} {:>7} {:>7} {:>10}",
        "target", "time", "execs", "exec/s", "cov", "ft", "corpus", "bytes"
    );
    for row in rows {
        println!(
            "{:<14} {:>7.0}s {:>12} {:>8} {:>6} {:>7} {:>7} {:>10}",
            row.target,
            row.secs,
            show(row.stats.execs),
            show(row.stats.exec_per_sec),
            show(row.stats.cov),
            show(row.stats.ft),
            row.files,
            row.bytes
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lines: &[&str], expected: (Option<u64>, Option<u64>, Option<u64>, Option<u64>)) {
        let mut stats = Stats::default();
        for line in lines {
            stats.read(line);
        }
        assert_eq!(
            (stats.execs, stats.exec_per_sec, stats.cov, stats.ft),
            expected,
            "{lines:?}"
        );
    }

    #[test]
    fn reads_libfuzzer_statistics() {
        check(
            &[
                "#1128330\tDONE   cov: 658 ft: 2831 corp: 792/129Kb lim: 4096 exec/s: 36397 rss: 39Mb",
            ],
            (Some(1_128_330), Some(36_397), Some(658), Some(2831)),
        );
        check(
            &[
                "#262144\tpulse  cov: 607 ft: 2370 corp: 566/20Kb lim: 496 exec/s: 87381 rss: 39Mb",
                "#1128330\tDONE   cov: 658 ft: 2831 corp: 792/129Kb lim: 4096 exec/s: 36397 rss: 39Mb",
                "stat::number_of_executed_units: 1128331",
                "stat::average_exec_per_sec:     36398",
            ],
            (Some(1_128_331), Some(36_398), Some(658), Some(2831)),
        );
        check(&["INFO: Seed: 1", "Done 5 runs"], (None, None, None, None));
    }

    #[test]
    fn parses_arguments() {
        let args =
            |list: &[&str]| -> Vec<String> { list.iter().map(|s| (*s).to_owned()).collect() };
        let o = Options::parse(&args(&["etag", "--time", "10", "--", "-seed=1"])).unwrap();
        assert_eq!(
            (o.target.as_deref(), o.secs, o.cmin, o.libfuzzer),
            (Some("etag"), 10, false, args(&["-seed=1"]))
        );
        let o = Options::parse(&args(&["--cmin"])).unwrap();
        assert_eq!((o.target, o.secs, o.cmin), (None, DEFAULT_SECS, true));
        assert!(Options::parse(&args(&["--time", "0"])).is_err());
        assert!(Options::parse(&args(&["etag", "date"])).is_err());
        assert!(Options::parse(&args(&["--jobs", "2"])).is_err());
    }
}
