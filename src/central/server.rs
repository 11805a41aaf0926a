//! The HTTP service: `GET /v1/info` and `POST /v1/changes` (see `crate::sync::protocol`).

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use deadpool_postgres::Pool;

use super::apply;
use super::devices::{self, Access};
use super::error::CentralError;
use crate::sync::protocol::{API_VERSION, ApiError, BatchAck, ChangeBatch, ServiceInfo};

/// Room for a few thousand full records per batch.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// How long requests in flight get to finish after a shutdown signal.
const GRACE: Duration = Duration::from_secs(10);

#[derive(Clone)]
struct AppState {
    pool: Pool,
}

/// The service's routes over a connection pool.
pub fn router(pool: Pool) -> Router {
    Router::new()
        .route("/v1/info", get(info))
        .route("/v1/changes", post(post_changes))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(AppState { pool })
}

async fn info() -> Json<ServiceInfo> {
    Json(ServiceInfo {
        service: "fairfloor-central".into(),
        api_version: API_VERSION,
    })
}

/// An error answer: a status and a message for the person at the laptop.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, Json(ApiError { error: self.1 })).into_response()
    }
}

impl From<CentralError> for Refusal {
    fn from(error: CentralError) -> Self {
        eprintln!("fairfloor central: a batch failed: {error}");
        Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
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
    Refusal(
        StatusCode::UNAUTHORIZED,
        "this device token is not valid here (unknown or revoked): ask the coordinator for a new one (fairfloor central add-device)".into(),
    )
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

async fn post_changes(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match receive(&state, &headers, &body).await {
        Ok(ack) => Json(ack).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

async fn receive(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<BatchAck, Refusal> {
    let Some(token) = bearer_token(headers) else {
        return Err(Refusal(
            StatusCode::UNAUTHORIZED,
            "send the device token as the header Authorization: Bearer TOKEN (from fairfloor central add-device)".into(),
        ));
    };
    let batch: ChangeBatch = serde_json::from_slice(body).map_err(|error| {
        Refusal(
            StatusCode::BAD_REQUEST,
            format!(
                "the batch is not valid JSON of the expected shape: {error}; nothing was applied"
            ),
        )
    })?;
    apply::check_batch(&batch.changes).map_err(|problem| {
        Refusal(
            StatusCode::BAD_REQUEST,
            format!("{problem}; nothing was applied"),
        )
    })?;
    let mut client = state.pool.get().await.map_err(CentralError::from)?;
    let Some(first) = batch.changes.first() else {
        // An empty batch asks where the centre stands for the token's laptop.
        return match devices::is_live(&**client, token).await? {
            None => Err(unauthorised()),
            Some(None) => Err(Refusal(
                StatusCode::BAD_REQUEST,
                "the batch has no changes, and this token has not sent any yet".into(),
            )),
            Some(Some(device_id)) => Ok(BatchAck {
                acked_seq: apply::acked_seq(&**client, &device_id).await?,
                device_id,
                rejected: Vec::new(),
            }),
        };
    };
    let device_id = first.device_id.clone();
    let tx = client.transaction().await?;
    match devices::authorise(&*tx, token, &device_id).await? {
        Access::Granted => {}
        Access::Unknown => return Err(unauthorised()),
        Access::OtherDevice(bound) => {
            return Err(Refusal(
                StatusCode::FORBIDDEN,
                format!(
                    "this token belongs to the laptop with device id {bound}, not {device_id}: enrol this laptop with its own token (fairfloor central add-device)"
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
    // Two crypto providers are compiled in (ureq brings ring), so rustls needs to be told which.
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
