//! A published map with hand-picked events: its page, embed, images and downloads hold
//! exactly those events (the permalink carries `ids`).

use serde_json::json;

use crate::desk::sqlite_desk as desk;

#[tokio::test]
async fn a_maps_hand_picked_events_are_all_it_shows() {
    let d = desk().await;
    let picked = [
        "ganja-missile-strike-2020-10-11",
        "barda-cluster-munition-attack-2020",
    ];
    let r = d
        .with_token(
            "POST",
            "/api/maps",
            Some(
                json!({"slug": "two-strikes", "title": "Two strikes", "credit": "Desk",
                        "selection": {"events": picked}}),
            ),
            None,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let r = d
        .with_token("POST", "/api/maps/two-strikes/publish", None, None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let page = d.public("/maps/two-strikes").await;
    assert_eq!(page.status, 302);
    let to = page.header("location").to_owned();
    assert!(
        to.contains("ids=barda-cluster-munition-attack-2020,ganja-missile-strike-2020-10-11")
            || to
                .contains("ids=ganja-missile-strike-2020-10-11,barda-cluster-munition-attack-2020"),
        "{to}"
    );
    let query = to.trim_start_matches("/?");
    let ids = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("ids="))
        .expect("ids in the permalink");
    let items = d
        .public(&format!("/collections/events/items?ids={ids}"))
        .await;
    let mut got = items.ids();
    got.sort();
    let mut want = picked.to_vec();
    want.sort();
    assert_eq!(got, want);
    let img = d.public("/maps/two-strikes.svg").await;
    assert_eq!(
        img.status,
        200,
        "the image takes the permalink's ids: {}",
        img.text()
    );
    let embed = d.public(&format!("/embed?{query}")).await;
    assert_eq!(embed.status, 200, "the embed takes them: {}", embed.text());
}
