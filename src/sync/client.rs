//! The push client behind `fairfloor sync` and the dashboard's `s`: checks that the URL is a
//! fairfloor central service speaking our API version, then sends the unacknowledged outbox in
//! `seq` order, batch by batch, marking each acknowledged prefix as synced.
//!
//! Exactly-once at the centre comes from the protocol, not from this client being careful: the
//! centre keeps `(device_id, seq)` at most once and answers the highest contiguous `seq` it holds,
//! so anything cut short (a killed process, a server that died mid-batch, a lost answer) is simply
//! sent again next time. Transient failures are retried with capped exponential backoff and
//! jitter; permanent ones stop at once with a message saying what to do.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;

use super::protocol::{API_VERSION, ApiError, BatchAck, ChangeBatch, ServiceInfo, codes};
use crate::domain::clock::ClockOffset;
use crate::store::identity::Reidentified;
use crate::store::sync::CentralSettings;
use crate::store::{Actor, Store, StoreError};

/// What `/v1/info` must answer for `service`.
pub const SERVICE_NAME: &str = "fairfloor-central";

/// How a sync runs.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Outbox entries per request.
    pub batch_size: usize,
    /// Tries per request before giving up on a transient failure (at least 1).
    pub attempts: u32,
    pub backoff: Backoff,
    /// A PEM file with certificate authorities to trust besides the system's store and the
    /// bundled public roots: a centre's private CA, or a TLS-inspecting proxy's root.
    pub ca_cert: Option<PathBuf>,
    /// Which proxy, if any, the connection goes through.
    pub proxy: ProxyChoice,
    /// Remember the URL and token in the local settings once the centre has accepted them
    /// (`fairfloor sync` does; the dashboard uses what is remembered already).
    pub remember: bool,
    /// Time allowed to connect, and for a whole request and its answer.
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            batch_size: 2000,
            attempts: 8,
            backoff: Backoff::default(),
            ca_cert: None,
            proxy: ProxyChoice::default(),
            remember: false,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
        }
    }
}

impl SyncOptions {
    /// What a sync with these options remembers for the next one.
    pub fn remembered(&self, url: &str, token: &str) -> CentralSettings {
        CentralSettings {
            url: Some(url.to_string()),
            token: Some(token.to_string()),
            ca_cert: self.ca_cert.clone(),
            proxy: self.proxy.setting(),
        }
    }

    /// Options that connect the way the remembered settings say.
    pub fn from_settings(settings: &CentralSettings) -> Self {
        Self {
            ca_cert: settings.ca_cert.clone(),
            proxy: ProxyChoice::from_setting(settings.proxy.as_deref()),
            ..Self::default()
        }
    }
}

/// How the connection to the centre reaches it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxyChoice {
    /// The proxy the system names: `HTTPS_PROXY`, `ALL_PROXY` or `HTTP_PROXY` (upper or lower
    /// case, with `NO_PROXY`), or on Windows the system's proxy setting; none if nothing is set.
    #[default]
    FromSystem,
    /// No proxy, whatever the environment says.
    Direct,
    /// Through this HTTP proxy (`http://host:port`, or `https://...`), which tunnels with CONNECT.
    Via(String),
}

impl ProxyChoice {
    /// Reads `--proxy`: `direct` (or `none`), or a proxy URL, checked here so that a typo is
    /// caught before anything is sent.
    pub fn parse(text: &str) -> Result<Self, SyncError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("direct") || text.eq_ignore_ascii_case("none") {
            return Ok(ProxyChoice::Direct);
        }
        let invalid = |reason: String| SyncError::InvalidProxy {
            proxy: redact_credentials(text),
            reason,
        };
        match ureq::Proxy::new(text) {
            Ok(proxy)
                if matches!(
                    proxy.protocol(),
                    ureq::ProxyProtocol::Http | ureq::ProxyProtocol::Https
                ) =>
            {
                Ok(ProxyChoice::Via(text.to_string()))
            }
            Ok(_) => Err(invalid("only HTTP proxies are supported".into())),
            Err(error) => Err(invalid(error.to_string())),
        }
    }

    /// How the choice is remembered in the settings: `None` for the system's.
    pub fn setting(&self) -> Option<String> {
        match self {
            ProxyChoice::FromSystem => None,
            ProxyChoice::Direct => Some("direct".into()),
            ProxyChoice::Via(url) => Some(url.clone()),
        }
    }

    /// The remembered choice; a setting that no longer reads as one falls back to the system's.
    pub fn from_setting(setting: Option<&str>) -> Self {
        setting
            .and_then(|text| Self::parse(text).ok())
            .unwrap_or_default()
    }

    fn resolve(&self) -> Result<Option<ureq::Proxy>, SyncError> {
        match self {
            ProxyChoice::FromSystem => Ok(ureq::Proxy::try_from_env()),
            ProxyChoice::Direct => Ok(None),
            ProxyChoice::Via(url) => {
                ureq::Proxy::new(url)
                    .map(Some)
                    .map_err(|error| SyncError::InvalidProxy {
                        proxy: redact_credentials(url),
                        reason: error.to_string(),
                    })
            }
        }
    }
}

/// A proxy as it may be shown: its address, never the user name and password it may carry.
fn shown_proxy(proxy: &ureq::Proxy) -> String {
    let scheme = proxy.uri().scheme_str().unwrap_or("http");
    format!("{scheme}://{}:{}", proxy.host(), proxy.port())
}

