//! Running the battery through any client: the plain requests first, then
//! each case, judged as its answer arrives.

use core::fmt;

use http::{HeaderMap, Method, StatusCode};

use crate::battery::{Case, Target, battery, unsafe_battery};
use crate::judge::{Judgement, Received, Verdict, judge};
use crate::validators::{CacheSigns, Validators};

/// An HTTP client the probe sends through: one request, one answer.
///
/// The client adds its own fields (Host, User-Agent…) and must not follow
/// redirects on its own unless told to: a redirect answer is reported.
pub trait Transport {
    /// Why a request got no HTTP answer.
    type Error: std::error::Error + 'static;

    /// Sends `method` with `fields` (and `body`, empty except for PUT) to the
    /// URL named by `target`, and returns the answer (its content counted,
    /// not kept).
    fn send(
        &mut self,
        target: Target,
        method: &Method,
        fields: &HeaderMap,
        body: &[u8],
    ) -> Result<Received, Self::Error>;
}

/// Limits and options of a run.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// At most this many requests in all, plain ones included.
    pub max_requests: usize,
    /// Also send the unsafe cases (PUT, DELETE) to [`Target::Unsafe`].
    pub unsafe_cases: bool,
}

impl Default for Settings {
    /// 100 requests, no unsafe cases.
    fn default() -> Self {
        Settings {
            max_requests: 100,
            unsafe_cases: false,
        }
    }
}

/// Something about the resource the reader needs to know to read the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The plain GET carried neither ETag nor Last-Modified: only the cases
    /// that need no validator were sent.
    NothingToValidate,
    /// A cache seems to answer (Age or Via): its answers are judged by RFC
    /// 9111 §4.3.2 as well.
    Cache(CacheSigns),
    /// HEAD's validators differ from GET's (RFC 9110 §9.3.2 asks for the
    /// same fields).
    HeadDiffers {
        /// GET's ETag and Last-Modified.
        get: String,
        /// HEAD's.
        head: String,
    },
    /// The plain GET of the unsafe URL did not answer 200: no unsafe case was sent.
    UnsafeUnusable(StatusCode),
    /// The validators changed while the battery ran: some verdicts may be wrong.
    ChangedDuringRun {
        /// Before.
        before: String,
        /// After.
        after: String,
    },
    /// The request limit stopped the run before the battery's end.
    Truncated {
        /// Cases not sent.
        skipped: usize,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::NothingToValidate => f.write_str(
                "nothing to validate: the resource sends neither ETag nor Last-Modified (RFC 9110 §8.8); \
                 only the cases that need no validator were sent",
            ),
            Note::Cache(signs) => {
                let show = |v: &Option<http::HeaderValue>| {
                    v.as_ref().map_or_else(|| "-".to_owned(), |v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                };
                write!(
                    f,
                    "a cache answers in front of the origin (Age: {}, Via: {}): its answers are judged by RFC 9111 §4.3.2 too",
                    show(&signs.age),
                    show(&signs.via)
                )
            }
            Note::HeadDiffers { get, head } => {
                write!(f, "HEAD's validators differ from GET's (RFC 9110 §9.3.2): GET {get}; HEAD {head}")
            }
            Note::UnsafeUnusable(status) => {
                write!(f, "the unsafe URL answered {status} to a plain GET, not 200: no unsafe case was sent")
            }
            Note::ChangedDuringRun { before, after } => write!(
                f,
                "the validators changed during the run ({before} → {after}): verdicts after the change may be wrong"
            ),
            Note::Truncated { skipped } => write!(f, "the request limit was reached: {skipped} cases were not sent"),
        }
    }
}

/// One case, its answer and its judgement.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The case sent.
    pub case: Case,
    /// The answer.
    pub received: Received,
    /// The judgement.
    pub judgement: Judgement,
}

/// What a run found.
#[derive(Clone, Debug)]
pub struct Report {
    /// The plain GET's validators.
    pub baseline: Validators,
    /// Notes for the reader.
    pub notes: Vec<Note>,
    /// Every case sent, in order.
    pub results: Vec<CaseResult>,
    /// Requests sent, plain ones included.
    pub requests: usize,
}

/// How many cases passed, failed, and were allowed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Counts {
    /// Answers as the RFC requires.
    pub passed: usize,
    /// Answers that break a requirement.
    pub failed: usize,
    /// Answers the RFC allows besides the preferred one.
    pub allowed: usize,
}

/// `N passed, M failed, K allowed`.
impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} allowed",
            self.passed, self.failed, self.allowed
        )
    }
}

impl Report {
    /// The counts of each verdict.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.results {
            match r.judgement.verdict {
                Verdict::Pass => c.passed += 1,
                Verdict::Fail => c.failed += 1,
                Verdict::Allowed => c.allowed += 1,
            }
        }
        c
    }

    /// The result of the case with this id.
    pub fn result(&self, id: &str) -> Option<&CaseResult> {
        self.results.iter().find(|r| r.case.id() == id)
    }
}

