//! `cargo xtask spec`: requirement tracing.
//!
//! The register `docs/spec/requirements.toml` holds one entry per BCP 14 keyword of the
//! spec excerpts. Tests name what they prove with `// proves: <id>` right above the test
//! fn (JSON Lines vectors with a `"proves": [..]` array), code cites what it implements
//! with `// spec: <id>`. This command fails when an `implemented` entry has no test, an
//! id is unknown or defined twice, or — where the spec excerpts ([`EXCERPTS`]) are
//! present — a section of the spec holds a different number of keywords than the
//! register has entries for it. `docs/spec/CONVENTIONS.md` describes the format.
//!
//! The register is TOML, read with `toml` into [`Entry`] tables; the vectors are JSON
//! Lines, read with `serde_json`. The same checks run as a test (`tidy.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;
use toml::Spanned;

use crate::util::root;

/// The register, relative to the repository root.
const REGISTER: &str = "docs/spec/requirements.toml";
/// Where tests and code are scanned for `proves:` and `spec:`, relative to the root.
const SOURCE_DIRS: [&str; 3] = ["crates", "benches", "fuzz"];
/// Where JSON Lines test vectors live, relative to the root.
const VECTOR_DIR: &str = "tests/vectors";
/// The spec excerpts whose keywords the register counts, relative to the root; absent on
/// most machines. Each file name starts with its RFC's number (`rfc9110-…`). A section
/// that two excerpts hold (RFC 9110 §14 and §14.2) is counted once: the later file's
/// count stands.
const EXCERPTS: [&str; 3] = [
    "../shared/spec/rfc9110-conditional.md",
    "../shared/spec/rfc9111-validation.md",
    "../shared/ranges/rfc9110-ranges.md",
];

/// The BCP 14 keywords; the excerpts mark them up as `_MUST NOT_`.
const KEYWORDS: [&str; 11] = [
    "MUST",
    "MUST NOT",
    "REQUIRED",
    "SHALL",
    "SHALL NOT",
    "SHOULD",
    "SHOULD NOT",
    "RECOMMENDED",
    "NOT RECOMMENDED",
    "MAY",
    "OPTIONAL",
];

/// Whom a requirement binds.
const BINDS: [&str; 7] = [
    "sender",
    "recipient",
    "origin",
    "cache",
    "client",
    "server",
    "intermediary",
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("`spec` takes no arguments, got `{arg}`"));
    }
    let trace = trace(&root())?;
    if trace.counts.is_none() {
        eprintln!("note: the spec excerpts are not here; keyword counts not checked");
    }
    print!("{}", trace.coverage());
    if trace.problems.is_empty() {
        return Ok(());
    }
    for problem in &trace.problems {
        eprintln!("error: {problem}");
    }
    Err(format!("spec: {} problem(s)", trace.problems.len()))
}

/// Everything `cargo xtask spec` finds in the repository at `root`.
pub(crate) struct Trace {
    register: Vec<Requirement>,
    scan: Scan,
    /// The keywords of the spec excerpts, where they are present.
    counts: Option<Counts>,
    /// Every gap: tags that are misplaced or name unknown ids, implemented entries
    /// without a test, `docs` pointers to nothing, keyword counts that differ.
    pub(crate) problems: Vec<String>,
}

impl Trace {
    fn coverage(&self) -> String {
        coverage(&self.register, &self.scan, self.counts.as_ref())
    }
}

/// Reads the register, the sources and (where present) the spec excerpts, and checks
/// them against each other.
pub(crate) fn trace(root: &Path) -> Result<Trace, String> {
    let register = load_register(root)?;
    let scan = scan_tree(root)?;
    let mut problems = check(&register, &scan);
    problems.extend(check_docs_pointers(root, &register)?);
    let counts = spec_counts(root)?;
    if let Some(counts) = &counts {
        problems.extend(compare_counts(&register, counts));
    }
    Ok(Trace {
        register,
        scan,
        counts,
        problems,
    })
}

/// The text of `docs/spec/README.md`, for `cargo xtask docs`.
pub(crate) fn readme(root: &Path) -> Result<String, String> {
    let register = load_register(root)?;
    let scan = scan_tree(root)?;
    Ok(render_readme(&register, &scan))
}

// ---------------------------------------------------------------------------------------
// The register

/// One entry of the register.
#[derive(Debug, PartialEq, Eq)]
struct Requirement {
    id: String,
    section: String,
    keyword: String,
    requirement: String,
    binds: String,
    status: Status,
    note: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
enum Status {
    Implemented,
    NotApplicable { why: String },
    Caller { docs: String },
}

impl Status {
    const NAMES: [&'static str; 3] = ["implemented", "caller", "not-applicable"];

    fn name(&self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::NotApplicable { .. } => "not-applicable",
            Status::Caller { .. } => "caller",
        }
    }
}

fn load_register(root: &Path) -> Result<Vec<Requirement>, String> {
    let text = fs::read_to_string(root.join(REGISTER))
        .map_err(|error| format!("cannot read {REGISTER}: {error}"))?;
    parse_register(&text).map_err(|errors| format!("{REGISTER}:\n{errors}"))
}

/// The register file as TOML sees it: an array of `[[requirement]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterFile {
    #[serde(default)]
    requirement: Vec<Spanned<Entry>>,
}

