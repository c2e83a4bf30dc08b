//! A tonic gRPC server on 127.0.0.1 (ephemeral port) with the layer on the
//! whole server (`Server::builder().layer(ConditionalLayer::new())`), serving
//! tonic-health's `grpc.health.v1.Health`, called by tonic's own client.
//!
//! gRPC calls are POSTs; without a `.current(f)` lookup the layer passes
//! unsafe methods through untouched, even when they carry If-Match or
//! If-None-Match. The same raw calls are sent to the same server without the
//! layer, and the answers (status, fields, body bytes, trailers with
//! grpc-status) must be identical.

mod support;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use precond_tower::ConditionalLayer;
use tonic::transport::server::TcpIncoming;
use tonic::transport::{Channel, Server};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tower::ServiceExt;

use support::lines;

/// Every test step is bounded in time.
async fn bounded<T>(what: &str, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), fut)
        .await
        .unwrap_or_else(|_| panic!("{what}: timed out"))
}

/// A running server and the sender that stops it.
struct Running {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    async fn stop(self) {
        let _ = self.stop.send(());
        bounded("server shutdown", self.task).await.unwrap();
    }
}

/// The health service, with or without the layer around the whole server.
async fn serve(layered: bool) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let incoming = TcpIncoming::from(listener);
    let (_reporter, health) = tonic_health::server::health_reporter();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let task = if layered {
        let router = Server::builder()
            .layer(ConditionalLayer::new())
            .add_service(health);
        tokio::spawn(async move {
            router
                .serve_with_incoming_shutdown(incoming, shutdown)
                .await
                .unwrap();
        })
    } else {
        let router = Server::builder().add_service(health);
        tokio::spawn(async move {
            router
                .serve_with_incoming_shutdown(incoming, shutdown)
                .await
                .unwrap();
        })
    };
    Running { addr, stop, task }
}

async fn channel(addr: SocketAddr) -> Channel {
    bounded(
        "connect",
        Channel::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect(),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn tonic_client_calls_through_the_layer() {
    let server = serve(true).await;
    let mut client = HealthClient::new(channel(server.addr).await);

    // A unary call succeeds: the server's overall health is Serving.
    let res = bounded("Check", client.check(HealthCheckRequest::default()))
        .await
        .unwrap();
    assert_eq!(res.get_ref().status(), ServingStatus::Serving);

    // A gRPC error status (NotFound, in the grpc-status trailer) reaches the
    // client as it was sent.
    let err = bounded(
        "Check unknown",
        client.check(HealthCheckRequest {
            service: "no.such.Service".into(),
        }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), tonic::Code::NotFound);

    // A call with conditional fields in its metadata is a POST: without a
    // lookup the layer does not evaluate it (no 412 for a false If-Match).
    let mut req = tonic::Request::new(HealthCheckRequest::default());
    req.metadata_mut()
        .insert("if-match", "\"no-such-tag\"".parse().unwrap());
    req.metadata_mut()
        .insert("if-none-match", "*".parse().unwrap());
    let res = bounded("Check with If-Match", client.check(req))
        .await
        .unwrap();
    assert_eq!(res.get_ref().status(), ServingStatus::Serving);

    // A server-streaming call: the first message of the stream arrives
    // through the layer's body.
    let mut stream = bounded("Watch", client.watch(HealthCheckRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let first = bounded("Watch message", stream.message())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.status(), ServingStatus::Serving);
    drop(stream);
    drop(client);

    server.stop().await;
}

/// What a raw gRPC call got back: status, fields (no `date`), the body's
/// bytes and the trailers.
#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    fields: Vec<String>,
    body: Bytes,
    trailers: Vec<String>,
}

/// One gRPC frame (uncompressed, 4-byte big-endian length) holding a
/// `HealthCheckRequest` whose `service` field (number 1, length-delimited)
/// is `service`; the empty message for "".
fn check_frame(service: &str) -> Bytes {
    let mut message = Vec::new();
    if !service.is_empty() {
        message.push(0x0a);
        message.push(u8::try_from(service.len()).unwrap());
        message.extend_from_slice(service.as_bytes());
    }
    let mut frame = vec![0u8];
    frame.extend_from_slice(&u32::try_from(message.len()).unwrap().to_be_bytes());
    frame.extend_from_slice(&message);
    Bytes::from(frame)
}

/// Sends a raw `Check` POST with `extra` fields and reads the whole answer.
async fn raw_check(addr: SocketAddr, service: &str, extra: &[(&str, &str)]) -> Answer {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(format!("http://{addr}/grpc.health.v1.Health/Check"))
        .header(header::CONTENT_TYPE, "application/grpc")
        .header(header::TE, "trailers");
    for (name, value) in extra {
        req = req.header(*name, *value);
    }
    let req = req
        .body(tonic::body::Body::new(Full::new(check_frame(service))))
        .unwrap();
    let res = bounded("raw Check", channel(addr).await.oneshot(req))
        .await
        .unwrap();
    let status = res.status();
    let fields = lines(res.headers());
    let collected = bounded("raw Check body", res.into_body().collect())
        .await
        .unwrap();
    let trailers = collected.trailers().map(lines).unwrap_or_default();
    Answer {
        status,
        fields,
        body: collected.to_bytes(),
        trailers,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn grpc_posts_pass_through_untouched() {
    let with = serve(true).await;
    let without = serve(false).await;
    let cases: [(&str, &[(&str, &str)]); 5] = [
        ("", &[]),
        ("no.such.Service", &[]),
        ("", &[("if-match", "\"no-such-tag\"")]),
        ("", &[("if-none-match", "*")]),
        (
            "",
            &[
                ("if-unmodified-since", "Thu, 01 Jan 1970 00:00:00 GMT"),
                ("if-range", "\"x\""),
                ("range", "bytes=0-1"),
            ],
        ),
    ];
    for (service, extra) in cases {
        let layered = raw_check(with.addr, service, extra).await;
        let bare = raw_check(without.addr, service, extra).await;
        assert_eq!(layered, bare, "service {service:?}, fields {extra:?}");
        assert_eq!(layered.status, StatusCode::OK);
        let grpc_status = if service.is_empty() { "0" } else { "5" };
        assert!(
            layered
                .trailers
                .contains(&format!("grpc-status: {grpc_status}"))
                || layered
                    .fields
                    .contains(&format!("grpc-status: {grpc_status}")),
            "{layered:?}"
        );
    }
    // Serving: one frame holding field 1 (status) = 1 (SERVING).
    let serving = raw_check(with.addr, "", &[]).await;
    assert_eq!(&serving.body[..], &[0, 0, 0, 0, 2, 0x08, 0x01]);
    with.stop().await;
    without.stop().await;
}
