//! The geoparser on the annotated dev set (`../shared/corpus`), scored like
//! `../shared/eval/score.py`: toponym F1 and accuracy within 161 km.
//!
//! The corpus lives outside the repository; CI lays it beside the checkout. Outside CI the
//! test is skipped (with a message) when the corpus is absent; in CI (`CI=true`) its
//! absence is a failure.

use std::path::Path;

use dateline::gazetteer::{Gazetteer, Kind, distance_km};
use dateline::geoparse::Geoparser;

#[test]
fn dev_set_f1_and_accuracy_meet_the_bar() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let gold_path = dir.join("interview-2020-11-06.gold.json");
    if !gold_path.exists() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must provide ../shared/corpus"
        );
        eprintln!("skipped: {} not found", gold_path.display());
        return;
    }
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("gold")).expect("json");
    let text =
        std::fs::read_to_string(dir.join(gold["file"].as_str().expect("file"))).expect("text");
    let g = Gazetteer::load_default().expect("gazetteer");
    let mentions = Geoparser::new(&g).parse(&text);
    let toponyms = gold["toponyms"].as_array().expect("toponyms");
    let (mut tp, mut correct) = (0usize, 0usize);
    let mut used = vec![false; mentions.len()];
    for t in toponyms {
        let (s, e) = (
            t["start"].as_u64().expect("start") as usize,
            t["end"].as_u64().expect("end") as usize,
        );
        let Some(i) =
            (0..mentions.len()).find(|&i| !used[i] && mentions[i].start < e && s < mentions[i].end)
        else {
            continue;
        };
        used[i] = true;
        tp += 1;
        let p = g.place(mentions[i].place);
        let d = distance_km(
            [
                t["lon"].as_f64().expect("lon"),
                t["lat"].as_f64().expect("lat"),
            ],
            p.point,
        );
        let same_country =
            t["kind"] == "country" && p.kind == Kind::Country && t["country"] == p.country.as_ref();
        let tol = t["tol_km"].as_f64().unwrap_or(161.0);
        if d <= tol || same_country {
            correct += 1;
        }
    }
    let fp = used.iter().filter(|u| !**u).count();
    let fn_ = toponyms.len() - tp;
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    let acc = correct as f64 / tp as f64;
    assert!(f1 >= 0.95, "F1 {f1:.3} (P {precision:.3}, R {recall:.3})");
    assert!(acc >= 0.97, "acc@161 {acc:.3}");
}
