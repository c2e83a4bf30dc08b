//! `cargo xtask mutants --all`: cargo-mutants over the library crates, in
//! shards that run one at a time and resume (issue 18).
//!
//! Each library crate in [`CRATES`] is mutated by cargo-mutants and tested
//! with the packages that prove it: its own tests, the testkit's (oracle,
//! invariants, exhaustive enumeration, fuzz corpora) and the CLI's (which pin
//! the libraries' public text). Each mutant runs against the crate's own
//! tests first; the ones those miss run again, by name, against the rest
//! (a third of the rebuild for most mutants; see [`run_shard`]). Its mutants
//! are cut into `shards` slices
//! (`cargo mutants --shard k/n`); each shard writes its own
//! `target/mutants/<crate>/<k>-of-<n>/mutants.out/`, and a `done` file beside
//! it once cargo-mutants finished (whatever it found). A run skips every
//! shard that is done, so it can be stopped at any time and started again;
//! `--status` adds up what the finished shards found, and lists the missed
//! mutants, without running anything.
//!
//! A shard's slice depends on the sources: shards run on different commits
//! do not add up to one run. `done` records the commit, and `--status` says
//! when the shards of a crate disagree on it.
//!
//! Takes hours (a mutant costs a rebuild and the test suites): not part of
//! `cargo xtask ci`. Run it in the background at low priority:
//! `nice -n 19 cargo xtask mutants --all precond`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::util::{cargo, display, exec, has_cargo_subcommand, root};

pub(crate) const USAGE: &str = "\
usage: cargo xtask mutants --all [CRATE…] [--shard K] [--status] [-- CARGO-MUTANTS-ARGS]
    CRATE       a library crate (default: all of them): precond-etag, precond-date,
                precond, precond-range, precond-tower, precond-axum, precond-fs
    --shard K   run only shard K (0-based) of the one CRATE named
    --status    run nothing; add up the finished shards and list the missed mutants
    -- ARGS     passed on to cargo-mutants (e.g. `--in-diff FILE`); a shard done with
                other arguments counts as not done";

/// A library crate under mutation.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Crate {
    /// The package cargo-mutants mutates.
    package: &'static str,
    /// The packages whose tests prove it, its own among them. A mutant runs
    /// against its own tests first; only what they miss runs again against
    /// all of these (see [`run_shard`]).
    tests: &'static [&'static str],
    /// How many shards its mutants are cut into: a shard is up to about 400
    /// mutants, half an hour or less on two shared cores.
    shards: usize,
}

/// The library crates, with the tests that prove each one.
pub(crate) const CRATES: &[Crate] = &[
    Crate {
        package: "precond-etag",
        tests: &["precond-etag", "precond-testkit", "precond-cli"],
        shards: 2,
    },
    Crate {
        package: "precond-date",
        tests: &["precond-date", "precond-testkit", "precond-cli"],
        shards: 4,
    },
    Crate {
        package: "precond",
        tests: &["precond", "precond-testkit", "precond-cli"],
        shards: 4,
    },
    // A leaf crate: nothing else in the workspace uses it yet.
    Crate {
        package: "precond-range",
        tests: &["precond-range"],
        shards: 8,
    },
    Crate {
        package: "precond-tower",
        tests: &["precond-tower"],
        shards: 2,
    },
    // Its socket tests take well under a second; the oracle test covers
    // every decision.
    Crate {
        package: "precond-axum",
        tests: &["precond-axum"],
        shards: 1,
    },
    // Socket tests too, and the tower-http side-by-side.
    Crate {
        package: "precond-fs",
        tests: &["precond-fs"],
        shards: 2,
    },
];

/// Tests left out of every mutant's run, and why: each is a check of the
/// repository, not a proof of a crate, and costs more than the rest together.
const SKIPPED_TESTS: &[&str] = &[
    // The generated decision table is current: the oracle's enumeration,
    // independent of the crates under mutation; about 100 s a run here.
    "decision_table_is_fresh",
];