/// `scheme://user:password@host` without `user:password@`, for messages and logs.
fn redact_credentials(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    if scheme.is_empty() {
        rest.to_string()
    } else {
        format!("{scheme}://{rest}")
    }
}

/// Capped exponential backoff: the n-th retry waits about `base × 2^(n-1)`, never more than `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// The wait before retry number `retry` (1 for the first retry). `unit_random` in [0, 1)
    /// spreads the wait over the upper half of the window ("equal jitter"), so laptops that lost
    /// the centre together do not all come back at the same instant, yet every wait still grows.
    pub fn delay(&self, retry: u32, unit_random: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(30);
        let window = self
            .base
            .saturating_mul(1u32 << exponent)
            .min(self.cap)
            .as_secs_f64();
        let jitter = unit_random.clamp(0.0, 1.0);
        Duration::from_secs_f64(window / 2.0 + window / 2.0 * jitter)
    }
}

/// What a sync reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    /// The centre answered `/v1/info` and speaks our version.
    Connected { url: String },
    /// `sent` of `total` changes are acknowledged by the centre.
    Progress { sent: u64, total: u64 },
    /// A transient failure; the request will be tried again after `delay`.
    Retrying {
        attempt: u32,
        attempts: u32,
        delay: Duration,
        reason: String,
    },
    /// The centre showed that this database is a copy of another laptop's (or a restored
    /// backup), so it took a new device id and sends everything again under it.
    Reidentified(Reidentified),
}

/// What a finished sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Changes acknowledged in this run (rejected ones included).
    pub sent: u64,
    /// Of those, changes the centre held but rejected (kept on this laptop with the reason).
    pub rejected: u64,
    /// Requests made to `/v1/changes`.
    pub batches: u64,
    /// Set when this run gave the database a new device id (see [`SyncEvent::Reidentified`]).
    pub reidentified: Option<Reidentified>,
}

/// Why a sync stopped. Each message says what to do next; nothing unsynced is ever lost.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "'{url}' is not a central service address ({reason}). Give it like --central https://central.example.org"
    )]
    InvalidUrl { url: String, reason: String },
    #[error(
        "'{proxy}' is not a proxy fairfloor can use ({reason}). Give it like --proxy http://proxy.example.org:8080, or --proxy direct for none"
    )]
    InvalidProxy { proxy: String, reason: String },
    #[error(
        "cannot read the certificate file {path}: {reason}. Give a PEM file with --ca-cert FILE, or leave it out for a centre with a public certificate"
    )]
    CaCert { path: PathBuf, reason: String },
    #[error(
        "{url} is not a fairfloor central service ({detail}). Check the address with the coordinator; nothing was sent"
    )]
    NotFairfloor { url: String, detail: String },
    #[error(
        "the central service at {url} speaks sync API version {theirs} and this fairfloor speaks {ours}, so nothing was sent. Update fairfloor on this laptop (or the centre) so they match"
    )]
    IncompatibleVersion { url: String, theirs: u32, ours: u32 },
    #[error(
        "the central service refused this laptop's token ({detail}): it is wrong or has been revoked. Ask the coordinator for a new token: fairfloor central add-device --label \"LAPTOP NAME\", then run fairfloor sync --token NEW-TOKEN"
    )]
    BadToken { detail: String },
    #[error(
        "the central service says this token belongs to another laptop ({detail}). Each laptop needs its own token: ask the coordinator for one with fairfloor central add-device --label \"LAPTOP NAME\", then run fairfloor sync --token NEW-TOKEN"
    )]
    WrongDevice { detail: String },
    #[error(
        "this database was copied from (or restored from) another laptop's file, so it now sends its changes as a new laptop, but its token belongs to that other laptop too ({detail}). Nothing more was sent; everything waits safely on this laptop. Enrol this laptop with its own token: ask the coordinator for one with fairfloor central add-device --label \"LAPTOP NAME\", then run fairfloor sync --token NEW-TOKEN"
    )]
    CopiedToken { detail: String },
    #[error(
        "the central service refused a batch of {batch_size} changes as too large ({detail}); nothing in it was applied and it is still waiting on this laptop. Send smaller batches: fairfloor sync --batch-size {smaller}"
    )]
    BatchTooLarge {
        detail: String,
        batch_size: usize,
        smaller: usize,
    },
    #[error(
        "the central service refused this laptop's changes as a conflict ({detail}); nothing in the batch was applied and it is still waiting on this laptop. Run fairfloor doctor and send its report, with this message, to whoever supports fairfloor"
    )]
    Conflict { detail: String },
    #[error(
        "the central service refused a batch as malformed ({detail}); nothing in it was applied and it is still waiting on this laptop. Run fairfloor doctor and send its report, with this message, to whoever supports fairfloor"
    )]
    BatchRefused { detail: String },
    #[error(
        "the central service answered HTTP {status} ({detail}), which fairfloor does not expect; nothing more was sent. Check the address, and that the centre runs the same fairfloor version"
    )]
    UnexpectedStatus { status: u16, detail: String },
    #[error(
        "cannot make a secure connection to {url} ({detail}). If the centre uses its own certificate, give it with --ca-cert FILE"
    )]
    Tls { url: String, detail: String },
    #[error(
        "the certificate that answered for {url} is signed by an authority this laptop does not trust ({detail}). If a proxy or firewall is inspecting TLS (common on managed networks), give its root with --ca-cert FILE: the network's IT team has it. If the centre has its own certificate authority, give that with --ca-cert FILE instead"
    )]
    UntrustedCertificate { url: String, detail: String },
    #[error(
        "the proxy {proxy} did not open a connection to {url} ({detail}). Check the proxy address (--proxy URL, or HTTPS_PROXY) and that it lets this laptop through to the centre, or use --proxy direct where there is no proxy; unsynced changes stay safe on this laptop"
    )]
    Proxy {
        proxy: String,
        url: String,
        detail: String,
    },
    #[error(
        "could not reach the central service at {url}{route} after {attempts} tries (last: {last}). Check the network and that the centre is running, then run fairfloor sync again; unsynced changes stay safe on this laptop"
    )]
    GaveUp {
        url: String,
        /// ` through the proxy ...` when there is one, so that a dead proxy is not mistaken
        /// for a dead centre.
        route: String,
        attempts: u32,
        last: String,
    },
    #[error(
        "the central service acknowledged changes only up to number {acked}, but this laptop had sent up to number {expected}: the centre may have been restored from an older backup. Nothing on this laptop was changed; ask the coordinator to check the centre before syncing again"
    )]
    CentreBehind { acked: i64, expected: i64 },
    #[error(
        "the central service acknowledged this laptop as {theirs}, but this laptop is {ours}; nothing was marked as synced. Check that the token is this laptop's"
    )]
    DeviceMismatch { theirs: String, ours: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether the token and URL were shown to be wrong, so they should not be remembered.
    pub fn refutes_settings(&self) -> bool {
        matches!(
            self,
            SyncError::InvalidUrl { .. }
                | SyncError::NotFairfloor { .. }
                | SyncError::IncompatibleVersion { .. }
                | SyncError::BadToken { .. }
                | SyncError::WrongDevice { .. }
                | SyncError::CopiedToken { .. }
                | SyncError::Tls { .. }
                | SyncError::UntrustedCertificate { .. }
                | SyncError::InvalidProxy { .. }
                | SyncError::Proxy { .. }
        )
    }
}