/// One `[[requirement]]` table, before its values are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    section: String,
    keyword: String,
    requirement: String,
    binds: String,
    status: String,
    why: Option<String>,
    docs: Option<String>,
    note: Option<String>,
}

/// Reads and validates the register; the error lists every problem, one per line
/// (TOML syntax and the shape of the tables first, then every entry's values).
fn parse_register(text: &str) -> Result<Vec<Requirement>, String> {
    let file: RegisterFile = toml::from_str(text).map_err(|error| error.to_string())?;
    let mut errors = Vec::new();
    let mut register: Vec<Requirement> = Vec::new();
    let mut lines = BTreeMap::new();
    for entry in file.requirement {
        let line = line_of(text, entry.span().start);
        match requirement(entry.into_inner()) {
            Ok(entry) => {
                if let Some(first) = lines.insert(entry.id.clone(), line) {
                    errors.push(format!(
                        "line {line}: duplicate id `{}` (first at line {first})",
                        entry.id
                    ));
                }
                register.push(entry);
            }
            Err(error) => errors.push(format!("line {line}: {error}")),
        }
    }
    if errors.is_empty() {
        Ok(register)
    } else {
        Err(errors.join("\n"))
    }
}

/// The (1-based) line of the byte at `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        + 1
}

/// Checks one entry's values: the id against the section, the keyword, whom it binds,
/// and the status with the key that goes with it.
fn requirement(entry: Entry) -> Result<Requirement, String> {
    let Entry {
        id,
        section,
        keyword,
        requirement,
        binds,
        status,
        why,
        docs,
        note,
    } = entry;
    let fail = |message: String| format!("`{id}`: {message}");
    let Some((rfc, number)) = parse_section(&section) else {
        return Err(fail(format!(
            "section `{section}` is not like `RFC 9110 §13.1.2`"
        )));
    };
    let prefix = format!("{rfc}-{number}-");
    let slug = id.strip_prefix(&prefix).unwrap_or_default();
    let slug_ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if slug.is_empty() || !slug.chars().all(slug_ok) || slug.starts_with('-') || slug.ends_with('-')
    {
        return Err(fail(format!(
            "an id in {section} looks like `{prefix}<slug>`, slug in a-z 0-9 -"
        )));
    }
    if !KEYWORDS.contains(&keyword.as_str()) {
        return Err(fail(format!("keyword `{keyword}` is not a BCP 14 keyword")));
    }
    if !BINDS.contains(&binds.as_str()) {
        return Err(fail(format!("binds `{binds}` is not one of {BINDS:?}")));
    }
    if requirement.trim().is_empty() {
        return Err(fail("empty `requirement`".to_owned()));
    }
    let status = match (status.as_str(), why, docs) {
        ("implemented", None, None) => Status::Implemented,
        ("not-applicable", Some(why), None) if !why.trim().is_empty() => {
            Status::NotApplicable { why }
        }
        ("caller", None, Some(docs)) if !docs.trim().is_empty() => Status::Caller { docs },
        _ => {
            return Err(fail(format!(
                "status must be one of {:?}; `why` goes with (only) not-applicable, \
                 `docs` with (only) caller",
                Status::NAMES
            )));
        }
    };
    Ok(Requirement {
        id,
        section,
        keyword,
        requirement,
        binds,
        status,
        note,
    })
}

/// `RFC 9110 §13.1.2` → `("9110", "13.1.2")`.
fn parse_section(section: &str) -> Option<(&str, &str)> {
    let (rfc, number) = section.strip_prefix("RFC ")?.split_once(" §")?;
    let numeric = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    (numeric(rfc) && number.split('.').all(numeric)).then_some((rfc, number))
}

// ---------------------------------------------------------------------------------------
// The spec excerpts: counting keywords

/// Section (`RFC 9110 §13.1.2`) → keyword → occurrences.
type Counts = BTreeMap<String, BTreeMap<&'static str, usize>>;

/// Counts the keywords of every excerpt in [`EXCERPTS`]; `None` when none of them is
/// there (most machines), an error when only some are (the counts would be short).
fn spec_counts(root: &Path) -> Result<Option<Counts>, String> {
    let (present, missing): (Vec<&str>, Vec<&str>) = EXCERPTS
        .iter()
        .partition(|excerpt| root.join(excerpt).is_file());
    if present.is_empty() {
        return Ok(None);
    }
    if !missing.is_empty() {
        return Err(format!("spec excerpts missing: {}", missing.join(", ")));
    }
    let mut counts = Counts::new();
    for excerpt in present {
        let rfc = Path::new(excerpt)
            .file_name()
            .and_then(|name| rfc_number(name.to_str()?))
            .ok_or_else(|| format!("{excerpt}: the file name does not start with `rfcNNNN`"))?;
        let text = read(&root.join(excerpt))?;
        let file_counts =
            count_keywords(&text, rfc).map_err(|error| format!("{excerpt}: {error}"))?;
        counts.extend(file_counts);
    }
    Ok(Some(counts))
}