/// The other packages under `crates/`, and why they are not mutated. A package
/// in neither list fails `cargo test -p xtask`: a new library crate is added
/// to [`CRATES`] when it lands.
const NOT_MUTATED: &[(&str, &str)] = &[
    (
        "precond-testkit",
        "the proofs themselves (unpublished, dev only)",
    ),
    (
        "precond-cli",
        "a binary over the libraries; its tests prove them",
    ),
    (
        "precond-probe",
        "a battery for live servers, judged by precond::evaluate; not a library of the field",
    ),
];

/// What one finished shard found: the lines of cargo-mutants' `caught.txt`,
/// `missed.txt`, `unviable.txt` and `timeout.txt`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Found {
    caught: usize,
    unviable: usize,
    /// The missed mutants, as cargo-mutants names them (`file:line:col: …`).
    missed: Vec<String>,
    /// The mutants whose tests timed out, named likewise.
    timed_out: Vec<String>,
}

impl Found {
    fn add(&mut self, other: Found) {
        self.caught += other.caught;
        self.unviable += other.unviable;
        self.missed.extend(other.missed);
        self.timed_out.extend(other.timed_out);
    }

    fn total(&self) -> usize {
        self.caught + self.unviable + self.timed_out.len() + self.missed.len()
    }
}

/// The `done` file of a shard: how cargo-mutants ended and on what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Done {
    /// cargo-mutants' exit status: 0 nothing missed, 2 missed mutants,
    /// 3 timeouts (the statuses of a finished run).
    exit: i32,
    /// The commit the shard ran on (`git rev-parse HEAD`, `+` when the tree
    /// had changes).
    commit: String,
    /// How long it took, in seconds.
    seconds: u64,
    /// The arguments passed on to cargo-mutants (after `--`).
    args: Vec<String>,
}

impl Done {
    fn to_text(&self) -> String {
        let mut text = format!(
            "exit {}\ncommit {}\nseconds {}\n",
            self.exit, self.commit, self.seconds
        );
        for arg in &self.args {
            let _ = writeln!(text, "arg {arg}");
        }
        text
    }

    fn parse(text: &str) -> Option<Done> {
        let mut done = Done {
            exit: -1,
            commit: String::new(),
            seconds: 0,
            args: Vec::new(),
        };
        for line in text.lines() {
            let (key, value) = line.split_once(' ')?;
            match key {
                "exit" => done.exit = value.parse().ok()?,
                "commit" => value.clone_into(&mut done.commit),
                "seconds" => done.seconds = value.parse().ok()?,
                "arg" => done.args.push(value.to_owned()),
                _ => return None,
            }
        }
        (done.exit >= 0 && !done.commit.is_empty()).then_some(done)
    }
}

/// Whether cargo-mutants' exit status means it tested every mutant of the
/// shard: 0 (all caught or unviable), 2 (some missed), 3 (some timed out).
fn finished(exit: i32) -> bool {
    matches!(exit, 0 | 2 | 3)
}

/// What an exit status that [`finished`] rejects means, as cargo-mutants
/// documents its exit codes.
fn unfinished(exit: i32) -> &'static str {
    match exit {
        1 => "1: a usage error, or cargo-mutants could not run (disk, permissions)",
        4 => "4: the tests fail on the unmutated tree",
        5 => "5: the --in-diff diff does not match the tree",
        6 => "6: the --in-diff diff is invalid",
        70 => "70: cargo-mutants failed internally",
        -1 => "stopped by a signal",
        _ => "an exit status cargo-mutants does not document",
    }
}

/// The command line, parsed.
#[derive(Debug)]
pub(crate) struct Options {
    crates: Vec<&'static Crate>,
    shard: Option<usize>,
    status: bool,
    passed_on: Vec<String>,
}