/// One failed request, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    /// Worth trying again (after this long, when the server said).
    Transient {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// A connection problem that will not go away by itself (TLS, a bad address).
    Permanent { detail: String, trouble: Trouble },
}

/// What kind of lasting connection problem a [`Failure::Permanent`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trouble {
    /// The certificate chains to no authority this laptop trusts.
    UntrustedIssuer,
    /// Any other TLS problem (an expired or misnamed certificate, no common protocol).
    Tls,
    /// The proxy refused or failed the tunnel.
    Proxy,
    Other,
}

/// Whether an HTTP status is worth retrying: overload, rate limits and server errors are.
fn status_is_transient(status: u16) -> bool {
    matches!(status, 408 | 429) || (500..=599).contains(&status)
}

/// Sorts a transport error: connection refused/reset, timeouts and cut-off answers are transient.
fn classify_transport(error: &ureq::Error) -> Failure {
    use ureq::Error as E;
    match error {
        // rustls reports a certificate it cannot trust as bad data on the connection.
        E::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
            let detail = io.to_string();
            let lower = detail.to_lowercase();
            let trouble = if lower.contains("certificate") || lower.contains("tls") {
                tls_trouble(&detail)
            } else {
                Trouble::Other
            };
            Failure::Permanent { detail, trouble }
        }
        E::ConnectProxyFailed(detail) => Failure::Permanent {
            detail: detail.clone(),
            trouble: Trouble::Proxy,
        },
        E::Io(_)
        | E::Timeout(_)
        | E::ConnectionFailed
        | E::HostNotFound
        | E::Protocol(_)
        | E::BodyStalled => Failure::Transient {
            reason: transport_words(error),
            retry_after: None,
        },
        E::Tls(_) | E::Rustls(_) | E::Pem(_) | E::TlsRequired => {
            let detail = error.to_string();
            Failure::Permanent {
                trouble: tls_trouble(&detail),
                detail,
            }
        }
        other => Failure::Permanent {
            detail: other.to_string(),
            trouble: Trouble::Other,
        },
    }
}

/// A certificate no trusted authority signed, or some other TLS failure.
fn tls_trouble(detail: &str) -> Trouble {
    let lower = detail.to_lowercase();
    if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
        Trouble::UntrustedIssuer
    } else {
        Trouble::Tls
    }
}

/// A transport error in words a coordinator recognises.
fn transport_words(error: &ureq::Error) -> String {
    use std::io::ErrorKind as K;
    match error {
        ureq::Error::Io(io) => match io.kind() {
            K::ConnectionRefused => "connection refused".into(),
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
                "the connection was cut".into()
            }
            K::UnexpectedEof => "the answer was cut off".into(),
            K::TimedOut | K::WouldBlock => "timed out".into(),
            _ => io.to_string(),
        },
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::HostNotFound => "the host name was not found".into(),
        ureq::Error::ConnectionFailed => "could not connect".into(),
        other => other.to_string(),
    }
}

