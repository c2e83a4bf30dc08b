//! What precond's public items promise beyond the decisions the testkit
//! checks: the stable names (`as_str`, used in the CLI's JSON and in logs),
//! the section each step and reason cites, the `Display` texts, what
//! [`Outcome::range`] and [`Outcome::deciding_step`] give for each outcome,
//! and the accessors of the inputs and of the trace. One table per item, so
//! that a changed name or a swapped section fails here, naming the variant.

use http::header::{IF_MATCH, IF_NONE_MATCH};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use precond::{
    Context, DateStrength, EntityTag, EpochPolicy, Field, HttpDate, IfRangeError, IfRangeValue,
    IgnoredBecause, Outcome, RangeDecision, RangeIgnoredBecause, Representation, Request, Role,
    Stage, Step, Trace, evaluate_traced,
};

#[test]
fn steps_name_their_number_field_and_section() {
    let table = [
        (Step::IfMatch, 1, "if-match", "If-Match", "RFC 9110 §13.1.1"),
        (
            Step::IfUnmodifiedSince,
            2,
            "if-unmodified-since",
            "If-Unmodified-Since",
            "RFC 9110 §13.1.4",
        ),
        (
            Step::IfNoneMatch,
            3,
            "if-none-match",
            "If-None-Match",
            "RFC 9110 §13.1.2",
        ),
        (
            Step::IfModifiedSince,
            4,
            "if-modified-since",
            "If-Modified-Since",
            "RFC 9110 §13.1.3",
        ),
        (Step::IfRange, 5, "if-range", "If-Range", "RFC 9110 §13.1.5"),
        (
            Step::Perform,
            6,
            "perform",
            "perform the method",
            "RFC 9110 §13.2.2",
        ),
    ];
    assert_eq!(table.map(|row| row.0), Step::ALL);
    for (step, number, name, title, section) in table {
        assert_eq!(
            (step.number(), step.as_str(), step.title(), step.section()),
            (number, name, title, section),
            "{step:?}"
        );
        assert_eq!(step.to_string(), format!("step {number} ({title})"));
        assert_eq!(Stage::Step(step).step(), Some(step));
        assert_eq!(Stage::Step(step).to_string(), format!("step {number}"));
    }
    assert_eq!(Stage::Gate.step(), None);
    assert_eq!(Stage::Gate.to_string(), "gate");
}

#[test]
fn settings_have_stable_names() {
    for (name, text) in [
        (Role::Origin.as_str(), Role::Origin.to_string()),
        (Role::Cache.as_str(), Role::Cache.to_string()),
        (DateStrength::Auto.as_str(), DateStrength::Auto.to_string()),
        (
            DateStrength::Strong.as_str(),
            DateStrength::Strong.to_string(),
        ),
        (DateStrength::Weak.as_str(), DateStrength::Weak.to_string()),
        (
            EpochPolicy::TreatAsAbsent.as_str(),
            EpochPolicy::TreatAsAbsent.to_string(),
        ),
        (EpochPolicy::Trust.as_str(), EpochPolicy::Trust.to_string()),
    ] {
        assert_eq!(name, text, "Display writes the stable name");
    }
    assert_eq!(
        [Role::Origin.as_str(), Role::Cache.as_str()],
        ["origin", "cache"]
    );
    assert_eq!(
        [DateStrength::Auto, DateStrength::Strong, DateStrength::Weak].map(DateStrength::as_str),
        ["auto", "strong", "weak"]
    );
    assert_eq!(
        [EpochPolicy::TreatAsAbsent, EpochPolicy::Trust].map(EpochPolicy::as_str),
        ["treat-as-absent", "trust"]
    );
}

