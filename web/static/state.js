// The view state and its permalink: everything a view needs lives in the query string, so a
// URL (or an embed) restores it (`tour=ID`: the guided tour, open at that event;
// `title`: the embed's title, set in the embed dialog; `credit`: who made the map, a published
// map's; `ids`: a published map's hand-picked events). Written with history.replaceState, never a page load.

/** Layers shown when the URL does not say. */
export const DEFAULT_LAYERS = ['events', 'places', 'outlines'];

/** Parses the state from a query string. */
export function readState(search = location.search) {
  const p = new URLSearchParams(search);
  const bbox = (p.get('bbox') || '').split(',').map(Number);
  const date = (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s || '') ? s : '');
  return {
    bbox: bbox.length === 4 && bbox.every(Number.isFinite) ? bbox : null,
    layers: p.has('layers') ? p.get('layers').split(',').filter(Boolean) : [...DEFAULT_LAYERS],
    from: date(p.get('from')),
    to: date(p.get('to')),
    // How events relate to from/to: '' (overlapping them, the default) or 'within'.
    match: p.get('match') === 'within' ? 'within' : '',
    event: p.get('event') || '',
    names: p.get('names') || '',
    basemap: p.get('basemap') === 'offline' ? 'offline' : p.get('basemap') === 'osm' ? 'osm' : '',
    type: p.get('type') || '',
    q: p.get('q') || '',
    tour: p.get('tour') || '',
    title: (p.get('title') || '').slice(0, 120),
    credit: (p.get('credit') || '').slice(0, 120),
    // A published map's hand-picked events (comma-separated ids): only these are shown.
    ids: p.get('ids') || '',
  };
}

/** The query string of a state (empty values left out; bbox to 4 decimals). */
export function toQuery(state) {
  const p = new URLSearchParams();
  if (state.bbox) p.set('bbox', state.bbox.map((v) => Number(v).toFixed(4)).join(','));
  if (state.layers && state.layers.join(',') !== DEFAULT_LAYERS.join(',')) p.set('layers', state.layers.join(','));
  for (const k of ['from', 'to', 'match', 'event', 'names', 'basemap', 'type', 'q', 'tour', 'title', 'credit', 'ids']) {
    if (state[k]) p.set(k, state[k]);
  }
  // Commas stay readable in permalinks (bbox=w,s,e,n; layers=a,b).
  return p.toString().replace(/%2C/g, ',');
}

/** Writes the state into the address bar without a navigation. */
export function writeState(state) {
  const q = toQuery(state);
  const url = location.pathname + (q ? '?' + q : '') + location.hash;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(null, '', url);
}

/** The `datetime` interval of a from/to pair, or '' when neither is set. */
export function datetime(from, to) {
  if (!from && !to) return '';
  return `${from || '..'}/${to || '..'}`;
}

/** The URL of another page of the site with this state (relative, for static exports). */
export function pageUrl(page, state) {
  const q = toQuery(state);
  return page + (q ? '?' + q : '');
}