/// `Retry-After` in seconds, as a 429 or 503 may carry it.
fn retry_after(response: &ureq::http::Response<ureq::Body>) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// Checks a central URL and gives it without a trailing slash.
pub fn normalise_url(url: &str) -> Result<String, SyncError> {
    let trimmed = url.trim().trim_end_matches('/');
    let invalid = |reason: &str| SyncError::InvalidUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| invalid("it must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(invalid("it has no host name"));
    }
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("it contains spaces"));
    }
    Ok(trimmed.to_string())
}

/// Reads every certificate in a PEM file.
fn load_ca_cert(path: &Path) -> Result<Vec<ureq::tls::Certificate<'static>>, SyncError> {
    let bad = |reason: String| SyncError::CaCert {
        path: path.to_path_buf(),
        reason,
    };
    // A certificate file is a few KiB; a bundle of every public root is under 1 MiB.
    let pem = crate::outside_file::read(path, 4 * 1024 * 1024).map_err(|e| bad(e.reason()))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item.map_err(|e| bad(e.to_string()))? {
            ureq::tls::PemItem::Certificate(cert) => certs.push(cert),
            _ => continue,
        }
    }
    if certs.is_empty() {
        return Err(bad("it holds no PEM certificate".into()));
    }
    Ok(certs)
}

/// The authorities a sync trusts: the operating system's certificate store (on Linux the
/// `ca-certificates` bundle, or `SSL_CERT_FILE` / `SSL_CERT_DIR`; on macOS and Windows their
/// keychains) together with the public roots built into fairfloor, and any `--ca-cert`. The
/// system's store is what a managed network adds its own roots to; the bundled roots keep a
/// laptop with an empty or broken store working.
fn trusted_roots(options: &SyncOptions) -> Result<ureq::tls::RootCerts, SyncError> {
    let mut roots: Vec<ureq::tls::Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| ureq::tls::Certificate::from_der(der).to_owned())
        .collect();
    // Certificates the system cannot read are skipped, as a browser would.
    let system = rustls_native_certs::load_native_certs();
    roots.extend(
        system
            .certs
            .iter()
            .map(|der| ureq::tls::Certificate::from_der(der).to_owned()),
    );
    if let Some(path) = &options.ca_cert {
        roots.extend(load_ca_cert(path)?);
    }
    Ok(ureq::tls::RootCerts::new_with_certs(&roots))
}

/// The HTTP client a sync uses, and the proxy it goes through (as it may be shown).
struct Link {
    agent: ureq::Agent,
    proxy: Option<String>,
}

impl Link {
    fn new(options: &SyncOptions) -> Result<Self, SyncError> {
        let proxy = options.proxy.resolve()?;
        let shown = proxy.as_ref().map(shown_proxy);
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(trusted_roots(options)?)
            // One crypto provider for the whole binary (the centre's server uses it too).
            .unversioned_rustls_crypto_provider(std::sync::Arc::new(
                rustls::crypto::aws_lc_rs::default_provider(),
            ));
        let config = ureq::Agent::config_builder()
            // Statuses are answers to read (an ApiError body), not transport errors.
            .http_status_as_error(false)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.request_timeout))
            .tls_config(tls.build())
            .proxy(proxy)
            .build();
        Ok(Self {
            agent: ureq::Agent::new_with_config(config),
            proxy: shown,
        })
    }

    /// ` through the proxy ...`, or nothing on a direct connection.
    fn route(&self) -> String {
        self.proxy
            .as_ref()
            .map(|proxy| format!(" through the proxy {proxy}"))
            .unwrap_or_default()
    }
}

/// The text of an error answer: the `error` field of an [`ApiError`], or the start of the body.
fn error_detail(status: u16, body: &str) -> String {
    match serde_json::from_str::<ApiError>(body) {
        Ok(api) => api.error,
        Err(_) => {
            let start: String = body.chars().take(120).collect();
            let start = start.trim();
            if start.is_empty() {
                format!("HTTP {status} with an empty body")
            } else {
                format!("HTTP {status}: {start}")
            }
        }
    }
}

/// A request answered with a status and its body read whole.
struct Answer {
    status: u16,
    body: String,
}

/// Makes one request, retrying transient failures as `options` says.
fn with_retries(
    options: &SyncOptions,
    link: &Link,
    url: &str,
    on_event: &mut dyn FnMut(&SyncEvent),
    mut request: impl FnMut(&ureq::Agent) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Answer, SyncError> {
    let attempts = options.attempts.max(1);
    let mut attempt = 1;
    loop {
        let failure = match request(&link.agent) {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let after = retry_after(&response);
                match response.body_mut().read_to_string() {
                    Ok(body) if status_is_transient(status) => Failure::Transient {
                        reason: error_detail(status, &body),
                        retry_after: after,
                    },
                    Ok(body) => return Ok(Answer { status, body }),
                    Err(error) => classify_transport(&error),
                }
            }
            Err(error) => classify_transport(&error),
        };
        match failure {
            Failure::Transient {
                reason,
                retry_after,
            } => {
                if attempt >= attempts {
                    return Err(SyncError::GaveUp {
                        url: url.to_string(),
                        route: link.route(),
                        attempts,
                        last: reason,
                    });
                }
                let computed = options.backoff.delay(attempt, rand::random::<f64>());
                // A server asking for a longer pause gets it, within the cap.
                let delay = retry_after
                    .map(|asked| asked.min(options.backoff.cap).max(computed))
                    .unwrap_or(computed);
                on_event(&SyncEvent::Retrying {
                    attempt,
                    attempts,
                    delay,
                    reason,
                });
                std::thread::sleep(delay);
                attempt += 1;
            }
            Failure::Permanent { detail, trouble } => {
                let url = url.to_string();
                return Err(match trouble {
                    Trouble::UntrustedIssuer => SyncError::UntrustedCertificate { url, detail },
                    Trouble::Tls => SyncError::Tls { url, detail },
                    Trouble::Proxy => SyncError::Proxy {
                        proxy: link.proxy.clone().unwrap_or_else(|| "in use".into()),
                        url,
                        detail,
                    },
                    Trouble::Other => SyncError::GaveUp {
                        url,
                        route: link.route(),
                        attempts: attempt,
                        last: detail,
                    },
                });
            }
        }
    }
}

