//! Every case over a real socket: axum's server on 127.0.0.1 (ephemeral
//! port), hyper-util's client.

mod support;

#[tokio::test(flavor = "current_thread")]
async fn cases_over_a_socket() {
    let app = support::app();
    let server = support::Server::axum(app.router.clone()).await;
    let client = support::client();
    let addr = server.addr;
    support::run_cases(&app, true, |req| support::send(&client, addr, req)).await;
    drop(client);
    server.stop().await;
}