pub(crate) fn parse(args: &[String]) -> Result<Options, String> {
    let mut names = Vec::new();
    let mut shard = None;
    let mut status = false;
    let mut passed_on = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--all" => {}
            "--status" => status = true,
            "--shard" => {
                let k = args.next().ok_or("--shard needs a number")?;
                shard = Some(
                    k.parse()
                        .map_err(|_| format!("--shard {k}: not a number"))?,
                );
            }
            "--" => passed_on.extend(args.by_ref().cloned()),
            other if other.starts_with('-') => {
                return Err(format!("unknown option `{other}`\n{USAGE}"));
            }
            name => names.push(name),
        }
    }
    let crates: Vec<&'static Crate> = if names.is_empty() {
        CRATES.iter().collect()
    } else {
        names
            .iter()
            .map(|name| {
                CRATES.iter().find(|c| c.package == *name).ok_or_else(|| {
                    let known: Vec<&str> = CRATES.iter().map(|c| c.package).collect();
                    format!("`{name}` is not a library crate: {}", known.join(", "))
                })
            })
            .collect::<Result<_, _>>()?
    };
    if let Some(k) = shard {
        let [one] = crates[..] else {
            return Err("--shard K needs exactly one CRATE".to_owned());
        };
        if k >= one.shards {
            return Err(format!(
                "{} has shards 0 to {}, not {k}",
                one.package,
                one.shards - 1
            ));
        }
    }
    Ok(Options {
        crates,
        shard,
        status,
        passed_on,
    })
}

/// Where the shards of `krate` keep their output, under `base`
/// (`target/mutants`).
fn shard_dir(base: &Path, krate: &Crate, k: usize) -> PathBuf {
    base.join(krate.package)
        .join(format!("{k}-of-{}", krate.shards))
}

/// Which mutants one cargo-mutants run takes.
#[derive(Clone, Copy, Debug)]
enum Select<'a> {
    /// Shard `k` of the crate's `shards`.
    Shard(usize),
    /// These mutants, by the names cargo-mutants gives them (`file:line:col: …`).
    Named(&'a [String]),
}

/// cargo-mutants' arguments for the mutants of `krate` that `select` takes,
/// tested with the packages `tests`, writing to `out`.
fn mutants_args(
    krate: &Crate,
    tests: &[&str],
    select: Select<'_>,
    out: &Path,
    passed_on: &[String],
) -> Vec<String> {
    // Every feature, as the workspace's own test run unifies them (the
    // testkit turns on `arbitrary`): code behind a feature that is off is not
    // built, and its mutants would pass every test unseen.
    let mut args = vec![
        "mutants".to_owned(),
        "--package".to_owned(),
        krate.package.to_owned(),
        "--all-features".to_owned(),
    ];
    for test in tests {
        args.push("--test-package".to_owned());
        args.push((*test).to_owned());
    }
    match select {
        Select::Shard(k) => {
            args.push("--shard".to_owned());
            args.push(format!("{k}/{}", krate.shards));
        }
        Select::Named(names) => {
            for name in names {
                args.push("--re".to_owned());
                args.push(format!("^{}$", regex_syntax::escape(name)));
            }
        }
    }
    args.push("--output".to_owned());
    args.push(out.display().to_string());
    args.extend(passed_on.iter().cloned());
    // After `--`: `cargo test`'s arguments; after the second, the test binaries'.
    args.extend(["--".to_owned(), "--".to_owned()]);
    for test in SKIPPED_TESTS {
        args.extend(["--skip".to_owned(), (*test).to_owned()]);
    }
    args
}

/// The `done` record of the shard in `dir`, if it finished with `passed_on`.
fn done(dir: &Path, passed_on: &[String]) -> Option<Done> {
    let done = Done::parse(&fs::read_to_string(dir.join("done")).ok()?)?;
    (done.args == passed_on).then_some(done)
}

/// What the finished shard in `dir` found: its own tests' run, and where
/// that missed some, the second run over those against every test package
/// (in `dir/full`), which decides them.
fn found(dir: &Path) -> Result<Found, String> {
    let mut found = found_in(&dir.join("mutants.out"))?;
    let second = dir.join("full").join("mutants.out");
    if second.exists() {
        found.missed.clear();
        found.add(found_in(&second)?);
    }
    Ok(found)
}

