//! The event types' colours, as the web map draws them: the same eight Okabe–Ito classes
//! in the same legend order as `web/static/palette.js` (a test reads that file and fails
//! when the two differ, so the web map and the images never disagree).

use crate::events::EventType;

/// A colour class of the legend: its key, label and colour (`#RRGGBB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    /// The class's key (`fighting`, `strikes`…), as in `palette.js`.
    pub key: &'static str,
    /// The legend's label.
    pub label: &'static str,
    /// The colour, `#RRGGBB`.
    pub color: &'static str,
}

/// Colour classes in legend order.
pub const CLASSES: [Class; 8] = [
    Class {
        key: "fighting",
        label: "Fighting (clashes, infiltration)",
        color: "#D55E00",
    },
    Class {
        key: "strikes",
        label: "Shelling & missile strikes",
        color: "#E69F00",
    },
    Class {
        key: "civilians",
        label: "Attacks on civilians, massacres",
        color: "#CC79A7",
    },
    Class {
        key: "damage",
        label: "Destruction & cultural heritage",
        color: "#8B5A2B",
    },
    Class {
        key: "control",
        label: "Territorial control",
        color: "#0072B2",
    },
    Class {
        key: "people",
        label: "Casualties & displacement",
        color: "#009E73",
    },
    Class {
        key: "politics",
        label: "Statements, agreements, UN",
        color: "#56B4E9",
    },
    Class {
        key: "other",
        label: "Other",
        color: "#7F7F7F",
    },
];

/// The key of the class of each event type the web map knows; any other type is `other`.
pub const TYPE_CLASS: [(&str, &str); 14] = [
    ("armed_clash", "fighting"),
    ("infiltration", "fighting"),
    ("shelling", "strikes"),
    ("missile_strike", "strikes"),
    ("attack_on_civilians", "civilians"),
    ("massacre", "civilians"),
    ("destruction", "damage"),
    ("damage_to_cultural_heritage", "damage"),
    ("territorial_control_change", "control"),
    ("casualty_report", "people"),
    ("displacement", "people"),
    ("political_statement", "politics"),
    ("ceasefire_or_agreement", "politics"),
    ("un_resolution", "politics"),
];

/// The class of an event type (`other` for a type without one).
pub fn class_of(t: EventType) -> &'static Class {
    let key = TYPE_CLASS
        .iter()
        .find(|(ty, _)| *ty == t.as_str())
        .map_or("other", |(_, k)| *k);
    CLASSES
        .iter()
        .find(|c| c.key == key)
        .unwrap_or(&CLASSES[CLASSES.len() - 1])
}

/// The position of a class in the legend.
pub fn rank(c: &Class) -> usize {
    CLASSES
        .iter()
        .position(|x| x.key == c.key)
        .unwrap_or(CLASSES.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quoted strings of a line of `palette.js`, in order.
    fn quoted(line: &str) -> Vec<&str> {
        line.split('\'').skip(1).step_by(2).collect()
    }

    #[test]
    fn classes_and_types_match_the_web_palette() {
        let js = include_str!("../../web/static/palette.js");
        let classes: Vec<Vec<&str>> = js
            .lines()
            .filter(|l| l.trim_start().starts_with("{ key:"))
            .map(quoted)
            .collect();
        let ours: Vec<Vec<&str>> = CLASSES
            .iter()
            .map(|c| vec![c.key, c.label, c.color])
            .collect();
        assert_eq!(
            classes, ours,
            "palette.js CLASSES differ from render::palette"
        );
        let body = js
            .split("const TYPE_CLASS = {")
            .nth(1)
            .and_then(|s| s.split("};").next())
            .expect("palette.js has TYPE_CLASS");
        let types: Vec<(&str, &str)> = body
            .lines()
            .filter_map(|l| {
                let (k, v) = l.trim().trim_end_matches(',').split_once(':')?;
                Some((k.trim(), v.trim().trim_matches('\'')))
            })
            .collect();
        assert_eq!(types, TYPE_CLASS.to_vec(), "palette.js TYPE_CLASS differs");
    }

    #[test]
    fn every_type_has_a_class_and_unknown_ones_are_other() {
        for t in EventType::ALL {
            let c = class_of(t);
            let listed = TYPE_CLASS.iter().any(|(ty, _)| *ty == t.as_str());
            assert_eq!(c.key == "other", !listed, "{}", t.as_str());
        }
        assert_eq!(class_of(EventType::Shelling).color, "#E69F00");
    }
}