/// `rfc9110-conditional.md` → `9110`.
fn rfc_number(file_name: &str) -> Option<&str> {
    let rest = file_name.strip_prefix("rfc")?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (digits > 0).then(|| &rest[..digits])
}

/// Counts `_KEYWORD_` occurrences per numbered section (`#… 13.1.2. Title` headings).
fn count_keywords(markdown: &str, rfc: &str) -> Result<Counts, String> {
    let mut counts = Counts::new();
    let mut section: Option<String> = None;
    for (index, line) in markdown.lines().enumerate() {
        if let Some(number) = heading_number(line) {
            section = Some(format!("RFC {rfc} §{number}"));
        }
        for keyword in keywords_in(line) {
            let Some(section) = &section else {
                return Err(format!("line {}: {keyword} outside any section", index + 1));
            };
            *counts
                .entry(section.clone())
                .or_default()
                .entry(keyword)
                .or_default() += 1;
        }
    }
    Ok(counts)
}

/// `### 13.1.2. If-None-Match` → `13.1.2`.
fn heading_number(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches('#');
    if rest.len() == line.len() || !rest.starts_with(' ') {
        return None;
    }
    let number = rest.trim_start().split(' ').next()?.strip_suffix('.')?;
    parse_section(&format!("RFC 0 §{number}")).map(|_| number)
}

/// The keywords marked up as `_KEYWORD_` in `line`, in order.
fn keywords_in(line: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('_') {
        let after = &rest[start + 1..];
        let keyword = KEYWORDS.iter().find(|keyword| {
            after
                .strip_prefix(**keyword)
                .is_some_and(|tail| tail.starts_with('_'))
        });
        match keyword {
            Some(keyword) => {
                found.push(*keyword);
                rest = &after[keyword.len() + 1..];
            }
            None => rest = after,
        }
    }
    found
}

fn compare_counts(register: &[Requirement], spec: &Counts) -> Vec<String> {
    let mut entries = Counts::new();
    for entry in register {
        let keyword = KEYWORDS
            .iter()
            .find(|keyword| **keyword == entry.keyword)
            .copied()
            .unwrap_or_default();
        *entries
            .entry(entry.section.clone())
            .or_default()
            .entry(keyword)
            .or_default() += 1;
    }
    let mut problems = Vec::new();
    let sections: BTreeSet<&String> = spec.keys().chain(entries.keys()).collect();
    for section in sections {
        for keyword in KEYWORDS {
            let count = |counts: &Counts| {
                counts
                    .get(section)
                    .and_then(|keywords| keywords.get(keyword))
                    .copied()
                    .unwrap_or(0)
            };
            let (in_spec, in_register) = (count(spec), count(&entries));
            if in_spec != in_register {
                problems.push(format!(
                    "{section}: {in_spec} × {keyword} in the spec, {in_register} in the register"
                ));
            }
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------
// The sources: `// proves:`, `// spec:` and `"proves": [..]`

/// A place that names a requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Citation {
    id: String,
    /// Relative to the repository root, `/`-separated.
    file: String,
    line: usize,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// A test (fn name, or the JSON Lines case name) that proves the requirement.
    Test(String),
    /// Code that implements it.
    Code,
}

#[derive(Debug, Default)]
struct Scan {
    citations: Vec<Citation>,
    /// Misplaced or malformed tags, as `file:line: message`.
    problems: Vec<String>,
}

impl Scan {
    fn cite(&mut self, id: String, file: &str, line: usize, kind: Kind) {
        let file = file.to_owned();
        self.citations.push(Citation {
            id,
            file,
            line,
            kind,
        });
    }

    fn tests_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (&'a Citation, &'a str)> {
        self.citations
            .iter()
            .filter(move |citation| citation.id == id)
            .filter_map(|citation| match &citation.kind {
                Kind::Test(name) => Some((citation, name.as_str())),
                Kind::Code => None,
            })
    }
}

fn scan_tree(root: &Path) -> Result<Scan, String> {
    let mut scan = Scan::default();
    let relative = |path: &Path| {
        let path = path.strip_prefix(root).unwrap_or(path);
        let parts: Vec<_> = path.iter().map(|part| part.to_string_lossy()).collect();
        parts.join("/")
    };
    for dir in SOURCE_DIRS {
        for path in files(&root.join(dir), "rs")? {
            scan_rust(&relative(&path), &read(&path)?, &mut scan);
        }
    }
    for path in files(&root.join(VECTOR_DIR), "jsonl")? {
        scan_jsonl(&relative(&path), &read(&path)?, &mut scan);
    }
    Ok(scan)
}

/// Finds `// proves:` tags (each must sit above a test fn, possibly above its other
/// attributes and comments) and `// spec:` citations (anywhere, also after code).
fn scan_rust(file: &str, text: &str, scan: &mut Scan) {
    let lines: Vec<&str> = text.lines().collect();
    let mut index = 0;
    while index < lines.len() {
        if proves_tag(lines[index]).is_some() {
            let tagged = tagged_test(&lines, index);
            let problem = match tagged.test {
                _ if tagged.ids.is_empty() => Some("`// proves:` names no id".to_owned()),
                Ok(name) => {
                    for (id, line) in tagged.ids {
                        scan.cite(id, file, line, Kind::Test(name.to_owned()));
                    }
                    None
                }
                Err(why) => Some(format!("misplaced `// proves:`: {why}")),
            };
            if let Some(problem) = problem {
                scan.problems
                    .push(format!("{file}:{}: {problem}", index + 1));
            }
            index = tagged.end;
            continue;
        }
        for ids in spec_comments(lines[index]) {
            if ids.is_empty() {
                let message = format!("{file}:{}: `// spec:` names no id", index + 1);
                scan.problems.push(message);
            }
            for id in ids {
                scan.cite(id, file, index + 1, Kind::Code);
            }
        }
        index += 1;
    }
}

/// The `// proves:` tags stacked from one line on and the test fn below them.
struct Tagged<'a> {
    /// Each id with the (1-based) line of its tag.
    ids: Vec<(String, usize)>,
    /// The name of the test fn, or why the tags do not sit above one.
    test: Result<&'a str, &'static str>,
    /// The index of the first line after the tags, comments and attributes.
    end: usize,
}

fn tagged_test<'a>(lines: &[&'a str], start: usize) -> Tagged<'a> {
    let mut ids = Vec::new();
    let mut attributes = Vec::new();
    let mut index = start;
    let test = loop {
        let Some(line) = lines.get(index).map(|line| line.trim()) else {
            break Err("nothing follows");
        };
        if line.starts_with("//") {
            let tag = proves_tag(line).unwrap_or_default();
            ids.extend(tag.into_iter().map(|id| (id, index + 1)));
            index += 1;
        } else if line.starts_with("#[") {
            let (name, end) = attribute(lines, index);
            attributes.push(name);
            index = end + 1;
        } else {
            let is_test = attributes.iter().any(|name| name.contains("test"));
            break match fn_name(line) {
                Some(name) if is_test => Ok(name),
                Some(_) => Err("the fn it sits above has no #[test] attribute"),
                None => Err("it is not followed by a test fn"),
            };
        }
    };
    Tagged {
        ids,
        test,
        end: index,
    }
}