/// Why a run could not judge the server.
#[derive(Debug)]
pub enum RunError<E> {
    /// A request got no HTTP answer.
    Transport(E),
    /// The plain GET was redirected (and the client did not follow).
    Redirect {
        /// The 3xx status.
        status: StatusCode,
        /// Its Location, if any.
        location: Option<String>,
    },
    /// The plain GET did not answer 200: conditions are judged against a 200
    /// (RFC 9110 §13.2.1, §15.4.5).
    NotOk(StatusCode),
    /// Two plain GETs returned different validators: no case can be judged.
    Unstable {
        /// The first GET's ETag and Last-Modified.
        first: String,
        /// The second's.
        second: String,
    },
    /// The request limit leaves no room for the plain requests.
    Limit,
}

impl<E: fmt::Display> fmt::Display for RunError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Transport(e) => write!(f, "{e}"),
            RunError::Redirect { status, location } => write!(
                f,
                "the plain GET was redirected ({status}, Location: {}); probe the target URL, or pass --follow",
                location.as_deref().unwrap_or("none")
            ),
            RunError::NotOk(status) => write!(
                f,
                "the plain GET answered {status}, not 200 OK: conditional requests are judged against a 200 (RFC 9110 §13.2.1)"
            ),
            RunError::Unstable { first, second } => write!(
                f,
                "the validators changed between two plain GETs ({first} → {second}): \
                 the resource changes on every request, so no answer can be judged"
            ),
            RunError::Limit => {
                f.write_str("the request limit leaves no room for the three plain requests")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for RunError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// Runs the probe: two plain GETs and a HEAD (the baseline, and a check that
/// the validators are stable), the battery built from them, one closing GET
/// to check nothing changed meanwhile; with [`Settings::unsafe_cases`], a
/// plain GET of the unsafe URL and its cases too.
pub fn run<T: Transport>(t: &mut T, settings: &Settings) -> Result<Report, RunError<T::Error>> {
    const PLAIN: usize = 3;
    if settings.max_requests < PLAIN {
        return Err(RunError::Limit);
    }
    let mut requests = 0;
    let base = plain(t, Target::Safe, &Method::GET, &mut requests)?;
    if base.status() != StatusCode::OK {
        return Err(RunError::NotOk(base.status()));
    }
    let again = plain(t, Target::Safe, &Method::GET, &mut requests)?;
    if !base.same_validators(&again) {
        return Err(RunError::Unstable {
            first: base.describe(),
            second: again.describe(),
        });
    }
    let head = plain(t, Target::Safe, &Method::HEAD, &mut requests)?;

    let mut notes = Vec::new();
    if !base.has_validators() {
        notes.push(Note::NothingToValidate);
    }
    if let Some(signs) = base.cache() {
        notes.push(Note::Cache(signs));
    }
    if head.status() == StatusCode::OK && !base.same_validators(&head) {
        notes.push(Note::HeadDiffers {
            get: base.describe(),
            head: head.describe(),
        });
    }

    let mut cases: Vec<(Case, Validators)> = battery(&base)
        .into_iter()
        .map(|c| (c, base.clone()))
        .collect();
    let mut budget = settings.max_requests - PLAIN;
    if settings.unsafe_cases && budget > 0 {
        budget -= 1;
        let ubase = plain(t, Target::Unsafe, &Method::GET, &mut requests)?;
        if ubase.status() == StatusCode::OK {
            cases.extend(
                unsafe_battery(&ubase)
                    .into_iter()
                    .map(|c| (c, ubase.clone())),
            );
        } else {
            notes.push(Note::UnsafeUnusable(ubase.status()));
        }
    }

    let mut results = Vec::with_capacity(cases.len());
    let total = cases.len();
    // One request is kept for the closing GET when the budget allows.
    let room = if budget > total {
        total
    } else {
        budget.saturating_sub(1)
    };
    for (case, against) in cases.into_iter().take(room) {
        requests += 1;
        let received = t
            .send(case.target(), case.method(), case.fields(), case.body())
            .map_err(RunError::Transport)?;
        let judgement = judge(&case, &against, &received);
        results.push(CaseResult {
            case,
            received,
            judgement,
        });
    }
    if room < total {
        notes.push(Note::Truncated {
            skipped: total - room,
        });
    }
    if requests < settings.max_requests {
        let after = plain(t, Target::Safe, &Method::GET, &mut requests)?;
        if !base.same_validators(&after) {
            notes.push(Note::ChangedDuringRun {
                before: base.describe(),
                after: after.describe(),
            });
        }
    }
    Ok(Report {
        baseline: base,
        notes,
        results,
        requests,
    })
}

/// One plain request (no conditional field): the validators of its answer.
fn plain<T: Transport>(
    t: &mut T,
    target: Target,
    method: &Method,
    requests: &mut usize,
) -> Result<Validators, RunError<T::Error>> {
    *requests += 1;
    let got = t
        .send(target, method, &HeaderMap::new(), b"")
        .map_err(RunError::Transport)?;
    if got.status.is_redirection() && got.status != StatusCode::NOT_MODIFIED {
        let location = got
            .fields
            .get(http::header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        return Err(RunError::Redirect {
            status: got.status,
            location,
        });
    }
    Ok(Validators::from_response(
        got.status,
        &got.fields,
        got.body_len,
    ))
}