#[test]
fn reasons_have_stable_names_and_cite_their_section() {
    for (why, name, section) in [
        (
            IgnoredBecause::UnconditionalStatus,
            "unconditional-status",
            "RFC 9110 §13.2.1",
        ),
        (IgnoredBecause::Method, "method", "RFC 9110 §13.2.1"),
        (
            IgnoredBecause::CacheMethod,
            "cache-method",
            "RFC 9111 §4.3.2",
        ),
        (IgnoredBecause::NotStored, "not-stored", "RFC 9111 §4.3.2"),
    ] {
        assert_eq!((why.as_str(), why.section()), (name, section), "{why:?}");
        // The alternate form is the plain one without the citation.
        assert_eq!(format!("{why:#} ({section})"), why.to_string());
        assert!(!format!("{why:#}").contains("RFC"), "{why:#}");
    }
    for (why, name, section) in [
        (RangeIgnoredBecause::NotGet, "not-get", "RFC 9110 §14.2"),
        (RangeIgnoredBecause::NotOk, "not-ok", "RFC 9110 §14.2"),
        (
            RangeIgnoredBecause::NotSupported,
            "not-supported",
            "RFC 9110 §14",
        ),
        (
            RangeIgnoredBecause::IfRangeFalse,
            "if-range-false",
            "RFC 9110 §13.1.5",
        ),
    ] {
        assert_eq!((why.as_str(), why.section()), (name, section), "{why:?}");
        assert_eq!(format!("{why:#} ({section})"), why.to_string());
        assert!(!format!("{why:#}").contains("RFC"), "{why:#}");
    }
    for (range, name) in [
        (RangeDecision::Absent, "absent"),
        (RangeDecision::Honour, "honour"),
        (RangeDecision::Ignore(RangeIgnoredBecause::NotOk), "ignore"),
    ] {
        assert_eq!(range.as_str(), name, "{range:?}");
    }
}

#[test]
fn each_outcome_says_its_status_range_and_deciding_step() {
    let ok = StatusCode::NO_CONTENT;
    let if_range_false = RangeDecision::Ignore(RangeIgnoredBecause::IfRangeFalse);
    let table = [
        (Outcome::Ignored(IgnoredBecause::Method), ok, None, None),
        (
            Outcome::Proceed {
                range: RangeDecision::Absent,
            },
            ok,
            Some(RangeDecision::Absent),
            Some(Step::Perform),
        ),
        (
            Outcome::Proceed {
                range: RangeDecision::Honour,
            },
            StatusCode::PARTIAL_CONTENT,
            Some(RangeDecision::Honour),
            Some(Step::Perform),
        ),
        (
            Outcome::Proceed {
                range: if_range_false,
            },
            ok,
            Some(if_range_false),
            Some(Step::IfRange),
        ),
        (
            Outcome::NotModified {
                step: Step::IfModifiedSince,
            },
            StatusCode::NOT_MODIFIED,
            None,
            Some(Step::IfModifiedSince),
        ),
        (
            Outcome::PreconditionFailed {
                step: Step::IfUnmodifiedSince,
            },
            StatusCode::PRECONDITION_FAILED,
            None,
            Some(Step::IfUnmodifiedSince),
        ),
    ];
    for (outcome, status, range, step) in table {
        assert_eq!(
            (outcome.status(ok), outcome.range(), outcome.deciding_step()),
            (status, range, step),
            "{outcome:?}"
        );
    }
    for (outcome, text) in [
        (
            Outcome::PreconditionFailed {
                step: Step::IfMatch,
            },
            "412 Precondition Failed at step 1 (If-Match)",
        ),
        (
            Outcome::NotModified {
                step: Step::IfNoneMatch,
            },
            "304 Not Modified at step 3 (If-None-Match)",
        ),
        (
            Outcome::Proceed {
                range: RangeDecision::Absent,
            },
            "proceed: no Range",
        ),
    ] {
        assert_eq!(outcome.to_string(), text);
    }
}

/// `{:#}` is for a caller that cites the section itself (the probe's
/// findings): every reason's citation is left out, and only that.
#[test]
fn the_alternate_form_leaves_out_the_citations() {
    let table = [
        (
            Outcome::Ignored(IgnoredBecause::NotStored),
            "conditions ignored: the cache has no stored response for the target",
            " (RFC 9111 §4.3.2)",
        ),
        (
            Outcome::Proceed {
                range: RangeDecision::Honour,
            },
            "proceed: process the Range",
            " (RFC 9110 §14.2)",
        ),
        (
            Outcome::Proceed {
                range: RangeDecision::Ignore(RangeIgnoredBecause::IfRangeFalse),
            },
            "proceed: ignore any Range: the If-Range condition is false",
            " (RFC 9110 §13.1.5)",
        ),
        (
            Outcome::Proceed {
                range: RangeDecision::Absent,
            },
            "proceed: no Range",
            "",
        ),
        (
            Outcome::PreconditionFailed {
                step: Step::IfUnmodifiedSince,
            },
            "412 Precondition Failed at step 2 (If-Unmodified-Since)",
            "",
        ),
    ];
    for (outcome, bare, citation) in table {
        assert_eq!(format!("{outcome:#}"), bare);
        assert_eq!(outcome.to_string(), format!("{bare}{citation}"));
    }
}