fn proves_tag(line: &str) -> Option<Vec<String>> {
    line_comment(line).and_then(|comment| tag(comment, "proves:"))
}

/// The text of a whole-line `//` comment (not `///` or `//!`).
fn line_comment(line: &str) -> Option<&str> {
    let comment = line.trim_start().strip_prefix("//")?;
    (!comment.starts_with(['/', '!'])).then_some(comment)
}

/// The ids after `tag` (e.g. `proves:`): a comma-separated list, possibly followed by
/// free text that does not start with a comma.
fn tag(comment: &str, tag: &str) -> Option<Vec<String>> {
    let mut rest = comment.trim_start().strip_prefix(tag)?;
    let mut ids = Vec::new();
    loop {
        rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        ids.push(rest[..end].to_owned());
        match rest[end..].trim_start().strip_prefix(',') {
            Some(after) => rest = after,
            None => break,
        }
    }
    Some(ids)
}

/// The id lists of the `// spec:` comments in `line` (a trailing comment included: its
/// `//` must follow whitespace).
fn spec_comments(line: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = line[from..].find("//") {
        let start = from + at;
        let starts_comment = start == 0 || line[..start].ends_with([' ', '\t']);
        if starts_comment
            && let Some(ids) = line_comment(&line[start..]).and_then(|c| tag(c, "spec:"))
        {
            found.push(ids);
        }
        from = start + 2;
    }
    found
}

/// The name of the attribute starting at `lines[start]` (`test` for `#[tokio::test]`)
/// and the index of the line it ends on.
fn attribute(lines: &[&str], start: usize) -> (String, usize) {
    let path: String = lines[start]
        .trim_start()
        .trim_start_matches("#[")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    let name = path.rsplit("::").next().unwrap_or_default().to_owned();
    let mut depth = 0_i32;
    for (index, line) in lines.iter().enumerate().skip(start) {
        depth += line.matches('[').count() as i32 - line.matches(']').count() as i32;
        if depth <= 0 {
            return (name, index);
        }
    }
    (name, lines.len())
}