/// What one cargo-mutants run wrote to `out`.
fn found_in(out: &Path) -> Result<Found, String> {
    let lines = |name: &str| -> Result<Vec<String>, String> {
        let path = out.join(name);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(text
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(str::to_owned)
                .collect()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(error) => Err(format!("cannot read {}: {error}", path.display())),
        }
    };
    Ok(Found {
        caught: lines("caught.txt")?.len(),
        unviable: lines("unviable.txt")?.len(),
        missed: lines("missed.txt")?,
        timed_out: lines("timeout.txt")?,
    })
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let base = root().join("target").join("mutants");
    if !options.status {
        ensure_cargo_mutants()?;
        for krate in &options.crates {
            let shards: Vec<usize> = match options.shard {
                Some(k) => vec![k],
                None => (0..krate.shards).collect(),
            };
            for k in shards {
                run_shard(&base, krate, k, &options.passed_on)?;
            }
        }
    }
    print!("{}", status(&base, &options.crates, &options.passed_on)?);
    Ok(())
}

/// Runs shard `k` of `krate` unless it is done.
///
/// Two passes, because a rebuild of the crate alone with its own tests costs
/// a third of one that relinks the testkit and the CLI: first every mutant of
/// the shard against the crate's own tests; then the mutants those missed, by
/// name, against all of `krate.tests`. A mutant caught by its own crate's
/// tests is caught by the whole set, so the sum is the run of the whole set.
fn run_shard(base: &Path, krate: &Crate, k: usize, passed_on: &[String]) -> Result<(), String> {
    let dir = shard_dir(base, krate, k);
    let name = format!("{} shard {k}/{}", krate.package, krate.shards);
    if let Some(done) = done(&dir, passed_on) {
        eprintln!("xtask mutants: {name}: done on {}, skipped", done.commit);
        return Ok(());
    }
    let full = dir.join("full");
    match fs::remove_dir_all(&full) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("cannot remove {}: {e}", full.display()));
        }
        _ => {}
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let started = Instant::now();
    let own = [krate.package];
    let mut exit = cargo_mutants(&name, krate, &own, Select::Shard(k), &dir, passed_on)?;
    let first = found_in(&dir.join("mutants.out"))?;
    // A mutant that timed out is already told apart from the unmutated code
    // (its tests did not pass in time); run again it would only time out again.
    let again = first.missed;
    if krate.tests.len() > 1 && !again.is_empty() {
        eprintln!(
            "xtask mutants: {name}: {} missed by {}'s own tests; again with {}",
            again.len(),
            krate.package,
            krate.tests.join(", ")
        );
        fs::create_dir_all(&full).map_err(|e| format!("cannot create {}: {e}", full.display()))?;
        exit = cargo_mutants(
            &name,
            krate,
            krate.tests,
            Select::Named(&again),
            &full,
            passed_on,
        )?;
    }
    let record = Done {
        exit,
        commit: commit(),
        seconds: started.elapsed().as_secs(),
        args: passed_on.to_vec(),
    };
    fs::write(dir.join("done"), record.to_text())
        .map_err(|e| format!("cannot write {}/done: {e}", dir.display()))?;
    eprintln!("xtask mutants: {name}: finished in {} s", record.seconds);
    Ok(())
}

/// Runs cargo-mutants once, its output in `out`; its exit status when it
/// tested every mutant it took.
///
/// Debug info is off for the mutants' builds: it changes no test's outcome
/// and is most of a rebuild's link time.
fn cargo_mutants(
    name: &str,
    krate: &Crate,
    tests: &[&str],
    select: Select<'_>,
    out: &Path,
    passed_on: &[String],
) -> Result<i32, String> {
    let mut command = cargo();
    command
        .args(mutants_args(krate, tests, select, out, passed_on))
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0");
    eprintln!("$ {}", display(&command));
    let status = command
        .status()
        .map_err(|e| format!("could not start cargo mutants: {e}"))?;
    let exit = status.code().unwrap_or(-1);
    if !finished(exit) {
        return Err(format!(
            "{name}: cargo mutants ended with {status}, not a finished run ({}); see {}/mutants.out/log",
            unfinished(exit),
            out.display()
        ));
    }
    Ok(exit)
}