/// Checks `/v1/info`: the right kind of server, speaking our version. Answers the difference
/// between the centre's clock and this laptop's when the centre says its time (newer centres do).
fn check_service(
    link: &Link,
    url: &str,
    options: &SyncOptions,
    on_event: &mut dyn FnMut(&SyncEvent),
) -> Result<Option<ClockOffset>, SyncError> {
    let info_url = format!("{url}/v1/info");
    let answer = with_retries(options, link, url, on_event, |agent| {
        agent.get(&info_url).call()
    })?;
    // This laptop's clock as the answer arrived: the centre's time is at most a round trip older.
    let here = chrono::Utc::now();
    let not_fairfloor = |detail: String| SyncError::NotFairfloor {
        url: url.to_string(),
        detail,
    };
    if answer.status != 200 {
        return Err(not_fairfloor(format!(
            "GET /v1/info answered HTTP {}",
            answer.status
        )));
    }
    let info: ServiceInfo = serde_json::from_str(&answer.body).map_err(|_| {
        not_fairfloor("GET /v1/info did not answer fairfloor's service info".into())
    })?;
    if info.service != SERVICE_NAME {
        return Err(not_fairfloor(format!("it calls itself '{}'", info.service)));
    }
    if info.api_version != API_VERSION {
        return Err(SyncError::IncompatibleVersion {
            url: url.to_string(),
            theirs: info.api_version,
            ours: API_VERSION,
        });
    }
    Ok(info
        .now
        .as_deref()
        .and_then(|now| crate::store::time::parse(now).ok())
        .map(|central| clock_offset(central, here)))
}

/// The centre's clock minus this laptop's, measured at `here` by this laptop's clock.
fn clock_offset(
    central: chrono::DateTime<chrono::Utc>,
    here: chrono::DateTime<chrono::Utc>,
) -> ClockOffset {
    ClockOffset {
        seconds: (central - here).num_seconds(),
        measured_at: here,
    }
}

/// Pushes every unacknowledged outbox entry to the centre at `url` (see the module docs).
/// The outcome, good or bad, is recorded in `sync_state` for the dashboard and `doctor`.
pub fn sync(
    store: &mut Store,
    url: &str,
    token: &str,
    options: &SyncOptions,
    on_event: &mut dyn FnMut(&SyncEvent),
) -> Result<SyncReport, SyncError> {
    let url = normalise_url(url)?;
    let centre = Centre { url: &url, token };
    let result = push(store, centre, options, on_event);
    if let Err(error) = &result
        && !matches!(error, SyncError::Store(_))
    {
        // Best effort: the error itself is what the caller must see.
        let _ = store.record_sync_error(&url, &error.to_string());
    }
    result
}

/// The centre a sync pushes to (its address normalised), and the token this laptop presents.
struct Centre<'a> {
    url: &'a str,
    token: &'a str,
}