/// `pub async fn name(…)` → `name`; `None` when the line does not start a fn.
fn fn_name(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    for word in words.by_ref() {
        match word {
            "fn" => break,
            "async" | "const" | "unsafe" => {}
            word if word.starts_with("pub") => {}
            _ => return None,
        }
    }
    let name = words.next()?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// Reads `"proves": ["id", …]` from the top-level object of each line; the case is
/// named by its `"name"` (or `"id"`) member, else by its line.
fn scan_jsonl(file: &str, text: &str, scan: &mut Scan) {
    for (index, line) in text.lines().enumerate() {
        if !line.contains("\"proves\"") {
            continue;
        }
        match json_proves(line) {
            Ok((name, ids)) => {
                let name = name.unwrap_or_else(|| format!("line {}", index + 1));
                for id in ids {
                    scan.cite(id, file, index + 1, Kind::Test(name.clone()));
                }
            }
            Err(error) => scan.problems.push(format!("{file}:{}: {error}", index + 1)),
        }
    }
}

/// The case name and the `proves` ids of one JSON object.
fn json_proves(line: &str) -> Result<(Option<String>, Vec<String>), String> {
    let case: Value = serde_json::from_str(line).map_err(|error| format!("not JSON: {error}"))?;
    let proves = case
        .get("proves")
        .ok_or("`\"proves\"` is not a member of the case object")?;
    let ids = proves
        .as_array()
        .and_then(|ids| ids.iter().map(|id| Some(id.as_str()?.to_owned())).collect())
        .ok_or("`\"proves\"` must be an array of id strings")?;
    let name = ["name", "id"]
        .iter()
        .find_map(|key| case.get(key)?.as_str())
        .map(str::to_owned);
    Ok((name, ids))
}

// ---------------------------------------------------------------------------------------
// Checks and reports

fn check(register: &[Requirement], scan: &Scan) -> Vec<String> {
    let mut problems = scan.problems.clone();
    for citation in &scan.citations {
        if !register.iter().any(|entry| entry.id == citation.id) {
            problems.push(format!(
                "{}:{}: unknown requirement id `{}`",
                citation.file, citation.line, citation.id
            ));
        }
    }
    for entry in register {
        if entry.status == Status::Implemented && scan.tests_of(&entry.id).next().is_none() {
            problems.push(format!(
                "{} ({}) is implemented but no test proves it",
                entry.id, entry.section
            ));
        }
    }
    problems
}

/// The library crates a `docs` pointer may name, and where their sources live.
const CRATES: [(&str, &str); 4] = [
    ("precond", "crates/precondition/src"),
    ("precond_etag", "crates/etag/src"),
    ("precond_date", "crates/date/src"),
    ("precond_range", "crates/range/src"),
];

/// Every caller entry's `docs` pointer (`crate::Item[::member]`) must name an item the
/// crate declares, so the duty it hands to the application is documented somewhere real.
fn check_docs_pointers(root: &Path, register: &[Requirement]) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    for entry in register {
        let Status::Caller { docs } = &entry.status else {
            continue;
        };
        let mut segments = docs.split("::");
        let krate = segments.next().unwrap_or_default();
        let Some((_, dir)) = CRATES.iter().find(|(name, _)| *name == krate) else {
            problems.push(format!(
                "{}: docs `{docs}` names no library crate",
                entry.id
            ));
            continue;
        };
        let mut sources = String::new();
        for file in files(&root.join(dir), "rs")? {
            sources.push_str(&read(&file)?);
        }
        for segment in segments {
            if !declares(&sources, segment) {
                problems.push(format!(
                    "{}: docs `{docs}`: `{segment}` is not declared in {dir}",
                    entry.id
                ));
            }
        }
    }
    Ok(problems)
}

/// Whether `sources` declare `name`: an item (`fn`, `struct`, `enum`, `trait`, `type`,
/// `const`) or an enum variant (a line that starts with the name).
fn declares(sources: &str, name: &str) -> bool {
    sources.lines().any(|line| {
        let line = line.trim_start();
        let item = ["fn ", "struct ", "enum ", "trait ", "type ", "const "]
            .iter()
            .any(|kind| {
                line.split(kind).skip(1).any(|rest| {
                    rest.strip_prefix(name).is_some_and(|after| {
                        !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    })
                })
            });
        let variant = line.strip_prefix(name).is_some_and(|after| {
            after.starts_with([',', '(', '{', ' '])
                && name.starts_with(|c: char| c.is_ascii_uppercase())
        });
        item || variant
    })
}

/// The coverage table: per status, then per section.
fn coverage(register: &[Requirement], scan: &Scan, spec: Option<&Counts>) -> String {
    let tested = |entry: &Requirement| scan.tests_of(&entry.id).next().is_some();
    let mut out = format!("{REGISTER}: {} requirements\n\n", register.len());
    let _ = writeln!(out, "{:<16}{:>8}{:>8}", "status", "entries", "tested");
    for status in Status::NAMES {
        let entries: Vec<_> = register
            .iter()
            .filter(|e| e.status.name() == status)
            .collect();
        let proven = entries.iter().filter(|e| tested(e)).count();
        let _ = writeln!(out, "{status:<16}{:>8}{proven:>8}", entries.len());
    }

    let mut sections: Vec<&str> = Vec::new();
    let spec_sections = spec.into_iter().flat_map(|counts| counts.keys());
    for section in register.iter().map(|e| &e.section).chain(spec_sections) {
        if !sections.contains(&section.as_str()) {
            sections.push(section.as_str());
        }
    }
    let _ = writeln!(
        out,
        "\n{:<22}{:>9}{:>8}{:>8}{:>8}{:>8}{:>6}",
        "section", "keywords", "entries", "impl", "proven", "caller", "n/a"
    );
    for section in sections {
        let entries: Vec<_> = register.iter().filter(|e| e.section == section).collect();
        let count = |status: &str, proven: bool| {
            let matches = |e: &&&Requirement| e.status.name() == status && (!proven || tested(e));
            entries.iter().filter(matches).count()
        };
        let keywords = spec.map_or_else(
            || "-".to_owned(),
            |counts| {
                let n: usize = counts.get(section).map_or(0, |k| k.values().sum());
                n.to_string()
            },
        );
        let _ = writeln!(
            out,
            "{section:<22}{keywords:>9}{:>8}{:>8}{:>8}{:>8}{:>6}",
            entries.len(),
            count("implemented", false),
            count("implemented", true),
            count("caller", false),
            count("not-applicable", false),
        );
    }
    out
}

