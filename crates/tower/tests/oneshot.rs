//! Every case through `tower::ServiceExt::oneshot`, no socket.

mod support;

#[tokio::test(flavor = "current_thread")]
async fn cases_through_oneshot() {
    let app = support::app();
    support::run_cases(&app, false, |req| support::oneshot(&app, req)).await;
}
