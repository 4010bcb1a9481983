//! Published maps as the pages see them: the embed (`/embed?map=SLUG`) and oEmbed ask here
//! whether a map is up, and for its title, so an unpublished map is down everywhere.

use serde_json::Value;

use crate::http::AppState;
use crate::store::{Kind, Visibility};

/// What a page may show of the map `slug`.
#[derive(Debug, Clone, PartialEq)]
pub enum MapState {
    /// Published: its document (title, description, credit, selection, view, names).
    Published(Value),
    /// Known but not published (a draft, or taken down): readers get "no longer available".
    Down,
    /// No such map (or a server without a store).
    Unknown,
}

/// The state of map `slug` on this server.
pub async fn map_state(state: &AppState, slug: &str) -> MapState {
    let Some(d) = state.desk.as_ref() else {
        return MapState::Unknown;
    };
    match d.desk.get(Kind::Map, slug).await {
        Ok(s) if s.record.status == Visibility::Published => MapState::Published(s.record.doc),
        Ok(_) => MapState::Down,
        Err(_) => MapState::Unknown,
    }
}

/// The slug of a map URL's path or query: `/maps/SLUG`, or `map=SLUG` of `/embed` and `/`.
pub fn slug_of(path: &str, map_param: Option<&str>) -> Option<String> {
    if let Some(s) = path.strip_prefix("/maps/") {
        return (!s.is_empty() && !s.contains('/')).then(|| s.to_owned());
    }
    map_param.filter(|s| !s.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_the_path_or_the_map_parameter() {
        assert_eq!(slug_of("/maps/ganja", None).as_deref(), Some("ganja"));
        assert_eq!(slug_of("/embed", Some("ganja")).as_deref(), Some("ganja"));
        assert_eq!(slug_of("/maps/a/b", None), None);
        assert_eq!(slug_of("/embed", Some("")), None);
        assert_eq!(slug_of("/", None), None);
    }
}