#[test]
fn fields_name_their_header() {
    for (field, name) in [
        (Field::IfMatch, "If-Match"),
        (Field::IfUnmodifiedSince, "If-Unmodified-Since"),
        (Field::IfNoneMatch, "If-None-Match"),
        (Field::IfModifiedSince, "If-Modified-Since"),
        (Field::IfRange, "If-Range"),
        (Field::Range, "Range"),
    ] {
        assert_eq!((field.as_str(), field.to_string()), (name, name.to_owned()));
        assert!(
            field.header_name().as_str().eq_ignore_ascii_case(name),
            "{field:?}"
        );
    }
}

/// An If-Range value that cannot be read says which reading failed, and
/// gives the grammar's error as its text and as its source.
#[test]
fn if_range_errors_name_the_reading_and_keep_the_cause() {
    use std::error::Error as _;

    let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
    for (value, prefix) in [
        (&b"\"open"[..], "not an entity-tag: "),
        (&b"W/\"v1"[..], "not an entity-tag: "),
        (&b"yesterday"[..], "not an HTTP-date: "),
    ] {
        let err = IfRangeValue::parse(value, now).unwrap_err();
        let cause = match err {
            IfRangeError::Tag(e) => e.to_string(),
            IfRangeError::Date(e) => e.to_string(),
        };
        assert!(!cause.is_empty());
        assert_eq!(err.to_string(), format!("{prefix}{cause}"));
        let source = err.source().map(ToString::to_string);
        assert_eq!(source, Some(cause));
    }
}

/// `Field::ALL` is the one list of the fields a layer copies or looks for:
/// each field once, the preconditions in the order of the steps that read
/// them (RFC 9110 §13.2.2), Range last and the only one that is not a
/// precondition (RFC 9110 §13.1).
#[test]
fn all_fields_are_listed_once_in_the_order_of_the_steps() {
    let steps = [
        Step::IfMatch,
        Step::IfUnmodifiedSince,
        Step::IfNoneMatch,
        Step::IfModifiedSince,
        Step::IfRange,
    ];
    let (preconditions, rest) = Field::ALL.split_at(steps.len());
    for (field, step) in preconditions.iter().zip(steps) {
        assert_eq!(field.as_str(), step.title(), "{step:?}");
        assert!(field.is_precondition(), "{field:?}");
    }
    assert_eq!(rest, [Field::Range]);
    assert!(!Field::Range.is_precondition());
}

#[test]
fn inputs_give_back_what_was_set() {
    let tag = EntityTag::parse(b"W/\"v1\"").unwrap();
    let date = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
    let rep = Representation::new();
    assert_eq!(
        (
            rep.etag(),
            rep.last_modified(),
            rep.exists(),
            rep.supports_ranges()
        ),
        (None, None, true, true)
    );
    let rep = rep
        .with_etag(tag.as_tag())
        .with_last_modified(date)
        .missing()
        .no_ranges();
    assert_eq!(
        (
            rep.etag(),
            rep.last_modified(),
            rep.exists(),
            rep.supports_ranges()
        ),
        (Some(tag.as_tag()), Some(date), false, false)
    );
    let ctx = Context::new(date);
    assert_eq!(
        (
            ctx.now(),
            ctx.role(),
            ctx.unconditional_status(),
            ctx.last_modified_strength(),
            ctx.epoch_policy()
        ),
        (
            date,
            Role::Origin,
            StatusCode::OK,
            DateStrength::Auto,
            EpochPolicy::TreatAsAbsent
        )
    );
}

