//! Every case over a real socket: axum's server on 127.0.0.1 (ephemeral
//! port), hyper-util's client.

mod support;

// proves: 9110-13.2.2-evaluation-order, 9110-15.4.5-keep-listed-fields, 9110-15.4.5-drop-representation-metadata, 9110-13.1.5-false-ignores-range, 9110-13.1.5-true-honours-range, 9110-13.2.1-ignore-unless-2xx-or-412
#[tokio::test(flavor = "current_thread")]
async fn cases_over_a_socket() {
    // Both forms of the layer, traced and not, as in `tests/oneshot.rs`.
    for build in support::Build::ALL {
        let app = support::app_built(build);
        eprintln!("{build:?}");
        let server = support::Server::axum(app.router.clone()).await;
        let client = support::client();
        let addr = server.addr;
        support::run_cases(&app, true, |req| support::send(&client, addr, req)).await;
        drop(client);
        server.stop().await;
    }
}
