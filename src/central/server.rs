//! The HTTP service: `GET /v1/info` and `POST /v1/changes` (see `crate::records::wire`).

use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use deadpool_postgres::Pool;
use tokio::sync::Semaphore;

use super::apply;
use super::devices::{self, Access};
use super::error::CentralError;
use crate::records::wire::{API_VERSION, ApiError, BatchAck, ChangeBatch, ServiceInfo, codes};

/// The largest body taken: room for the 20,000 changes a batch may hold (a laptop sends 2,000 by
/// default, a few MB). With [`MAX_CONCURRENT_BATCHES`] it bounds the memory bodies can take.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Batches read and applied at once. More are told to come back shortly (503 `busy`, which a
/// laptop retries with backoff), so a crowd of laptops cannot take the server's memory.
pub const MAX_CONCURRENT_BATCHES: usize = 4;

/// How long an admitted body may take to arrive: a slow sender must not hold a place for ever.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a laptop told "busy" should wait before trying again.
const BUSY_RETRY_AFTER_SECONDS: u64 = 1;

/// How long requests in flight get to finish after a shutdown signal.
const GRACE: Duration = Duration::from_secs(10);

#[derive(Clone)]
struct AppState {
    pool: Pool,
    /// One permit per batch being read or applied.
    batches: Arc<Semaphore>,
}

/// The service's routes over a connection pool.
pub fn router(pool: Pool) -> Router {
    Router::new()
        .route("/v1/info", get(info))
        .route("/v1/changes", post(post_changes))
        // The body is read by `read_body`, after the token is checked, with its own limit and a
        // JSON refusal; axum's default limit would answer in plain text.
        .layer(DefaultBodyLimit::disable())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(AppState {
            pool,
            batches: Arc::new(Semaphore::new(MAX_CONCURRENT_BATCHES)),
        })
}

async fn info() -> Json<ServiceInfo> {
    Json(ServiceInfo {
        service: "fairfloor-central".into(),
        api_version: API_VERSION,
        now: Some(crate::store::time::rfc3339(chrono::Utc::now())),
    })
}

async fn not_found() -> Refusal {
    Refusal::new(
        StatusCode::NOT_FOUND,
        codes::NOT_FOUND,
        "no such address on the fairfloor central service: laptops use POST /v1/changes and GET /v1/info",
    )
}

async fn method_not_allowed() -> Refusal {
    Refusal::new(
        StatusCode::METHOD_NOT_ALLOWED,
        codes::METHOD_NOT_ALLOWED,
        "this address does not take that method: laptops use POST /v1/changes and GET /v1/info",
    )
}

/// An error answer: a status, a code for the laptop's program and a message for its user. Every
/// refusal the service makes is one of these, so every refusal is JSON.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let busy = self.status == StatusCode::SERVICE_UNAVAILABLE;
        let mut response = (
            self.status,
            Json(ApiError {
                error: self.message,
                code: Some(self.code.to_string()),
            }),
        )
            .into_response();
        if busy {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(BUSY_RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

impl From<CentralError> for Refusal {
    fn from(error: CentralError) -> Self {
        if let CentralError::SeqConflict { .. } = error {
            return Refusal::new(StatusCode::CONFLICT, codes::SEQ_CONFLICT, error.to_string());
        }
        eprintln!("fairfloor central: a batch failed: {error}");
        Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            format!(
                "the central service could not store the batch ({error}); nothing was applied, send it again later"
            ),
        )
    }
}

impl From<tokio_postgres::Error> for Refusal {
    fn from(error: tokio_postgres::Error) -> Self {
        CentralError::Database(error).into()
    }
}

fn unauthorised() -> Refusal {
    Refusal::new(
        StatusCode::UNAUTHORIZED,
        codes::UNAUTHORISED,
        "this device token is not valid here (unknown or revoked): ask the coordinator for a new one (fairfloor central add-device)",
    )
}

fn too_large() -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        codes::BODY_TOO_LARGE,
        format!(
            "the batch is larger than the central service takes ({} MB); nothing was applied: send smaller batches with fairfloor sync --batch-size 500",
            MAX_BODY_BYTES / (1024 * 1024)
        ),
    )
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The declared body length, when there is a valid one.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

async fn post_changes(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    // Everything that can be refused from the headers alone is, before a byte of the body is read.
    let admitted = match admit(&state, &headers).await {
        Ok(admitted) => admitted,
        // The unread body is dropped; hyper still delivers the answer to a client that is
        // writing it (tests/sync_e2e.rs sends a big batch with a revoked token).
        Err(refusal) => return refusal.into_response(),
    };
    let mut body = body;
    match receive(&state, admitted, &mut body).await {
        Ok(ack) => Json(ack).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// A request allowed to send its body: a live token, a declared length within the limit, and a
/// place among the batches in progress (held until the answer).
struct Admitted {
    token: String,
    bound: Option<String>,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

async fn admit(state: &AppState, headers: &HeaderMap) -> Result<Admitted, Refusal> {
    let Some(token) = bearer_token(headers) else {
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            codes::UNAUTHORISED,
            "send the device token as the header Authorization: Bearer TOKEN (from fairfloor central add-device)",
        ));
    };
    let bound = {
        // The connection goes back to the pool before the body is read: a slow sender holds
        // no database connection.
        let client = state.pool.get().await.map_err(CentralError::from)?;
        devices::is_live(&**client, token).await?
    };
    let Some(bound) = bound else {
        return Err(unauthorised());
    };
    if content_length(headers).is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let permit = state.batches.clone().try_acquire_owned().map_err(|_| {
        Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::BUSY,
            "the central service is busy with other laptops' batches; nothing was applied, try again in a moment (fairfloor sync does so by itself)",
        )
    })?;
    Ok(Admitted {
        token: token.to_string(),
        bound,
        _permit: permit,
    })
}

