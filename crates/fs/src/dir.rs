//! [`ServeDir`] and [`ServeFile`]: tower services that serve files with
//! [`serve_content`](crate::serve_content).

use std::convert::Infallible;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use http::header::{CONTENT_ENCODING, VARY};
use http::{HeaderValue, Method, Request, Response, StatusCode};
use precond::{DateStrength, HttpDate};

use crate::body::Body;
use crate::coding::Coding;
use crate::locate::{Found, Lookup, Missing};
use crate::serve::{Content, serve_content, status_only};
use crate::source::{FileSource, blocking};
use crate::validators::HashCache;

/// Serves the files under a directory: GET and HEAD, with preconditions and
/// ranges answered by [`serve_content`](crate::serve_content), and every path
/// that could lead outside the directory refused (see [`path`](crate::path)).
///
/// - A path that names a directory gets its `index.html` (or 404 without one,
///   or with [`index(false)`](Self::index)); a path ending in `/` that names
///   a file gets 404.
/// - `Content-Type` comes from the file name's extension (`mime_guess`);
///   `application/octet-stream` when it says nothing.
/// - With [`precompressed_br`](Self::precompressed_br) /
///   [`precompressed_gzip`](Self::precompressed_gzip), a request whose
///   Accept-Encoding accepts the coding gets `NAME.br` / `NAME.gz` when it
///   exists, with `Content-Encoding`; every response then carries
///   `Vary: Accept-Encoding`, and each coding has its own entity-tag (RFC 9110
///   §8.8.3.3).
/// - Other methods get 405 with `Allow: GET, HEAD`; a path that is refused or
///   names nothing, 404; a file the process may not read, 403; any other
///   error, 500. None of these has a body.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use precond_fs::ServeDir;
///
/// let service = ServeDir::new("public").precompressed_br().precompressed_gzip();
/// let req = http::Request::get("/index.html").body(()).unwrap();
/// let res = service.serve(&req).await;
/// assert_eq!(res.status(), 200);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ServeDir {
    target: Target,
    lookup: Lookup,
}

#[derive(Clone, Debug)]
enum Target {
    Dir {
        root: Arc<PathBuf>,
        /// The root with its symbolic links resolved, taken on first use.
        canonical: Arc<OnceLock<PathBuf>>,
    },
    File(Arc<PathBuf>),
}

impl ServeDir {
    /// Serves the files under `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeDir {
            target: Target::Dir {
                root: Arc::new(root.into()),
                canonical: Arc::default(),
            },
            lookup: Lookup {
                precompressed: Vec::new(),
                index: true,
                hash_cache: None,
            },
        }
    }

    /// Whether a directory is answered with its `index.html` (default true).
    pub fn index(mut self, yes: bool) -> Self {
        self.lookup.index = yes;
        self
    }

    /// Serve `NAME.br` when it exists and the request accepts `br`.
    pub fn precompressed_br(self) -> Self {
        self.precompressed(Coding::Br)
    }

    /// Serve `NAME.gz` when it exists and the request accepts `gzip`.
    pub fn precompressed_gzip(self) -> Self {
        self.precompressed(Coding::Gzip)
    }

    /// Serve `NAME.EXT` for `coding` when it exists and the request accepts
    /// it; codings are tried in the order they were added.
    pub fn precompressed(mut self, coding: Coding) -> Self {
        if !self.lookup.precompressed.contains(&coding) {
            self.lookup.precompressed.push(coding);
        }
        self
    }

    /// Keep the entity-tags computed from the content of files with a
    /// placeholder modification time (see [`validators`](crate::Validators)),
    /// at most `capacity` of them, keyed by the file's stamp. Only for trees
    /// known to be immutable, such as the Nix store: a file rewritten in place
    /// with the same length and the same pinned mtime would keep its old tag.
    pub fn cache_content_hashes(mut self, capacity: usize) -> Self {
        self.lookup.hash_cache = Some(HashCache::new(capacity));
        self
    }

    /// Answers `req`. The future owns what it needs from the request.
    pub fn serve<B>(
        &self,
        req: &Request<B>,
    ) -> impl Future<Output = Response<Body>> + Send + use<B> {
        let this = self.clone();
        let method = req.method().clone();
        let headers = req.headers().clone();
        let uri_path = req.uri().path().to_owned();
        async move {
            if method != Method::GET && method != Method::HEAD {
                // serve_content answers the 405 itself; the disk is not touched.
                let req = precond::Request::new(&method, &headers);
                return serve_content(req, Content::new(bytes::Bytes::new(), 0), HttpDate::now());
            }
            let lookup = this.lookup.clone();
            let request_headers = headers.clone();
            let target = this.target.clone();
            let found = blocking(move || {
                Ok(match &target {
                    Target::Dir { root, canonical } => match canonical_root(root, canonical) {
                        Ok(root) => lookup.in_dir(root, &uri_path, &request_headers),
                        Err(e) => Err(Missing::from(e)),
                    },
                    Target::File(path) => lookup.open(None, PathBuf::clone(path), &request_headers),
                })
            })
            .await;
            match found {
                Ok(Ok(found)) => this.vary(respond(&method, &headers, found)),
                Ok(Err(missing)) => this.missing(&missing),
                Err(_) => this.vary(status_only(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    HttpDate::now(),
                )),
            }
        }
    }

    fn missing(&self, missing: &Missing) -> Response<Body> {
        let status = match missing {
            Missing::Refused | Missing::NotFound => StatusCode::NOT_FOUND,
            Missing::Forbidden => StatusCode::FORBIDDEN,
            Missing::Io => StatusCode::INTERNAL_SERVER_ERROR,
        };
        self.vary(status_only(status, HttpDate::now()))
    }

    /// `Vary: Accept-Encoding` on every response when siblings may be served
    /// (RFC 9110 §12.5.5): which file answers depends on that field.
    fn vary(&self, mut res: Response<Body>) -> Response<Body> {
        if !self.lookup.precompressed.is_empty() {
            res.headers_mut()
                .append(VARY, HeaderValue::from_static("accept-encoding"));
        }
        res
    }
}