fn render_readme(register: &[Requirement], scan: &Scan) -> String {
    let mut out = String::from(
        "<!-- Generated by `cargo xtask docs`; do not edit by hand. -->\n\
         # Requirement register\n\n\
         Generated by `cargo xtask docs` from [`requirements.toml`](requirements.toml) and the \
         `// proves:` tags of the tests; do not edit by hand. One row per BCP 14 keyword of the \
         spec excerpts, each stated in our own words. [CONVENTIONS.md](CONVENTIONS.md) explains \
         the register, the tags and the statuses; `cargo xtask spec` fails when an \
         `implemented` requirement has no test.\n\n\
         | status | entries | with tests |\n|---|---:|---:|\n",
    );
    for status in Status::NAMES {
        let entries: Vec<_> = register
            .iter()
            .filter(|e| e.status.name() == status)
            .collect();
        let tested = entries
            .iter()
            .filter(|e| scan.tests_of(&e.id).next().is_some())
            .count();
        let _ = writeln!(out, "| {status} | {} | {tested} |", entries.len());
    }
    let mut section = "";
    for entry in register {
        if entry.section != section {
            section = &entry.section;
            let _ = write!(
                out,
                "\n## {section}\n\n\
                 | id | keyword | requirement | binds | status | proven by |\n\
                 |---|---|---|---|---|---|\n"
            );
        }
        let mut text = cell(&entry.requirement);
        if let Some(note) = &entry.note {
            let _ = write!(text, "<br>*Note:* {}", cell(note));
        }
        let status = match &entry.status {
            Status::Implemented => "implemented".to_owned(),
            Status::NotApplicable { why } => format!("not-applicable: {}", cell(why)),
            Status::Caller { docs } => format!("caller: see `{}`", cell(docs)),
        };
        let tests: Vec<String> = scan
            .tests_of(&entry.id)
            .map(|(citation, name)| {
                format!(
                    "[`{}`](../../{}#L{})",
                    cell(name),
                    citation.file,
                    citation.line
                )
            })
            .collect();
        let tests = match (tests.is_empty(), &entry.status) {
            (false, _) => tests.join("<br>"),
            (true, Status::Implemented) => "**no test yet**".to_owned(),
            (true, _) => String::new(),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {text} | {} | {status} | {tests} |",
            entry.id, entry.keyword, entry.binds
        );
    }
    out
}

/// Text made safe for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

// ---------------------------------------------------------------------------------------
// Files