/// The table of what the finished shards found, per crate, and the missed
/// mutants.
fn status(base: &Path, crates: &[&Crate], passed_on: &[String]) -> Result<String, String> {
    let mut out = format!(
        "{:<14}{:>8}{:>8}{:>8}{:>9}{:>9}{:>8}{:>9}\n",
        "crate", "shards", "caught", "missed", "unviable", "timeout", "total", "hours"
    );
    let mut missed = Vec::new();
    let mut notes = Vec::new();
    for krate in crates {
        let mut sum = Found::default();
        let mut done_count = 0;
        let mut seconds = 0;
        let mut commits = BTreeSet::new();
        for k in 0..krate.shards {
            let dir = shard_dir(base, krate, k);
            if let Some(done) = done(&dir, passed_on) {
                done_count += 1;
                seconds += done.seconds;
                commits.insert(done.commit);
                sum.add(found(&dir)?);
            }
        }
        let _ = writeln!(
            out,
            "{:<14}{:>8}{:>8}{:>8}{:>9}{:>9}{:>8}{:>9.1}",
            krate.package,
            format!("{done_count}/{}", krate.shards),
            sum.caught,
            sum.missed.len(),
            sum.unviable,
            sum.timed_out.len(),
            sum.total(),
            seconds as f64 / 3600.0
        );
        if commits.len() > 1 {
            notes.push(format!(
                "note: the finished shards of {} ran on {} commits: {}",
                krate.package,
                commits.len(),
                commits.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        missed.extend(
            sum.missed
                .into_iter()
                .map(|m| format!("{}: {m}", krate.package)),
        );
    }
    for note in notes {
        let _ = writeln!(out, "{note}");
    }
    for (package, why) in NOT_MUTATED {
        let _ = writeln!(out, "not mutated: {package}: {why}");
    }
    if !missed.is_empty() {
        let _ = writeln!(out, "\nmissed:");
        for m in missed {
            let _ = writeln!(out, "  {m}");
        }
    }
    Ok(out)
}

/// The commit checked out, `+` when the tree has changes; `unknown` without git.
fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root())
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    match (
        git(&["rev-parse", "--short=12", "HEAD"]),
        git(&["status", "--porcelain"]),
    ) {
        (Some(head), Some(changes)) if changes.is_empty() => head,
        (Some(head), Some(_)) => format!("{head}+"),
        _ => "unknown".to_owned(),
    }
}

/// Installs cargo-mutants when `cargo mutants` is not available.
fn ensure_cargo_mutants() -> Result<(), String> {
    if has_cargo_subcommand("mutants") {
        return Ok(());
    }
    eprintln!("xtask mutants: cargo-mutants is missing; installing it");
    exec(cargo().args(["install", "cargo-mutants", "--locked"]))
}

/// The package names of the crates under `crates/`.
#[cfg(test)]
fn workspace_crates() -> Vec<String> {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Manifest {
        package: Package,
    }
    #[derive(Deserialize)]
    struct Package {
        name: String,
    }
    let mut names = Vec::new();
    for entry in fs::read_dir(root().join("crates")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if let Ok(text) = fs::read_to_string(&manifest) {
            let manifest: Manifest = toml::from_str(&text).unwrap();
            names.push(manifest.package.name);
        }
    }
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn packages(options: &Options) -> Vec<&str> {
        options.crates.iter().map(|c| c.package).collect()
    }

    #[test]
    fn only_finished_runs_are_recorded_and_the_rest_say_why() {
        for exit in [0, 2, 3] {
            assert!(finished(exit), "{exit}");
        }
        for exit in [-1, 1, 4, 5, 6, 70, 101] {
            assert!(!finished(exit), "{exit}");
        }
        assert!(unfinished(1).starts_with("1: a usage error"));
        assert!(unfinished(4).contains("unmutated"));
        // Only exit status 4 means the baseline failed.
        for exit in [-1, 1, 5, 6, 70, 101] {
            assert!(!unfinished(exit).contains("unmutated"), "{exit}");
        }
    }

    #[test]
    fn every_crate_is_mutated_or_says_why_not() {
        for name in workspace_crates() {
            let mutated = CRATES.iter().any(|c| c.package == name);
            let excused = NOT_MUTATED.iter().any(|(n, _)| *n == name);
            assert!(
                mutated != excused,
                "{name}: add it to CRATES (a library crate: its tests and the testkit's \
                 prove it) or to NOT_MUTATED with the reason, in xtask/src/mutants/all.rs"
            );
        }
        for krate in CRATES {
            assert!(krate.tests.contains(&krate.package), "{}", krate.package);
            assert!(krate.shards > 0, "{}", krate.package);
        }
    }

    #[test]
    fn parses_the_command_line() {
        let options = parse(&args("--all")).unwrap();
        assert_eq!(
            packages(&options),
            [
                "precond-etag",
                "precond-date",
                "precond",
                "precond-range",
                "precond-tower",
                "precond-axum",
                "precond-fs"
            ]
        );
        assert_eq!((options.shard, options.status), (None, false));

        let options = parse(&args("--all precond --shard 3 -- --in-diff x.diff")).unwrap();
        assert_eq!(packages(&options), ["precond"]);
        assert_eq!(options.shard, Some(3));
        assert_eq!(options.passed_on, args("--in-diff x.diff"));

        let options = parse(&args("--all --status precond-date precond-etag")).unwrap();
        assert_eq!(packages(&options), ["precond-date", "precond-etag"]);
        assert!(options.status);

        let error = |line: &str, message: &str| {
            let error = parse(&args(line)).unwrap_err();
            assert!(error.contains(message), "{line}: {error}");
        };
        error("--all precond-cli", "`precond-cli` is not a library crate");
        error("--all --shard 1", "exactly one CRATE");
        error(
            "--all precond --shard 4",
            "precond has shards 0 to 3, not 4",
        );
        error("--all precond --shard x", "not a number");
        error("--all --jobs 2", "unknown option `--jobs`");
    }

    #[test]
    fn builds_the_cargo_mutants_command() {
        let precond = CRATES.iter().find(|c| c.package == "precond").unwrap();
        let base = Path::new("t");
        let dir = shard_dir(base, precond, 2);
        assert_eq!(dir, Path::new("t/precond/2-of-4"));
        let own = &precond.tests[..1];
        assert_eq!(
            mutants_args(precond, own, Select::Shard(2), &dir, &args("--in-diff d")).join(" "),
            "mutants --package precond --all-features --test-package precond --shard 2/4 \
             --output t/precond/2-of-4 --in-diff d -- -- --skip decision_table_is_fresh"
        );
        // The second pass names each mutant by an anchored, escaped pattern.
        let again = ["src/a.rs:1:2: replace f -> Option<(u8, u8)> with None".to_owned()];
        assert_eq!(
            mutants_args(
                precond,
                precond.tests,
                Select::Named(&again),
                &dir.join("full"),
                &[]
            ),
            args(
                "mutants --package precond --all-features --test-package precond \
                 --test-package precond-testkit --test-package precond-cli --re"
            )
            .into_iter()
            .chain([r"^src/a\.rs:1:2: replace f \-> Option<\(u8, u8\)> with None$".to_owned()])
            .chain(args(
                "--output t/precond/2-of-4/full -- -- --skip decision_table_is_fresh"
            ))
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn done_records_round_trip() {
        let record = Done {
            exit: 2,
            commit: "0123456789ab+".to_owned(),
            seconds: 3600,
            args: args("--in-diff d"),
        };
        assert_eq!(Done::parse(&record.to_text()), Some(record));
        assert_eq!(Done::parse("exit 2\n"), None);
        assert_eq!(Done::parse("exit x\ncommit c\n"), None);
        assert_eq!(Done::parse("exit 0\ncommit c\nwhat 1\n"), None);
        assert!([0, 2, 3].into_iter().all(finished));
        assert!(![1, 4, 70, -1].into_iter().any(finished));
    }

    /// A scratch `target/mutants` with shards in given states.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-mutants-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn write_shard(
        base: &Path,
        krate: &Crate,
        k: usize,
        done: Option<&Done>,
        files: &[(&str, &str)],
    ) {
        let dir = shard_dir(base, krate, k);
        fs::create_dir_all(dir.join("mutants.out")).unwrap();
        for (name, text) in files {
            fs::write(dir.join("mutants.out").join(name), text).unwrap();
        }
        if let Some(done) = done {
            fs::write(dir.join("done"), done.to_text()).unwrap();
        }
    }

    #[test]
    fn adds_up_finished_shards_only() {
        let base = scratch("status");
        let precond = CRATES.iter().find(|c| c.package == "precond").unwrap();
        let done = |commit: &str, args: &[String]| Done {
            exit: 2,
            commit: commit.to_owned(),
            seconds: 1800,
            args: args.to_vec(),
        };
        write_shard(
            &base,
            precond,
            0,
            Some(&done("aaa", &[])),
            &[
                ("caught.txt", "a\nb\n"),
                ("missed.txt", "src/x.rs:1:1: replace f -> u8 with 0\n"),
                ("unviable.txt", "c\n"),
            ],
        );
        write_shard(
            &base,
            precond,
            1,
            Some(&done("bbb", &[])),
            &[("caught.txt", "d\n"), ("timeout.txt", "e\n")],
        );
        // Started, not finished: not counted, and run again.
        write_shard(&base, precond, 2, None, &[("caught.txt", "f\n")]);
        // Finished with other cargo-mutants arguments: not this run's.
        write_shard(
            &base,
            precond,
            3,
            Some(&done("aaa", &args("--in-diff d"))),
            &[("caught.txt", "g\n")],
        );
        assert!(done_in(&base, precond, 0, &[]));
        assert!(!done_in(&base, precond, 2, &[]));
        assert!(!done_in(&base, precond, 3, &[]));
        assert!(done_in(&base, precond, 3, &args("--in-diff d")));

        let table = status(&base, &[precond], &[]).unwrap();
        let _ = fs::remove_dir_all(&base);
        let expected = "\
crate           shards  caught  missed unviable  timeout   total    hours
precond            2/4       3       1        1        1       6      1.0
note: the finished shards of precond ran on 2 commits: aaa, bbb
not mutated: precond-testkit: the proofs themselves (unpublished, dev only)
not mutated: precond-cli: a binary over the libraries; its tests prove them
not mutated: precond-probe: a battery for live servers, judged by precond::evaluate; not a library of the field

missed:
  precond: src/x.rs:1:1: replace f -> u8 with 0
";
        assert_eq!(table, expected);
    }

    #[test]
    fn the_second_pass_decides_what_the_first_missed() {
        let base = scratch("second");
        let precond = CRATES.iter().find(|c| c.package == "precond").unwrap();
        write_shard(
            &base,
            precond,
            0,
            None,
            &[
                ("caught.txt", "a\n"),
                ("missed.txt", "b\nc\n"),
                ("timeout.txt", "d\n"),
                ("unviable.txt", "e\n"),
            ],
        );
        let dir = shard_dir(&base, precond, 0);
        let first = found(&dir).unwrap();
        assert_eq!((first.caught, first.unviable), (1, 1));
        assert_eq!((first.missed.len(), first.timed_out.len()), (2, 1));
        // The second pass took the missed b and c: b caught, c missed again.
        let second = dir.join("full").join("mutants.out");
        fs::create_dir_all(&second).unwrap();
        fs::write(second.join("caught.txt"), "b\n").unwrap();
        fs::write(second.join("missed.txt"), "c\n").unwrap();
        let both = found(&dir).unwrap();
        let _ = fs::remove_dir_all(&base);
        assert_eq!(
            both,
            Found {
                caught: 2,
                unviable: 1,
                missed: vec!["c".to_owned()],
                timed_out: vec!["d".to_owned()],
            }
        );
        assert_eq!(both.total(), first.total());
    }

    fn done_in(base: &Path, krate: &Crate, k: usize, passed_on: &[String]) -> bool {
        done(&shard_dir(base, krate, k), passed_on).is_some()
    }
}
