//! An HTTP/1.1 client for the probe (feature `client`): `ureq`, blocking, with
//! rustls and the system's roots.

use core::fmt;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderMap, Method, Uri};
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::battery::Target;
use crate::judge::Received;
use crate::run::Transport;

/// The `User-Agent` the probe sends unless told otherwise.
pub const USER_AGENT: &str = concat!("precond-probe/", env!("CARGO_PKG_VERSION"));

/// The most content counted per answer; the rest makes the request fail.
const BODY_LIMIT: u64 = 1 << 30;

/// How the client is set up.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The resource probed with GET and HEAD.
    pub url: String,
    /// The resource the unsafe cases (PUT, DELETE) go to.
    pub unsafe_url: Option<String>,
    /// Extra fields sent with every request (authorization, cookies…); they
    /// replace the client's own of the same name (User-Agent, Accept-Encoding).
    pub fields: HeaderMap,
    /// The time one request may take, from connecting to the last byte.
    pub timeout: Duration,
    /// The least time between two requests.
    pub interval: Duration,
    /// Follow redirects (a 3xx other than 304, by its Location) on every
    /// request, at most 5 in a row (a sixth is an error). Authorization and
    /// Cookie are dropped on each hop; after a 301, 302 or 303 a PUT or
    /// DELETE goes on as a GET, and a 307 or 308 answered to them is not
    /// followed (ureq's rules).
    pub follow: bool,
    /// Trust these PEM certificates instead of the system's roots.
    pub ca_pem: Option<Vec<u8>>,
    /// Do not verify the server's certificate.
    pub insecure: bool,
}

impl ClientConfig {
    /// Defaults for `url`: a 10 s timeout, 20 ms between requests, no
    /// redirects, the system's roots.
    pub fn new(url: impl Into<String>) -> Self {
        ClientConfig {
            url: url.into(),
            unsafe_url: None,
            fields: HeaderMap::new(),
            timeout: Duration::from_secs(10),
            interval: Duration::from_millis(20),
            follow: false,
            ca_pem: None,
            insecure: false,
        }
    }
}

/// The client: one `ureq` agent, the two URLs, the pacing.
pub struct Client {
    agent: ureq::Agent,
    safe: Uri,
    unsafe_url: Option<Uri>,
    fields: HeaderMap,
    interval: Duration,
    last: Option<Instant>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.safe)
            .field("unsafe_url", &self.unsafe_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Checks the URLs and the certificates and builds the agent.
    pub fn new(config: &ClientConfig) -> Result<Self, ClientError> {
        let safe = parse_url(&config.url)?;
        let unsafe_url = config.unsafe_url.as_deref().map(parse_url).transpose()?;
        let roots = match &config.ca_pem {
            Some(pem) => {
                let certs = ureq::tls::parse_pem(pem)
                    .filter_map(|item| match item {
                        Ok(ureq::tls::PemItem::Certificate(c)) => Some(Ok(c)),
                        Ok(_) => None,
                        Err(e) => Some(Err(e)),
                    })
                    .collect::<Result<Vec<Certificate<'static>>, _>>()
                    .map_err(|e| {
                        ClientError::Tls(format!("cannot read the CA certificates: {e}"))
                    })?;
                if certs.is_empty() {
                    return Err(ClientError::Tls(
                        "the CA file holds no PEM certificate".to_owned(),
                    ));
                }
                RootCerts::Specific(Arc::new(certs))
            }
            None => RootCerts::PlatformVerifier,
        };
        let tls = TlsConfig::builder()
            .root_certs(roots)
            .disable_verification(config.insecure)
            .build();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(if config.follow { 5 } else { 0 })
            .timeout_global(Some(config.timeout))
            .user_agent(USER_AGENT)
            .accept_encoding("identity")
            .tls_config(tls)
            .max_idle_connections_per_host(1)
            .build()
            .new_agent();
        Ok(Client {
            agent,
            safe,
            unsafe_url,
            fields: config.fields.clone(),
            interval: config.interval,
            last: None,
        })
    }

    /// Sends one request.
    fn request(
        &mut self,
        target: Target,
        method: &Method,
        fields: &HeaderMap,
        body: &[u8],
    ) -> Result<Received, ClientError> {
        let uri = match target {
            Target::Safe => &self.safe,
            Target::Unsafe => self.unsafe_url.as_ref().ok_or(ClientError::NoUnsafeUrl)?,
        };
        if let Some(last) = self.last {
            let wait = self.interval.saturating_sub(last.elapsed());
            std::thread::sleep(wait);
        }
        self.last = Some(Instant::now());
        let mut builder = http::Request::builder()
            .method(method.clone())
            .uri(uri.clone());
        if let Some(map) = builder.headers_mut() {
            // ureq adds User-Agent and Accept-Encoding only when the request
            // has none: the user's fields replace them.
            for (name, value) in &self.fields {
                map.append(name.clone(), value.clone());
            }
            for (name, value) in fields {
                map.append(name.clone(), value.clone());
            }
        }
        let result = if body.is_empty() {
            builder
                .body(())
                .map_err(|e| ClientError::Url(e.to_string()))
                .and_then(|r| self.agent.run(r).map_err(ClientError::from))
        } else {
            builder
                .body(body)
                .map_err(|e| ClientError::Url(e.to_string()))
                .and_then(|r| self.agent.run(r).map_err(ClientError::from))
        };
        let mut response = result?;
        let status = response.status();
        let fields = response.headers().clone();
        let mut reader = response.body_mut().with_config().limit(BODY_LIMIT).reader();
        let body_len =
            io::copy(&mut reader, &mut io::sink()).map_err(|e| ClientError::from_io(&e))?;
        Ok(Received {
            status,
            fields,
            body_len,
        })
    }
}