/// The root with its symbolic links resolved, taken once it exists.
fn canonical_root<'a>(
    root: &Path,
    canonical: &'a OnceLock<PathBuf>,
) -> std::io::Result<&'a PathBuf> {
    if let Some(root) = canonical.get() {
        return Ok(root);
    }
    let resolved = root.canonicalize()?;
    Ok(canonical.get_or_init(|| resolved))
}

/// The answer for a file found.
fn respond(method: &Method, headers: &http::HeaderMap, found: Found) -> Response<Body> {
    let Found {
        file,
        stamp,
        validators,
        named,
        coding,
    } = found;
    let len = stamp.len();
    let mut content = Content::new(FileSource::new(file, stamp), len)
        .validators(validators)
        .content_type(content_type(&named))
        .date_strength(DateStrength::Weak);
    if let Some(coding) = coding {
        content = content.header(CONTENT_ENCODING, HeaderValue::from_static(coding.as_str()));
    }
    serve_content(
        precond::Request::new(method, headers),
        content,
        HttpDate::now(),
    )
}

/// The media type of a file from its name's extension.
fn content_type(path: &Path) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    HeaderValue::from_str(mime.as_ref())
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

/// Serves one file, whatever the request's path: [`ServeDir`]'s answers for
/// that file.
///
/// ```no_run
/// # async fn run() {
/// use precond_fs::ServeFile;
///
/// let service = ServeFile::new("public/report.pdf");
/// let res = service.serve(&http::Request::get("/anything").body(()).unwrap()).await;
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ServeFile(ServeDir);

impl ServeFile {
    /// Serves the file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let mut dir = ServeDir::new(PathBuf::new());
        dir.target = Target::File(Arc::new(path.into()));
        ServeFile(dir)
    }

    /// Serve `PATH.br` when it exists and the request accepts `br`.
    pub fn precompressed_br(self) -> Self {
        ServeFile(self.0.precompressed_br())
    }

    /// Serve `PATH.gz` when it exists and the request accepts `gzip`.
    pub fn precompressed_gzip(self) -> Self {
        ServeFile(self.0.precompressed_gzip())
    }

    /// See [`ServeDir::cache_content_hashes`].
    pub fn cache_content_hashes(self, capacity: usize) -> Self {
        ServeFile(self.0.cache_content_hashes(capacity))
    }

    /// Answers `req`.
    pub fn serve<B>(
        &self,
        req: &Request<B>,
    ) -> impl Future<Output = Response<Body>> + Send + use<B> {
        self.0.serve(req)
    }
}

/// The future of [`ServeDir`] and [`ServeFile`] as services.
pub type ResponseFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

impl<B: Send + 'static> tower::Service<Request<B>> for ServeDir {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> ResponseFuture {
        let response = self.serve(&req);
        Box::pin(async move { Ok(response.await) })
    }
}

impl<B: Send + 'static> tower::Service<Request<B>> for ServeFile {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        <ServeDir as tower::Service<Request<B>>>::poll_ready(&mut self.0, cx)
    }

    fn call(&mut self, req: Request<B>) -> ResponseFuture {
        self.0.call(req)
    }
}