/// Every file under `dir` ending in `.ext`, sorted; skips `target/` and hidden dirs.
fn files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    if dir.is_dir() {
        walk(dir, ext, &mut found)
            .map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    }
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, ext: &str, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                walk(&path, ext, found)?;
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations() {
        let source = "pub struct Representation {\n    pub fn no_ranges(self) -> Self\n    Cache,\n    Origin { x }\n}";
        for (name, expected) in [
            ("Representation", true),
            ("no_ranges", true),
            ("no_range", false),
            ("Cache", true),
            ("Origin", true),
            ("Missing", false),
            ("x", false),
        ] {
            assert_eq!(declares(source, name), expected, "{name}");
        }
    }

    #[test]
    fn register_syntax_is_toml() {
        let lines = |text: &str| {
            let entries = parse_register(text).unwrap();
            let ids: Vec<_> = entries.iter().map(|entry| entry.id.as_str()).collect();
            assert_eq!(ids, ["9110-13.1.2-a", "9110-13.1.2-b"], "{text}");
        };
        // Comments, any TOML string form, and keys in any order.
        lines(
            "# c\n\n[[requirement]]\nid = \"9110-13.1.2-a\" # trailing\nsection = 'RFC 9110 §13.1.2'\n\
             keyword = \"MUST\"\nrequirement = \"\"\"x = \"y\" \\\\ §\"\"\"\nbinds = \"recipient\"\n\
             status = \"implemented\"\n\n\
             [[requirement]]\nstatus = \"implemented\"\nid = \"9110-13.1.2-b\"\nsection = \"RFC 9110 §13.1.2\"\n\
             keyword = \"MUST\"\nrequirement = \"r\"\nbinds = \"recipient\"\n",
        );
        assert_eq!(parse_register("").map(|entries| entries.len()), Ok(0));
        let error = |text: &str, message: &str| {
            let error = parse_register(text).unwrap_err();
            assert!(error.contains(message), "{text:?}: {error}");
        };
        error("id = \"a\"", "unknown field `id`");
        error("[[requirement]]\nid = \"a", "line 2");
        error("[[requirement]]\nid = \"a\"\nid = \"b\"", "duplicate key");
        error(
            "[[requirement]]\nid = 1",
            "invalid type: integer `1`, expected a string",
        );
    }

    const ENTRY: &str = "[[requirement]]\nid = \"9110-13.1.2-weak\"\nsection = \"RFC 9110 §13.1.2\"\n\
                         keyword = \"MUST\"\nrequirement = \"r\"\nbinds = \"recipient\"\n";

    #[test]
    fn register_entries() {
        let check = |extra: &str, expected: Result<Status, &str>| {
            let actual = parse_register(&format!("{ENTRY}{extra}")).map(|mut entries| {
                assert_eq!(entries.len(), 1);
                entries.remove(0).status
            });
            assert_eq!(actual, expected.map_err(str::to_owned), "extra: {extra:?}");
        };
        check("status = \"implemented\"", Ok(Status::Implemented));
        check(
            "status = \"caller\"\ndocs = \"precond::Outcome\"",
            Ok(Status::Caller {
                docs: "precond::Outcome".to_owned(),
            }),
        );
        check(
            "status = \"not-applicable\"\nwhy = \"client side\"",
            Ok(Status::NotApplicable {
                why: "client side".to_owned(),
            }),
        );
        let status_error = "line 1: `9110-13.1.2-weak`: status must be one of \
                            [\"implemented\", \"caller\", \"not-applicable\"]; `why` goes with \
                            (only) not-applicable, `docs` with (only) caller";
        check("status = \"caller\"", Err(status_error));
        check("status = \"implemented\"\nwhy = \"x\"", Err(status_error));
        check("status = \"done\"", Err(status_error));
        let shape_error = |extra: &str, message: &str| {
            let error = parse_register(&format!("{ENTRY}{extra}")).unwrap_err();
            assert!(error.contains(message), "{extra:?}: {error}");
        };
        shape_error(
            "status = \"implemented\"\nsee = \"x\"",
            "unknown field `see`",
        );
        shape_error("", "missing field `status`");
    }

    #[test]
    fn register_ids() {
        let check = |id: &str, section: &str, expected: Result<(), String>| {
            let text = ENTRY
                .replace("9110-13.1.2-weak", id)
                .replace("RFC 9110 §13.1.2", section);
            let actual = parse_register(&format!("{text}status = \"implemented\"")).map(|_| ());
            assert_eq!(actual, expected, "{id} in {section}");
        };
        check("9110-13.1.2-weak", "RFC 9110 §13.1.2", Ok(()));
        check("9111-4.3.2-a-1", "RFC 9111 §4.3.2", Ok(()));
        let bad_id = |id: &str, prefix: &str, section: &str| {
            Err(format!(
                "line 1: `{id}`: an id in {section} looks like `{prefix}<slug>`, slug in a-z 0-9 -"
            ))
        };
        check(
            "9110-13.1.3-weak",
            "RFC 9110 §13.1.2",
            bad_id("9110-13.1.3-weak", "9110-13.1.2-", "RFC 9110 §13.1.2"),
        );
        check(
            "9110-13.1.2-Weak",
            "RFC 9110 §13.1.2",
            bad_id("9110-13.1.2-Weak", "9110-13.1.2-", "RFC 9110 §13.1.2"),
        );
        check(
            "9110-13.1.2-",
            "RFC 9110 §13.1.2",
            bad_id("9110-13.1.2-", "9110-13.1.2-", "RFC 9110 §13.1.2"),
        );
        check(
            "9110-13.1.2-weak",
            "RFC 9110 13.1.2",
            Err("line 1: `9110-13.1.2-weak`: section `RFC 9110 13.1.2` is not like `RFC 9110 §13.1.2`".to_owned()),
        );
        let twice = format!("{ENTRY}status = \"implemented\"\n{ENTRY}status = \"implemented\"\n");
        assert_eq!(
            parse_register(&twice),
            Err("line 8: duplicate id `9110-13.1.2-weak` (first at line 1)".to_owned())
        );
    }

    #[test]
    fn keyword_counter() {
        let check = |markdown: &str, expected: Result<&[(&str, &str, usize)], &str>| {
            let expected = expected
                .map(|rows| {
                    let mut counts = Counts::new();
                    for (section, keyword, n) in rows {
                        let keyword = KEYWORDS.iter().find(|k| *k == keyword).unwrap();
                        counts
                            .entry((*section).to_owned())
                            .or_default()
                            .insert(keyword, *n);
                    }
                    counts
                })
                .map_err(str::to_owned);
            assert_eq!(count_keywords(markdown, "9110"), expected, "{markdown:?}");
        };
        check("# RFC 9110\n\nno keywords\n", Ok(&[]));
        check(
            "# Title\n### 5.6. Rules\n#### 5.6.1. Lists\nA _MUST NOT_ b _MUST_ c _MUST_.\n\
             ## 14. Range\n_OPTIONAL_ and _SHOULD NOT_ _SHOULD_\n##### 15.4.5. 304\n\
             _...binary data..._ MUST _MAY\n",
            Ok(&[
                ("RFC 9110 §5.6.1", "MUST", 2),
                ("RFC 9110 §5.6.1", "MUST NOT", 1),
                ("RFC 9110 §14", "OPTIONAL", 1),
                ("RFC 9110 §14", "SHOULD", 1),
                ("RFC 9110 §14", "SHOULD NOT", 1),
            ]),
        );
        check("# RFC\nA _MAY_ b\n", Err("line 2: MAY outside any section"));
        assert_eq!(
            keywords_in("x __MUST_ _MUST__SHOULD_"),
            ["MUST", "MUST", "SHOULD"]
        );
        assert_eq!(rfc_number("rfc9111-validation.md"), Some("9111"));
        assert_eq!(rfc_number("README.md"), None);
    }

    #[test]
    fn keyword_counts_against_register() {
        let register = parse_register(&format!("{ENTRY}status = \"implemented\"")).unwrap();
        let spec = count_keywords("### 13.1.2. INM\n_MUST_ _MAY_\n", "9110").unwrap();
        assert_eq!(
            compare_counts(&register, &spec),
            ["RFC 9110 §13.1.2: 1 × MAY in the spec, 0 in the register"]
        );
        assert_eq!(
            compare_counts(&register, &Counts::new()),
            ["RFC 9110 §13.1.2: 0 × MUST in the spec, 1 in the register"]
        );
    }

    fn check_rust(source: &str, citations: &[(&str, usize, Option<&str>)], problems: &[&str]) {
        let mut scan = Scan::default();
        scan_rust("f.rs", source, &mut scan);
        let expected: Vec<Citation> = citations
            .iter()
            .map(|(id, line, test)| Citation {
                id: (*id).to_owned(),
                file: "f.rs".to_owned(),
                line: *line,
                kind: test.map_or(Kind::Code, |name| Kind::Test(name.to_owned())),
            })
            .collect();
        assert_eq!(scan.citations, expected, "{source}");
        assert_eq!(scan.problems, problems, "{source}");
    }

    #[test]
    fn proves_scanner() {
        check_rust(
            "    // proves: a-1, b.2\n    #[test]\n    fn one() {}\n",
            &[("a-1", 1, Some("one")), ("b.2", 1, Some("one"))],
            &[],
        );
        check_rust(
            "// proves: a — the star case, both lists\n// proves: b\n/// Docs.\n\
             #[cfg_attr(\n    miri,\n    ignore\n)]\n#[tokio::test]\nasync fn two() {}\n",
            &[("a", 1, Some("two")), ("b", 2, Some("two"))],
            &[],
        );
        check_rust(
            "proptest! {\n    // proves: p\n    #[test]\n    fn round_trip(x in any::<u8>()) {}\n}\n",
            &[("p", 2, Some("round_trip"))],
            &[],
        );
        check_rust(
            "// proves: a\nfn helper() {}\n// proves: b\n#[test]\n\nfn gap() {}\n// proves: c\n",
            &[],
            &[
                "f.rs:1: misplaced `// proves:`: the fn it sits above has no #[test] attribute",
                "f.rs:3: misplaced `// proves:`: it is not followed by a test fn",
                "f.rs:7: misplaced `// proves:`: nothing follows",
            ],
        );
    }

    #[test]
    fn spec_scanner() {
        check_rust(
            "// spec: a, b\nlet x = 1; // spec: c (why)\n/// spec: doc\n//! spec: inner\n\
             let url = \"http://spec: no\";\n",
            &[("a", 1, None), ("b", 1, None), ("c", 2, None)],
            &[],
        );
    }

    #[test]
    fn jsonl_scanner() {
        let check = |line: &str, expected: Result<(Option<&str>, &[&str]), &str>| {
            let expected = expected
                .map(|(name, ids)| {
                    (
                        name.map(str::to_owned),
                        ids.iter().map(|id| (*id).to_owned()).collect(),
                    )
                })
                .map_err(str::to_owned);
            assert_eq!(json_proves(line), expected, "{line}");
        };
        check(
            r#"{"name": "star \"x\"", "in": {"id": "no", "n": [1, true]}, "proves": ["a", "b"]}"#,
            Ok((Some("star \"x\""), &["a", "b"])),
        );
        check(r#"{"proves": []}"#, Ok((None, &[])));
        check(
            r#"{"proves": "a"}"#,
            Err("`\"proves\"` must be an array of id strings"),
        );
        check(
            r#"{"proves": ["a", 1]}"#,
            Err("`\"proves\"` must be an array of id strings"),
        );
        check(
            r#"{"x": {"proves": ["a"]}}"#,
            Err("`\"proves\"` is not a member of the case object"),
        );
        check(r#"{"id": 7, "proves": ["a"]}"#, Ok((None, &["a"])));
        let error = json_proves(r#"{"proves": ["a"#).unwrap_err();
        assert!(error.starts_with("not JSON: EOF while parsing"), "{error}");

        let mut scan = Scan::default();
        scan_jsonl("v.jsonl", "{\"a\": 1}\n{\"proves\": [\"x\"]}\n", &mut scan);
        assert_eq!(
            scan.citations,
            [Citation {
                id: "x".to_owned(),
                file: "v.jsonl".to_owned(),
                line: 2,
                kind: Kind::Test("line 2".to_owned()),
            }]
        );
    }
}
