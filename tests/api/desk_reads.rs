//! Reads with credentials: a valid token sees drafts; a wrong token is refused, and a
//! session cookie that has ended reads as a reader (regression: the mere presence of
//! credentials once gave the desk's view of a draft).

use axum::body::Body;

use crate::desk::{req, sqlite_desk as desk};

#[tokio::test]
async fn a_wrong_token_or_an_ended_session_never_reads_a_draft() {
    let d = desk().await;
    let sid = d.source().await["id"].as_str().expect("id").to_owned();
    let uri = format!("/api/sources/{sid}");
    let r = d.with_token("GET", &uri, None, None).await;
    assert_eq!(r.status, 200, "the editor reads the draft: {}", r.text());
    assert_eq!(r.json()["status"], "draft");

    let forged = format!("Bearer dl_{}", "0".repeat(43));
    for (name, value) in [
        ("authorization", forged.as_str()),
        ("authorization", "Bearer nonsense"),
    ] {
        let r = d
            .send(
                req("GET", &uri)
                    .header(name, value)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, 401, "{value}: {}", r.text());
        assert!(!r.text().contains("draft"), "{}", r.text());
    }
    for cookie in ["dateline_session=ended", "__Host-dateline_session=ended"] {
        let r = d
            .send(
                req("GET", &uri)
                    .header("cookie", cookie)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, 404, "{cookie}: a reader's answer, {}", r.text());
        let r = d
            .send(
                req("GET", "/api/sources")
                    .header("cookie", cookie)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, 200);
        assert!(!r.text().contains(&sid), "{cookie}: the public list");
    }
}