#[test]
fn a_trace_records_the_stages_and_their_lines() {
    let tag = EntityTag::parse(b"\"v1\"").unwrap();
    let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
    let rep = Representation::new().with_etag(tag.as_tag());
    let ctx = Context::new(now);
    let mut headers = HeaderMap::new();
    headers.append(IF_NONE_MATCH, HeaderValue::from_static("\"v0\""));
    headers.append(IF_NONE_MATCH, HeaderValue::from_static("\"v1\""));
    let mut other = HeaderMap::new();
    other.append(IF_NONE_MATCH, HeaderValue::from_static("\"v0\""));
    other.append(IF_MATCH, HeaderValue::from_static("\"v1\""));

    let mut trace = Trace::new();
    assert!(trace.is_empty());
    let outcome = evaluate_traced(Request::new(&Method::GET, &headers), &rep, &ctx, &mut trace);
    assert_eq!(
        outcome,
        Outcome::NotModified {
            step: Step::IfNoneMatch
        }
    );
    assert!(!trace.is_empty());
    let steps: Vec<Option<Step>> = trace.iter().map(precond::Entry::step).collect();
    assert_eq!(steps.first(), Some(&None), "the gate comes first");
    assert!(steps.contains(&Some(Step::IfNoneMatch)), "{steps:?}");
    let entry = trace.step(Step::IfNoneMatch).unwrap();
    assert_eq!(entry.step(), Some(Step::IfNoneMatch));
    assert_eq!(entry.lines().count(), 2);
    // Debug lists the lines as `HeaderValue`s show themselves, in order.
    assert_eq!(format!("{:?}", entry.lines()), r#"["\"v0\"", "\"v1\""]"#);

    // Lines are equal when they hold the same values.
    let mut second = Trace::new();
    let outcome = evaluate_traced(Request::new(&Method::GET, &other), &rep, &ctx, &mut second);
    assert_eq!(
        outcome,
        Outcome::Proceed {
            range: RangeDecision::Absent
        }
    );
    let one_line = second.step(Step::IfNoneMatch).unwrap().lines();
    assert_ne!(entry.lines(), one_line);
    assert_eq!(entry.lines(), entry.lines());
    assert_eq!(one_line, one_line);
}

/// With the `arbitrary` feature (fuzzing), a decoded `Representation`
/// reaches every shape: with and without each validator, missing, without
/// range support.
#[cfg(feature = "arbitrary")]
#[test]
fn arbitrary_representations_reach_every_shape() {
    use arbitrary::{Arbitrary, Unstructured};

    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut seen = [[false; 2]; 4];
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..64)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let rep = Representation::arbitrary(&mut Unstructured::new(&bytes)).unwrap();
        for (shape, value) in [
            rep.etag().is_some(),
            rep.last_modified().is_some(),
            rep.exists(),
            rep.supports_ranges(),
        ]
        .into_iter()
        .enumerate()
        {
            seen[shape][usize::from(value)] = true;
        }
    }
    assert_eq!(seen, [[true; 2]; 4]);
}

/// A Last-Modified at Unix second 0 or 1 set aside by the default
/// [`EpochPolicy::TreatAsAbsent`] is kept in the trace as the placeholder,
/// and the conditions saw no modification date; under
/// [`EpochPolicy::Trust`] it is the modification date and no placeholder.
#[test]
fn a_trace_keeps_the_placeholder_it_set_aside() {
    let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
    let headers = HeaderMap::new();
    for second in [0, 1] {
        let epoch = HttpDate::from_unix_seconds(second).unwrap();
        let rep = Representation::new().with_last_modified(epoch);
        let mut trace = Trace::new();
        evaluate_traced(
            Request::new(&Method::GET, &headers),
            &rep,
            &Context::new(now),
            &mut trace,
        );
        assert_eq!(trace.placeholder(), Some(epoch), "second {second}");
        assert_eq!(trace.last_modified(), None, "second {second}");

        let mut trusted = Trace::new();
        let ctx = Context::new(now).with_epoch_policy(EpochPolicy::Trust);
        evaluate_traced(
            Request::new(&Method::GET, &headers),
            &rep,
            &ctx,
            &mut trusted,
        );
        assert_eq!(trusted.placeholder(), None, "second {second}");
        assert_eq!(trusted.last_modified(), Some(epoch), "second {second}");
    }
}

/// The trace's last line for a method other than GET says "no Range" when
/// the request had none, and that the Range is ignored when it had one
/// (RFC 9110 §14.2: only GET ranges), whatever the outcome records.
#[test]
fn a_trace_of_a_put_says_whether_a_range_was_there() {
    let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
    let rep = Representation::new();
    let ctx = Context::new(now);
    let last_line = |headers: &HeaderMap| {
        let mut trace = Trace::new();
        let outcome = evaluate_traced(Request::new(&Method::PUT, headers), &rep, &ctx, &mut trace);
        assert_eq!(
            outcome,
            Outcome::Proceed {
                range: RangeDecision::Ignore(RangeIgnoredBecause::NotGet)
            }
        );
        trace.to_string().lines().last().unwrap().to_owned()
    };
    assert_eq!(last_line(&HeaderMap::new()), "=> proceed: no Range");
    let mut ranged = HeaderMap::new();
    ranged.insert(http::header::RANGE, HeaderValue::from_static("bytes=0-9"));
    let with_range = last_line(&ranged);
    assert_eq!(
        with_range,
        format!(
            "=> {}",
            Outcome::Proceed {
                range: RangeDecision::Ignore(RangeIgnoredBecause::NotGet)
            }
        )
    );
    assert!(with_range.contains("ignore any Range"), "{with_range}");
}