fn push(
    store: &mut Store,
    centre: Centre<'_>,
    options: &SyncOptions,
    on_event: &mut dyn FnMut(&SyncEvent),
) -> Result<SyncReport, SyncError> {
    let Centre { url, token } = centre;
    let link = Link::new(options)?;
    if let Some(offset) = check_service(&link, url, options, on_event)? {
        store.record_clock_offset(offset)?;
    }
    on_event(&SyncEvent::Connected {
        url: url.to_string(),
    });
    let total = u64::try_from(store.outbox_status()?.waiting).unwrap_or(0);
    let mut report = SyncReport::default();
    on_event(&SyncEvent::Progress { sent: 0, total });
    let changes_url = format!("{url}/v1/changes");
    let authorization = format!("Bearer {token}");
    let mut after_seq = 0;
    loop {
        let changes = store.outbox_batch(after_seq, options.batch_size.max(1))?;
        let (Some(first), Some(last)) = (changes.first(), changes.last()) else {
            break;
        };
        let (first_seq, last_seq) = (first.seq, last.seq);
        let sent_as = first.device_id.clone();
        let batch_size = changes.len();
        let batch = ChangeBatch { changes };
        let answer = with_retries(options, &link, url, on_event, |agent| {
            agent
                .post(&changes_url)
                .header("Authorization", &authorization)
                .send_json(&batch)
        })?;
        report.batches += 1;
        let ack = match answer.status {
            200 => serde_json::from_str::<BatchAck>(&answer.body).map_err(|_| {
                SyncError::NotFairfloor {
                    url: url.to_string(),
                    detail: "POST /v1/changes did not answer an acknowledgement".into(),
                }
            })?,
            status => {
                let detail = error_detail(status, &answer.body);
                let code = serde_json::from_str::<ApiError>(&answer.body)
                    .ok()
                    .and_then(|api| api.code);
                let copied = matches!(
                    code.as_deref(),
                    Some(codes::DEVICE_ENROLLED_ELSEWHERE | codes::SEQ_CONFLICT)
                );
                // Another file speaks as this device: take a new id, once per run, and send
                // everything unsynced again under it from wire seq 1. (A second refusal after
                // that is not a copy the client can mend, and is reported.)
                if status == 409 && copied && report.reidentified.is_none() {
                    let done = store.reidentify(&detail, &Actor::new("sync", Utc::now()))?;
                    on_event(&SyncEvent::Reidentified(done.clone()));
                    report.reidentified = Some(done);
                    after_seq = 0;
                    continue;
                }
                return Err(match status {
                    401 => SyncError::BadToken { detail },
                    403 if report.reidentified.is_some() => SyncError::CopiedToken { detail },
                    403 => SyncError::WrongDevice { detail },
                    409 => SyncError::Conflict { detail },
                    413 => SyncError::BatchTooLarge {
                        detail,
                        batch_size,
                        smaller: (batch_size / 4).max(1),
                    },
                    400 => SyncError::BatchRefused { detail },
                    404 | 405 => SyncError::NotFairfloor {
                        url: url.to_string(),
                        detail: format!("POST /v1/changes answered HTTP {status}"),
                    },
                    status => SyncError::UnexpectedStatus { status, detail },
                });
            }
        };
        if ack.device_id != sent_as {
            return Err(SyncError::DeviceMismatch {
                theirs: ack.device_id,
                ours: sent_as,
            });
        }
        // The centre must hold everything before this batch (this laptop marked it synced) and
        // take at least its first entry; otherwise sending again would loop for ever.
        if ack.acked_seq < first_seq {
            return Err(SyncError::CentreBehind {
                acked: ack.acked_seq,
                expected: first_seq - 1,
            });
        }
        if options.remember && report.batches == 1 {
            // The centre took the token: a sync killed from here on resumes with a bare
            // `fairfloor sync`.
            store.remember_central(&options.remembered(url, token))?;
        }
        let marked = store.mark_synced(url, ack.acked_seq, &ack.rejected, Utc::now())?;
        report.sent += marked.synced as u64;
        report.rejected += marked.rejected as u64;
        on_event(&SyncEvent::Progress {
            sent: report.sent,
            total: total.max(report.sent),
        });
        // Anything in the batch beyond the acknowledgement is sent again in the next one.
        after_seq = ack.acked_seq.min(last_seq);
    }
    // Nothing (left) to send still counts as a good sync.
    store.mark_synced(url, 0, &[], Utc::now())?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    #[test]
    fn backoff_doubles_from_the_base_and_stops_at_the_cap() {
        let backoff = Backoff {
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
        };
        // With the top of the jitter range, the wait is the whole window.
        let top: Vec<u64> = (1..=9)
            .map(|n| backoff.delay(n, 1.0).as_millis() as u64)
            .collect();
        assert_eq!(
            top,
            vec![500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
        );
        // The bottom of the range is half the window, so waits never shrink to nothing.
        assert_eq!(backoff.delay(3, 0.0), Duration::from_secs(1));
        // Huge retry numbers neither overflow nor pass the cap.
        assert_eq!(backoff.delay(u32::MAX, 1.0), Duration::from_secs(30));
    }

    #[test]
    fn jitter_stays_inside_the_window_and_spreads_it() {
        let backoff = Backoff::default();
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..100 {
            let unit = i as f64 / 100.0;
            let delay = backoff.delay(4, unit);
            assert!(delay >= Duration::from_secs(2) && delay <= Duration::from_secs(4));
            seen.insert(delay.as_millis());
        }
        assert!(seen.len() > 50, "jitter should spread the waits");
        // Out-of-range randomness is clamped rather than trusted.
        assert_eq!(backoff.delay(1, 7.0), Duration::from_millis(500));
        assert_eq!(backoff.delay(1, -1.0), Duration::from_millis(250));
    }

    #[test]
    fn server_trouble_and_rate_limits_are_retried_and_client_errors_are_not() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(status_is_transient(status), "{status}");
        }
        for status in [200, 400, 401, 403, 404, 405, 409, 422] {
            assert!(!status_is_transient(status), "{status}");
        }
    }

    #[test]
    fn connection_trouble_is_transient_and_certificate_trouble_is_not() {
        use std::io::{Error, ErrorKind};
        let refused = ureq::Error::Io(Error::from(ErrorKind::ConnectionRefused));
        assert_eq!(
            classify_transport(&refused),
            Failure::Transient {
                reason: "connection refused".into(),
                retry_after: None
            }
        );
        let reset = ureq::Error::Io(Error::from(ErrorKind::ConnectionReset));
        assert!(matches!(
            classify_transport(&reset),
            Failure::Transient { .. }
        ));
        assert!(matches!(
            classify_transport(&ureq::Error::ConnectionFailed),
            Failure::Transient { .. }
        ));
        let untrusted = ureq::Error::Io(Error::new(
            ErrorKind::InvalidData,
            "invalid peer certificate: UnknownIssuer",
        ));
        assert!(matches!(
            classify_transport(&untrusted),
            Failure::Permanent {
                trouble: Trouble::UntrustedIssuer,
                ..
            }
        ));
        assert!(matches!(
            classify_transport(&ureq::Error::Tls("bad certificate")),
            Failure::Permanent {
                trouble: Trouble::Tls,
                ..
            }
        ));
        assert!(matches!(
            classify_transport(&ureq::Error::ConnectProxyFailed("407".into())),
            Failure::Permanent {
                trouble: Trouble::Proxy,
                ..
            }
        ));
        assert!(matches!(
            classify_transport(&ureq::Error::BadUri("x".into())),
            Failure::Permanent {
                trouble: Trouble::Other,
                ..
            }
        ));
    }

    #[test]
    fn a_proxy_is_an_http_url_or_direct_and_its_password_is_never_shown() {
        assert_eq!(ProxyChoice::parse(" direct ").unwrap(), ProxyChoice::Direct);
        assert_eq!(ProxyChoice::parse("none").unwrap(), ProxyChoice::Direct);
        let via = ProxyChoice::parse("http://nurse:s3cret@proxy.trust.nhs.uk:8080").unwrap();
        assert_eq!(
            via,
            ProxyChoice::Via("http://nurse:s3cret@proxy.trust.nhs.uk:8080".into())
        );
        let resolved = via.resolve().unwrap().expect("a proxy");
        assert_eq!(shown_proxy(&resolved), "http://proxy.trust.nhs.uk:8080");
        // Remembered as given, read back the same; a broken setting means the system's proxy.
        assert_eq!(ProxyChoice::from_setting(via.setting().as_deref()), via);
        assert_eq!(ProxyChoice::from_setting(None), ProxyChoice::FromSystem);
        assert_eq!(
            ProxyChoice::from_setting(Some("socks5://x:1")),
            ProxyChoice::FromSystem
        );

        let err = ProxyChoice::parse("socks5://user:pw@proxy:1080").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("only HTTP proxies"), "{text}");
        assert!(text.contains("--proxy http://"), "{text}");
        assert!(!text.contains("pw"), "the password is shown: {text}");
    }

    /// The dashboard's sync key connects as the last `fairfloor sync` did: with its certificate
    /// file and proxy (it used the defaults, so a centre with a private root failed there).
    #[test]
    fn what_a_sync_remembers_is_how_the_next_one_connects() {
        let options = SyncOptions {
            ca_cert: Some("/etc/fairfloor/centre-ca.pem".into()),
            proxy: ProxyChoice::Direct,
            ..SyncOptions::default()
        };
        let remembered = options.remembered("https://central.example.org", "tok");
        assert_eq!(
            remembered.url.as_deref(),
            Some("https://central.example.org")
        );
        assert_eq!(remembered.token.as_deref(), Some("tok"));
        let next = SyncOptions::from_settings(&remembered);
        assert_eq!(next.ca_cert, options.ca_cert);
        assert_eq!(next.proxy, ProxyChoice::Direct);
        // Nothing remembered: the system's store and proxy.
        let fresh = SyncOptions::from_settings(&CentralSettings::default());
        assert_eq!(
            (fresh.ca_cert, fresh.proxy),
            (None, ProxyChoice::FromSystem)
        );
    }

    #[test]
    fn urls_need_a_scheme_and_a_host_and_lose_a_trailing_slash() {
        assert_eq!(
            normalise_url(" https://central.example.org/ ").unwrap(),
            "https://central.example.org"
        );
        assert_eq!(
            normalise_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "central.example.org",
            "ftp://x",
            "http://",
            "https:///x",
            "http://a b",
        ] {
            let err = normalise_url(bad).unwrap_err();
            assert!(err.to_string().contains("--central https://"), "{err}");
        }
    }

    #[test]
    fn error_answers_are_read_from_the_api_error_body_or_quoted() {
        assert_eq!(
            error_detail(401, r#"{"error":"token revoked"}"#),
            "token revoked"
        );
        assert_eq!(error_detail(404, "Not Found"), "HTTP 404: Not Found");
        assert_eq!(error_detail(502, ""), "HTTP 502 with an empty body");
    }

    #[test]
    fn only_wrong_addresses_and_tokens_are_not_remembered() {
        assert!(SyncError::BadToken { detail: "x".into() }.refutes_settings());
        assert!(
            SyncError::NotFairfloor {
                url: "u".into(),
                detail: "d".into()
            }
            .refutes_settings()
        );
        assert!(
            !SyncError::GaveUp {
                url: "u".into(),
                route: String::new(),
                attempts: 3,
                last: "refused".into()
            }
            .refutes_settings()
        );
    }

    /// A one-connection-per-answer HTTP server on a real socket, answering `answers` in turn.
    fn serve(answers: Vec<(u16, &'static str)>) -> (String, std::thread::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            for (status, body) in answers {
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let (mut stream, _) = listener.accept().unwrap();
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        (url, handle)
    }

    fn quick() -> SyncOptions {
        SyncOptions {
            attempts: 3,
            backoff: Backoff {
                base: Duration::from_millis(10),
                cap: Duration::from_millis(40),
            },
            ..SyncOptions::default()
        }
    }

    #[test]
    fn a_503_is_retried_and_then_the_info_answer_is_read() {
        let (url, server) = serve(vec![
            (503, ""),
            (200, r#"{"service":"fairfloor-central","api_version":1}"#),
        ]);
        let link = Link::new(&quick()).unwrap();
        let mut events = Vec::new();
        check_service(&link, &url, &quick(), &mut |e| events.push(e.clone())).unwrap();
        server.join().unwrap();
        assert!(
            matches!(
                &events[..],
                [SyncEvent::Retrying {
                    attempt: 1,
                    attempts: 3,
                    ..
                }]
            ),
            "{events:?}"
        );
    }

    #[test]
    fn a_server_of_another_kind_or_version_is_refused_before_anything_is_sent() {
        let (url, server) = serve(vec![(200, r#"{"service":"something","api_version":1}"#)]);
        let err =
            check_service(&Link::new(&quick()).unwrap(), &url, &quick(), &mut |_| {}).unwrap_err();
        server.join().unwrap();
        assert!(matches!(err, SyncError::NotFairfloor { .. }), "{err}");
        assert!(err.to_string().contains("not a fairfloor central service"));

        let (url, server) = serve(vec![(
            200,
            r#"{"service":"fairfloor-central","api_version":2}"#,
        )]);
        let err =
            check_service(&Link::new(&quick()).unwrap(), &url, &quick(), &mut |_| {}).unwrap_err();
        server.join().unwrap();
        assert!(
            matches!(
                err,
                SyncError::IncompatibleVersion {
                    theirs: 2,
                    ours: 1,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn a_centre_that_stays_down_is_tried_the_given_number_of_times() {
        // Bind then drop: nothing listens on the port any more, so connecting is refused.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}");
        let mut retries = 0;
        let err = check_service(&Link::new(&quick()).unwrap(), &url, &quick(), &mut |e| {
            if matches!(e, SyncEvent::Retrying { .. }) {
                retries += 1;
            }
        })
        .unwrap_err();
        assert_eq!(retries, 2);
        assert!(
            matches!(&err, SyncError::GaveUp { attempts: 3, .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("run fairfloor sync again"),
            "{err}"
        );
    }

    /// A server that answers the info check and then `ack` to every batch.
    fn centre_answering(ack: String) -> (String, std::thread::JoinHandle<()>) {
        centre_answering_with(
            r#"{"service":"fairfloor-central","api_version":1}"#.to_string(),
            ack,
        )
    }

    /// The same, answering `info` to the info check.
    fn centre_answering_with(info: String, ack: String) -> (String, std::thread::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            for body in [info, ack] {
                let (mut stream, _) = listener.accept().unwrap();
                // Read the whole request (headers and body) before answering.
                let mut request = Vec::new();
                let mut buf = [0u8; 65536];
                loop {
                    let n = stream.read(&mut buf).unwrap_or(0);
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request);
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                    if n == 0 {
                        break;
                    }
                }
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        (url, handle)
    }

    #[test]
    fn a_centre_that_holds_less_than_it_was_sent_stops_the_sync_and_marks_nothing() {
        let (_dir, mut store, _) = crate::store::test_store();
        let ack = format!(
            r#"{{"device_id":"{}","acked_seq":0,"rejected":[]}}"#,
            store.device_id()
        );
        let (url, server) = centre_answering(ack);
        let err = sync(&mut store, &url, "tok", &quick(), &mut |_| {}).unwrap_err();
        server.join().unwrap();
        assert!(
            matches!(err, SyncError::CentreBehind { acked: 0, .. }),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("Nothing on this laptop was changed")
        );
        assert_eq!(store.outbox_status().unwrap().waiting, 1);
        // The failure is remembered for the dashboard and doctor.
        assert!(store.sync_states().unwrap()[0].last_error.is_some());
    }

    /// Issue 11: nothing compared the laptop's clock with anything. The centre says its time in
    /// `/v1/info`, and a sync stores the difference, which staff are then shown.
    #[test]
    fn a_sync_stores_how_far_this_laptops_clock_is_from_the_centres() {
        let (_dir, mut store, event) = crate::store::test_store();
        let central =
            crate::store::time::rfc3339(chrono::Utc::now() + chrono::Duration::minutes(62));
        let info =
            format!(r#"{{"service":"fairfloor-central","api_version":1,"now":"{central}"}}"#);
        let ack = format!(
            r#"{{"device_id":"{}","acked_seq":1,"rejected":[]}}"#,
            store.device_id()
        );
        let (url, server) = centre_answering_with(info, ack);
        sync(&mut store, &url, "tok", &quick(), &mut |_| {}).unwrap();
        server.join().unwrap();
        let warning = store
            .clock_warning(chrono::Utc::now())
            .unwrap()
            .expect("a warning");
        let text = warning.text(event.timezone);
        assert!(
            text == "Clock: this laptop is 1 h 02 min behind the central service — fix the time"
                || text
                    == "Clock: this laptop is 1 h 01 min behind the central service — fix the time",
            "{text}"
        );
    }

    #[test]
    fn an_acknowledgement_for_another_laptop_marks_nothing() {
        let (_dir, mut store, _) = crate::store::test_store();
        let (url, server) =
            centre_answering(r#"{"device_id":"someone-else","acked_seq":1}"#.to_string());
        let err = sync(&mut store, &url, "tok", &quick(), &mut |_| {}).unwrap_err();
        server.join().unwrap();
        assert!(matches!(err, SyncError::DeviceMismatch { .. }), "{err}");
        assert_eq!(store.outbox_status().unwrap().waiting, 1);
    }
}
