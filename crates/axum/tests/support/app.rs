//! The REST app of `examples/rest.rs` and `tests/socket.rs`: notes in
//! memory, read with cheap 304s, created with `If-None-Match: *` and updated
//! with `If-Match`, each write checked and performed under the store's one
//! lock, so that two updates of the same version cannot both succeed.
#![allow(dead_code, unreachable_pub)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use precond_axum::{Content, Current, Preconditions, Rejection};

/// One note: its text, a version that every write increments, and when it
/// was last written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub version: u64,
    pub updated_at: SystemTime,
    pub text: String,
}

impl Note {
    /// Its validators: the version as the entity-tag, `updated_at` as
    /// Last-Modified.
    pub fn current(&self) -> Current {
        Current::from((self.version, self.updated_at))
            .with_field(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
    }
}

/// The store: notes by id, and how many times a body was rendered.
#[derive(Clone, Default)]
pub struct Store {
    notes: Arc<Mutex<HashMap<u64, Note>>>,
    renders: Arc<AtomicUsize>,
}

impl Store {
    /// A copy of note `id`.
    pub fn get(&self, id: u64) -> Option<Note> {
        let notes = self.notes.lock().unwrap_or_else(PoisonError::into_inner);
        notes.get(&id).cloned()
    }

    /// How many bodies the GET handler has rendered.
    pub fn renders(&self) -> usize {
        self.renders.load(Ordering::SeqCst)
    }

    /// Checks and writes note `id` under the store's lock: `write` sees the
    /// note as it is (or `None`) and returns the new one or a rejection; no
    /// other write can come between what it saw and what it stores. This is
    /// the pattern that makes `If-Match` stop lost updates: a check before
    /// taking the lock would let two writers pass against one version.
    pub fn write(
        &self,
        id: u64,
        write: impl FnOnce(Option<&Note>) -> Result<Note, Rejection>,
    ) -> Result<(bool, Note), Rejection> {
        let mut notes = self.notes.lock().unwrap_or_else(PoisonError::into_inner);
        let old = notes.get(&id);
        let created = old.is_none();
        let new = write(old)?;
        notes.insert(id, new.clone());
        Ok((created, new))
    }
}

/// `GET` and `HEAD /notes/{id}`; `PUT /notes/{id}`.
pub fn app(store: Store) -> Router {
    Router::new()
        .route("/notes/{id}", get(read).put(put))
        .with_state(store)
}

/// 200 with the text, 304 without rendering it, 404 when there is no note.
async fn read(State(store): State<Store>, Path(id): Path<u64>, pre: Preconditions) -> Response {
    let Some(note) = store.get(id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    pre.respond(&note.current(), || {
        store.renders.fetch_add(1, Ordering::SeqCst);
        Content::from(note.text)
    })
}

/// Creates (201, with `If-None-Match: *`) or replaces (204, with the
/// current ETag in `If-Match`) a note; 428 without a precondition, 412 when
/// it is false. The response carries the new ETag and Last-Modified.
async fn put(
    State(store): State<Store>,
    Path(id): Path<u64>,
    pre: Preconditions,
    text: String,
) -> Result<Response, Rejection> {
    let pre = pre.required();
    let (created, note) = store.write(id, |old| {
        pre.check(&old.map(Note::current).into())?;
        Ok(Note {
            version: old.map_or(1, |note| note.version + 1),
            updated_at: SystemTime::now(),
            text,
        })
    })?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::NO_CONTENT
    };
    let current = note.current();
    let fields = [
        current
            .etag()
            .map(|tag| (header::ETAG, tag.to_header_value())),
        current
            .last_modified()
            .map(|date| (header::LAST_MODIFIED, HeaderValue::from(date))),
    ];
    let mut res = status.into_response();
    res.headers_mut().extend(fields.into_iter().flatten());
    Ok(res)
}