impl Transport for Client {
    type Error = ClientError;

    fn send(
        &mut self,
        target: Target,
        method: &Method,
        fields: &HeaderMap,
        body: &[u8],
    ) -> Result<Received, ClientError> {
        self.request(target, method, fields, body)
    }
}

fn parse_url(url: &str) -> Result<Uri, ClientError> {
    let uri: Uri = url
        .parse()
        .map_err(|e| ClientError::Url(format!("{url:?} is not a URL: {e}")))?;
    match uri.scheme_str() {
        Some("http" | "https") if uri.authority().is_some() => Ok(uri),
        _ => Err(ClientError::Url(format!(
            "{url:?} is not an http:// or https:// URL with a host"
        ))),
    }
}

/// Why a request got no HTTP answer.
#[derive(Debug)]
pub enum ClientError {
    /// The URL cannot be used.
    Url(String),
    /// Unsafe cases without an unsafe URL.
    NoUnsafeUrl,
    /// The host name does not resolve.
    HostNotFound,
    /// Nothing accepts connections there.
    Refused(String),
    /// The server closed the connection before a complete answer.
    Closed(String),
    /// The answer is not HTTP/1.x.
    NotHttp(String),
    /// The request took longer than the timeout.
    Timeout(String),
    /// TLS failed (certificate, handshake, CA file).
    Tls(String),
    /// Anything else the client reported.
    Other(String),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Url(m) => write!(f, "malformed URL: {m}"),
            ClientError::NoUnsafeUrl => {
                f.write_str("unsafe cases need a URL for them (--unsafe URL)")
            }
            ClientError::HostNotFound => f.write_str("the host name does not resolve"),
            ClientError::Refused(m) => write!(f, "connection refused: nothing listens there ({m})"),
            ClientError::Closed(m) => write!(
                f,
                "the server closed the connection before a complete answer ({m})"
            ),
            ClientError::NotHttp(m) => write!(f, "the server's answer is not HTTP/1.1 ({m})"),
            ClientError::Timeout(m) => write!(f, "timed out: {m}"),
            ClientError::Tls(m) => write!(
                f,
                "TLS: {m} (--cacert FILE trusts a CA, --insecure skips verification)"
            ),
            ClientError::Other(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for ClientError {}

impl ClientError {
    fn from_io(e: &io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::ConnectionRefused => ClientError::Refused(e.to_string()),
            io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe => ClientError::Closed(e.to_string()),
            io::ErrorKind::TimedOut => ClientError::Timeout(e.to_string()),
            _ => ClientError::Other(e.to_string()),
        }
    }
}

impl From<ureq::Error> for ClientError {
    fn from(e: ureq::Error) -> Self {
        match e {
            ureq::Error::Io(io) => ClientError::from_io(&io),
            ureq::Error::BadUri(m) => ClientError::Url(m),
            ureq::Error::HostNotFound => ClientError::HostNotFound,
            ureq::Error::ConnectionFailed => {
                ClientError::Refused("the connection failed".to_owned())
            }
            ureq::Error::Timeout(t) => ClientError::Timeout(t.to_string()),
            ureq::Error::Protocol(p) => ClientError::NotHttp(p.to_string()),
            ureq::Error::Tls(m) => ClientError::Tls(m.to_owned()),
            ureq::Error::Pem(p) => ClientError::Tls(p.to_string()),
            ureq::Error::Rustls(r) => ClientError::Tls(r.to_string()),
            ureq::Error::TooManyRedirects => ClientError::Other("more than 5 redirects".to_owned()),
            other => ClientError::Other(other.to_string()),
        }
    }
}