/// Reads the body up to [`MAX_BODY_BYTES`], stopping as soon as it passes the limit (a chunked
/// body declares no length), within [`BODY_TIMEOUT`].
async fn read_body(body: &mut Body) -> Result<Vec<u8>, Refusal> {
    let read = async {
        let mut bytes = Vec::new();
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await
        {
            let frame = frame.map_err(|error| {
                Refusal::new(
                    StatusCode::BAD_REQUEST,
                    codes::BAD_BATCH,
                    format!("the batch did not arrive whole ({error}); nothing was applied"),
                )
            })?;
            if let Ok(data) = frame.into_data() {
                if bytes.len() + data.len() > MAX_BODY_BYTES {
                    return Err(too_large());
                }
                bytes.extend_from_slice(&data);
            }
        }
        Ok(bytes)
    };
    tokio::time::timeout(BODY_TIMEOUT, read).await.map_err(|_| {
        Refusal::new(
            StatusCode::REQUEST_TIMEOUT,
            codes::BODY_TIMEOUT,
            format!(
                "the batch took longer than {} s to arrive; nothing was applied: check the network, or send smaller batches with fairfloor sync --batch-size 500",
                BODY_TIMEOUT.as_secs()
            ),
        )
    })?
}

async fn receive(
    state: &AppState,
    admitted: Admitted,
    body: &mut Body,
) -> Result<BatchAck, Refusal> {
    let body = read_body(body).await?;
    let batch: ChangeBatch = serde_json::from_slice(&body).map_err(|error| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_BATCH,
            format!(
                "the batch is not valid JSON of the expected shape: {error}; nothing was applied"
            ),
        )
    })?;
    drop(body);
    apply::check_batch(&batch.changes).map_err(|problem| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_BATCH,
            format!("{problem}; nothing was applied"),
        )
    })?;
    let mut client = state.pool.get().await.map_err(CentralError::from)?;
    let Some(first) = batch.changes.first() else {
        // An empty batch asks where the centre stands for the token's laptop.
        return match admitted.bound {
            None => Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                codes::BAD_BATCH,
                "the batch has no changes, and this token has not sent any yet",
            )),
            Some(device_id) => Ok(BatchAck {
                acked_seq: apply::acked_seq(&**client, &device_id).await?,
                device_id,
                rejected: Vec::new(),
            }),
        };
    };
    let device_id = first.device_id.clone();
    let tx = client.transaction().await?;
    match devices::authorise(&*tx, &admitted.token, &device_id).await? {
        Access::Granted => {}
        Access::Unknown => return Err(unauthorised()),
        Access::OtherDevice(bound) => {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                codes::TOKEN_OF_ANOTHER_DEVICE,
                format!(
                    "this token belongs to the laptop with device id {bound}, not {device_id}: enrol this laptop with its own token (fairfloor central add-device)"
                ),
            ));
        }
        Access::EnrolledElsewhere { label } => {
            return Err(Refusal::new(
                StatusCode::CONFLICT,
                codes::DEVICE_ENROLLED_ELSEWHERE,
                format!(
                    "device id {device_id} is already enrolled with another token (the laptop labelled '{label}'), so this laptop's database was copied or restored from that laptop's file; nothing was applied. fairfloor sync gives such a copy a new device id by itself: update fairfloor on this laptop if it did not"
                ),
            ));
        }
    }
    let ack = apply::apply_batch(&*tx, &device_id, &batch.changes).await?;
    tx.commit().await?;
    Ok(ack)
}

/// TLS settings from PEM files.
pub async fn tls_config(
    cert: &Path,
    key: &Path,
) -> std::io::Result<axum_server::tls_rustls::RustlsConfig> {
    // The one crypto provider the sync client uses too (an error means one is installed already).
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await
}

/// Serves on an already bound listener until `shutdown` completes, then lets requests in
/// flight finish.
pub async fn serve(
    listener: std::net::TcpListener,
    pool: Pool,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(pool).into_make_service();
    let handle: axum_server::Handle<SocketAddr> = axum_server::Handle::new();
    let on_signal = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        on_signal.graceful_shutdown(Some(GRACE));
    });
    match tls {
        Some(config) => {
            axum_server::from_tcp_rustls(listener, config)?
                .handle(handle)
                .serve(app)
                .await
        }
        None => {
            axum_server::from_tcp(listener)?
                .handle(handle)
                .serve(app)
                .await
        }
    }
}

/// Ctrl-C, SIGINT or SIGTERM. The handlers are installed now, before the caller says it is
/// listening, so a signal sent right after that line still stops the service gracefully.
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_token_is_read_from_a_bearer_header_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc123"),
        );
        assert_eq!(bearer_token(&headers), Some("abc123"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  abc123 "),
        );
        assert_eq!(bearer_token(&headers), Some("abc123"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic abc123"),
        );
        assert_eq!(bearer_token(&headers), None);
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&headers), None);
    }
}
