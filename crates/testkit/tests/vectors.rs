//! Conformance vectors: `tests/vectors/*.jsonl` at the repository root, one
//! JSON object per line in the `precond check` input format. Each vector is run
//! through both the reference oracle and `precond`; both must answer the
//! vector's `expect`, and every evaluation invariant must hold. A failure
//! names the vector's id.

use std::path::{Path, PathBuf};

use http::{HeaderName, Method, StatusCode};
use precond_date::HttpDate;
use precond_etag::EntityTag;
use precond_testkit::{Case, Resource, Role, invariants};
use serde_json::Value;

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// One vector, read into a case.
struct Vector {
    id: String,
    case: Case,
    expect: u16,
}

fn string<'v>(object: &'v Value, key: &str) -> Result<Option<&'v str>, String> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("`{key}` must be a string, not {other}")),
    }
}

fn boolean(object: &Value, key: &str, default: bool) -> Result<bool, String> {
    match object.get(key) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!("`{key}` must be true or false, not {other}")),
    }
}

fn date(text: &str, now: HttpDate) -> Result<HttpDate, String> {
    HttpDate::parse_at(text.as_bytes(), now)
        .map_err(|e| format!("{text:?} is not an HTTP-date: {e}"))
}

fn read(line: &str) -> Result<Vector, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let id = string(&value, "id")?.ok_or("no `id`")?.to_owned();
    let now_text = string(&value, "now")?.ok_or("no `now`")?;
    let now = date(now_text, HttpDate::UNIX_EPOCH)?;
    let expect = value
        .get("expect")
        .and_then(Value::as_u64)
        .and_then(|n| u16::try_from(n).ok())
        .ok_or("no numeric `expect`")?;
    let method = string(&value, "method")?.unwrap_or("GET");
    let method = Method::from_bytes(method.as_bytes()).map_err(|e| format!("method: {e}"))?;
    let mut case = Case::new(method, now);
    for field in value
        .get("headers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(name), Some(text)) = (
            field.get(0).and_then(Value::as_str),
            field.get(1).and_then(Value::as_str),
        ) else {
            return Err(format!("a header must be [name, value], not {field}"));
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("{name:?}: {e}"))?;
        case.push_field(name, text.as_bytes())
            .map_err(|e| format!("{text:?}: {e}"))?;
    }
    let empty = Value::Object(serde_json::Map::new());
    let resource = value.get("resource").unwrap_or(&empty);
    case.resource = Resource {
        exists: boolean(resource, "exists", true)?,
        etag: string(resource, "etag")?
            .map(|t| EntityTag::parse(t.as_bytes()).map_err(|e| format!("etag {t:?}: {e}")))
            .transpose()?,
        last_modified: string(resource, "last_modified")?
            .map(|t| date(t, now))
            .transpose()?,
        ranges: boolean(resource, "ranges", true)?,
    };
    case.role = match string(&value, "role")?.unwrap_or("origin") {
        "origin" => Role::Origin,
        "cache" => Role::Cache,
        other => return Err(format!("role {other:?} is neither origin nor cache")),
    };
    if let Some(status) = value.get("status_without_conditions") {
        case.unconditional = status
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .and_then(|n| StatusCode::from_u16(n).ok())
            .ok_or_else(|| format!("status_without_conditions {status} is not a status code"))?;
    }
    Ok(Vector { id, case, expect })
}

/// Runs one vector; `Err` says what went wrong (a panic included, so that
/// one broken vector does not hide the others).
fn check(vector: &Vector) -> Result<(), String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| evaluate(vector))).unwrap_or_else(
        |panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        },
    )
}

fn evaluate(vector: &Vector) -> Result<(), String> {
    let oracle = vector.case.oracle().status;
    let precond = vector.case.status().as_u16();
    if oracle != vector.expect || precond != vector.expect {
        return Err(format!(
            "expected {}, precond answers {precond}, the oracle {oracle}",
            vector.expect
        ));
    }
    invariants::check_all(&vector.case).map_err(|v| v.to_string())
}

#[test]
fn conformance_vectors() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vector_dir())
        .expect("tests/vectors exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no vectors in {}",
        vector_dir().display()
    );
    let mut ids = std::collections::HashSet::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(file).expect("a readable vector file");
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            count += 1;
            let result = read(line).and_then(|vector| {
                if !ids.insert(vector.id.clone()) {
                    return Err(format!("{}: duplicate id", vector.id));
                }
                check(&vector).map_err(|why| format!("{}: {why}", vector.id))
            });
            if let Err(why) = result {
                failures.push(format!("{name}:{}: {why}", number + 1));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
