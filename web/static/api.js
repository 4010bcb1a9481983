// All data access. Two modes behind the same functions:
// - server mode: the Dateline API (bbox-limited pages, so it stays fast with millions of events);
// - static mode (`config.static`): whole files from `config.data`, loaded once and filtered here.
// Every URL is relative, so the pages work under any path prefix.

import { datetime } from './state.js';

let config = null;
const cache = new Map(); // static mode: url → parsed JSON promise

/**
 * Thrown for failed requests; `message` is the server's problem `detail` when it sent one,
 * `status` the HTTP status, `field` the field a 422 names, `problem` the whole problem body
 * (a 412's `current` is the entity as stored now).
 */
export class ApiError extends Error {
  constructor(message, { status = 0, field = null, problem = null } = {}) {
    super(message);
    this.status = status;
    this.field = field;
    this.problem = problem;
  }
}

async function getJson(url, opts = {}) {
  let res;
  try {
    res = await fetch(url, opts);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(`Network error loading ${url.split('?')[0]}`);
  }
  if (!res.ok) throw await problemOf(res);
  return res.json();
}

/** The ApiError of a failed response (its RFC 9457 problem body when it has one). */
async function problemOf(res) {
  let detail = `${res.status} ${res.statusText}`;
  let problem = null;
  try {
    problem = await res.json();
    detail = problem.detail || problem.title || detail;
  } catch { /* not JSON */ }
  return new ApiError(detail, { status: res.status, field: problem && problem.field, problem });
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) p.set(k, v);
  return p.toString();
}

/** Loads `config.json` (once). */
export async function loadConfig() {
  if (!config) config = await getJson('config.json');
  return config;
}

/**
 * Loads `config.json` for a page: the config, or null after reporting the failure with
 * `report(message, isError)`.
 */
export async function loadConfigOr(report) {
  try {
    return await loadConfig();
  } catch (e) {
    report(`Could not load config.json: ${e.message}`, true);
    return null;
  }
}

/** The loaded config (after loadConfig). */
export function getConfig() {
  return config;
}

function isStatic() {
  return !!(config && config.static);
}

function staticFile(key) {
  const url = config.data && config.data[key];
  if (!url) return Promise.resolve(null);
  if (!cache.has(url)) cache.set(url, getJson(url));
  return cache.get(url);
}

// ---- filters (static mode) ----

/** The bounding box [w, s, e, n] of a GeoJSON geometry. */
export function geomBbox(geom) {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else c.forEach(walk);
  };
  if (geom && geom.coordinates) walk(geom.coordinates);
  return [w, s, e, n];
}

function matches(f, { bbox, from, to, match, type, q, ids }) {
  const p = f.properties;
  if (ids && !ids.split(',').includes(f.id)) return false;
  if (bbox) {
    const [w, s, e, n] = f._bbox || (f._bbox = geomBbox(f.geometry));
    if (e < bbox[0] || w > bbox[2] || n < bbox[1] || s > bbox[3]) return false;
  }
  if (from || to) {
    if (!p.date_start) return false;
    const end = p.date_end || p.date_start;
    // Within: the event's whole interval inside [from, to]; else any overlap.
    if (from && (match === 'within' ? p.date_start < from : end < from)) return false;
    if (to && (match === 'within' ? end > to : p.date_start > to)) return false;
  }
  if (type && p.event_type !== type) return false;
  if (q) {
    const needle = q.toLowerCase();
    const hay = [p.title, p.summary, ...(p.claims || []).map((c) => c.quote)].join(' ').toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

async function staticEvents(filter) {
  const fc = await staticFile('events');
  return (fc ? fc.features : []).filter((f) => matches(f, filter));
}

// ---- events ----

/**
 * A page of events: `{features, numberMatched, numberReturned}`.
 * filter: {bbox:[w,s,e,n], from, to, type, q, ids (comma-separated event ids), limit, signal}
 */
export async function events(filter) {
  if (isStatic()) {
    const all = await staticEvents(filter);
    const features = all.slice(0, filter.limit || 500);
    return { type: 'FeatureCollection', features, numberMatched: all.length, numberReturned: features.length };
  }
  return getJson('collections/events/items?' + eventsQuery(filter, filter.limit || 500), { signal: filter.signal });
}

function eventsQuery(filter, limit) {
  return qs({
    bbox: filter.bbox ? filter.bbox.map((v) => +Number(v).toFixed(4)).join(',') : '',
    datetime: datetime(filter.from, filter.to),
    date_match: filter.match && (filter.from || filter.to) ? filter.match : '',
    event_type: filter.type,
    q: filter.q,
    ids: filter.ids,
    limit,
  });
}

/**
 * Event counts on a grid over the viewport (`/api/events/grid`), for views with more events
 * than a page: `{features: [Point with properties {count, bbox}], numberMatched}`. In static
 * mode the whole layer is already drawn, so there is nothing to add: `null`.
 */
export async function grid(filter, cells = 24) {
  if (isStatic() || !filter.bbox) return null;
  const q = eventsQuery(filter, '').replace(/(^|&)limit=[^&]*/, '');
  return getJson(`api/events/grid?${q}${q ? '&' : ''}cells=${cells}`, { signal: filter.signal });
}

/** One event feature by id. */
export async function event(id) {
  if (isStatic()) {
    const fc = await staticFile('events');
    const f = fc && fc.features.find((x) => x.properties.id === id);
    if (!f) throw new ApiError(`No event ${id}`);
    return f;
  }
  return getJson('collections/events/items/' + encodeURIComponent(id));
}

/** The download URL of the current filter, or null when this mode cannot offer that format. */
export function downloadUrl(filter, format) {
  if (isStatic()) return null;
  return 'collections/events/items?' + eventsQuery(filter, 10000) + '&f=' + format;
}

/**
 * The URL of the view as an image (`png` or `svg`), rendered by the server with the view's
 * area, filters, names, layers, selected event, title and credit. A static site has only the image of
 * its default view (map.png, map.svg, written by the export).
 */
export function imageUrl(view, format) {
  if (isStatic()) return `map.${format}`;
  const q = qs({
    bbox: view.bbox ? view.bbox.map((v) => +Number(v).toFixed(4)).join(',') : '',
    from: view.from, to: view.to, match: view.match, type: view.type, q: view.q, names: view.names,
    layers: view.layers ? view.layers.filter((l) => l !== 'mentions').join(',') : '',
    event: view.event, title: view.title, credit: view.credit,
  });
  return `map.${format}` + (q ? '?' + q.replace(/%2C/g, ',') : '');
}

/** Static mode: the filtered events as a GeoJSON or CSV Blob. */
export async function downloadBlob(filter, format) {
  const feats = await staticEvents(filter);
  if (format === 'json') {
    const clean = feats.map(({ type, id, geometry, properties }) => ({ type, id, geometry, properties }));
    return new Blob([JSON.stringify({ type: 'FeatureCollection', features: clean })], { type: 'application/geo+json' });
  }
  // The server's columns (src/http/formats.rs): figures are the highest any claim gives,
  // `quote` the first claim's, lists distinct and joined with "; ".
  const cols = ['id', 'latitude', 'longitude', 'date_start', 'date_end', 'date_precision', 'title', 'event_type', 'killed', 'wounded', 'claimants', 'sources', 'quote', 'place_id', 'place_name', 'status', 'location_precision', 'date_text', 'source_urls', 'other_dates'];
  const esc = (v) => (v === null || v === undefined ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const distinct = (values) => [...new Set(values.filter(Boolean))].join('; ');
  const highest = (claims, key) => {
    const n = claims.map((c) => c.casualties && c.casualties[key]).filter(Number.isFinite);
    return n.length ? Math.max(...n) : '';
  };
  const rows = feats.map((f) => {
    const p = f.properties;
    const claims = p.claims || [];
    const [w, s, e, n] = f.geometry ? f._bbox || geomBbox(f.geometry) : [NaN, NaN, NaN, NaN];
    const vals = {
      ...p,
      latitude: Number.isFinite(s) ? ((s + n) / 2).toFixed(6) : '',
      longitude: Number.isFinite(w) ? ((w + e) / 2).toFixed(6) : '',
      date_end: p.date_end || p.date_start,
      killed: highest(claims, 'killed'),
      wounded: highest(claims, 'wounded'),
      claimants: distinct(claims.map((c) => c.claimant)),
      sources: distinct(claims.map((c) => c.source)),
      quote: claims.length ? claims[0].quote : '',
      source_urls: distinct(claims.map((c) => c.source_url)),
      other_dates: (p.other_dates || []).map((o) => (o.date_start === o.date_end ? o.date_start : `${o.date_start}/${o.date_end}`)).join('; '),
    };
    return cols.map((c) => esc(vals[c])).join(',');
  });
  return new Blob(['\uFEFF' + [cols.join(','), ...rows].join('\n')], { type: 'text/csv' });
}

// ---- timeline ----

/** The histogram of the filter's events: {interval, bins, ranges, undated}. */
export async function timeline(filter) {
  if (isStatic()) return staticTimeline(await staticEvents({ ...filter, from: '', to: '' }));
  const q = qs({
    bbox: filter.bbox ? filter.bbox.map((v) => +Number(v).toFixed(4)).join(',') : '',
    datetime: datetime(filter.from, filter.to),
    date_match: filter.match && (filter.from || filter.to) ? filter.match : '',
    event_type: filter.type,
    q: filter.q,
    ids: filter.ids,
  });
  return getJson('api/events/timeline?' + q, { signal: filter.signal });
}

/** Client-side timeline (static mode): monthly bins for events within a month, ranges otherwise. */
function staticTimeline(feats) {
  const bins = new Map();
  const ranges = new Map();
  let undated = 0;
  for (const f of feats) {
    const { date_start: s, date_end: e0 } = f.properties;
    if (!s) { undated++; continue; }
    const e = e0 || s;
    if (s.slice(0, 7) === e.slice(0, 7)) {
      const k = s.slice(0, 7);
      bins.set(k, (bins.get(k) || 0) + 1);
    } else {
      const k = s + '/' + e;
      ranges.set(k, (ranges.get(k) || 0) + 1);
    }
  }
  const lastDay = (ym) => new Date(Date.UTC(+ym.slice(0, 4), +ym.slice(5, 7), 0)).toISOString().slice(0, 10);
  return {
    interval: 'month',
    bins: [...bins].sort().map(([k, count]) => ({ start: k + '-01', end: lastDay(k), count })),
    ranges: [...ranges].sort().map(([k, count]) => ({ start: k.split('/')[0], end: k.split('/')[1], count })),
    undated,
  };
}

// ---- places, outlines, mentions, sources ----

/** Places for a name (autocomplete): GeoJSON points with name, names, kind, country. */
export async function searchPlaces(q, limit = 8, signal) {
  if (isStatic()) {
    const fc = await staticFile('events');
    const needle = q.toLowerCase();
    const seen = new Map();
    for (const f of fc ? fc.features : []) {
      const p = f.properties;
      if (!p.place_id || seen.has(p.place_id)) continue;
      const hit = (p.place_names || []).find((n) => n.text.toLowerCase().includes(needle)) ||
        (p.place_name && p.place_name.toLowerCase().includes(needle) ? { text: p.place_name } : null);
      if (!hit) continue;
      const [w, s, e, n] = f._bbox || geomBbox(f.geometry);
      seen.set(p.place_id, {
        type: 'Feature', id: p.place_id,
        geometry: { type: 'Point', coordinates: [(w + e) / 2, (s + n) / 2] },
        properties: { name: p.place_name, names: p.place_names || [], kind: p.location_precision, country: p.country, matched_name: hit.text },
      });
    }
    return { type: 'FeatureCollection', features: [...seen.values()].slice(0, limit) };
  }
  return getJson('api/places/search?' + qs({ q, limit }), { signal });
}

/**
 * Outlines of a kind (country, region, district) for the offline basemap. `detail`: 'low' (a
 * light world for low zooms) or 'full'; `bbox`: only those touching [w, s, e, n]. A static
 * site has one file (countries at low detail, regions and districts at full): it answers
 * every request whole.
 */
export async function outlines(kind, { detail = 'full', bbox = null } = {}) {
  if (isStatic()) {
    const fc = await staticFile('outlines');
    if (!fc) return { type: 'FeatureCollection', features: [] };
    return { type: 'FeatureCollection', features: fc.features.filter((f) => !f.properties.kind || f.properties.kind === kind) };
  }
  return getJson('api/outlines?' + qs({ kind, detail, bbox: bbox ? bbox.join(',') : '' }).replace(/%2C/g, ','));
}

/** Whether outlines come by detail and area (a server), or whole (a static site). */
export function outlinesByArea() {
  return !isStatic();
}

/** Place-name mentions in source texts (empty in static mode and without --text). */
export async function mentions(filter) {
  if (isStatic()) return { type: 'FeatureCollection', features: [] };
  return getJson('collections/mentions/items?' + qs({
    bbox: filter.bbox ? filter.bbox.map((v) => +Number(v).toFixed(4)).join(',') : '',
    source: filter.source, limit: filter.limit || 1000,
  }), { signal: filter.signal });
}

/** The list of sources. */
export async function sources() {
  if (isStatic()) return (await staticFile('sources')) || [];
  return getJson('api/sources');
}

/** One source with its text (or null), claims and mentions. */
export async function source(id) {
  if (isStatic()) {
    const all = (await staticFile('sources')) || [];
    const s = Array.isArray(all) ? all.find((x) => x.id === id) : all[id];
    if (!s) throw new ApiError(`No source ${id}`);
    return { text: null, claims: [], mentions: [], ...s };
  }
  return getJson('api/sources/' + encodeURIComponent(id));
}

/** Whether POST endpoints (geoparse, extract) are available. */
export function canPost() {
  return !isStatic();
}

/** POST a text to the geoparser: GeoJSON of mentions with byte offsets. */
export function geoparse(text) {
  return getJson('api/geoparse', { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
}

/** POST a text to the event extractor: GeoJSON of candidate events. */
export function extract(text, published) {
  return getJson('api/extract?' + qs({ published }), { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
}

// ---- the desk: sign-in and writes (session cookie + CSRF token) ----

let session = null; // {user, role, csrf_token, expires_at} once known

/** A cookie the pages can read that says "an editor signed in here" (a hint only: the
 * session cookie is HttpOnly), so readers' pages never ask for a session they cannot have. */
const EDITOR_HINT = 'dateline_editor';

/** Whether an editor signed in from this browser (the hint; whoami() is the truth). */
export function maybeEditor() {
  return !isStatic() && document.cookie.split('; ').includes(`${EDITOR_HINT}=1`);
}

function setEditorHint(on) {
  document.cookie = `${EDITOR_HINT}=${on ? 1 : 0}; path=/; SameSite=Lax${on ? '' : '; max-age=0'}`;
}

/** Who is signed in (`GET /api/session`), or null for a reader (or a server without a desk). */
export async function whoami() {
  if (isStatic()) return null;
  try {
    session = await getJson('api/session', { credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    if (e.status === 401 || e.status === 404) session = null;
    else throw e;
  }
  setEditorHint(!!session);
  return session;
}

/** The session known from the last whoami/signIn (null: a reader). */
export function currentSession() {
  return session;
}

/** Signs in (`POST /api/session`): the session, with its CSRF token. */
export async function signIn(name, password) {
  session = await getJson('api/session', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  setEditorHint(true);
  return session;
}

/** Signs out (`DELETE /api/session`). */
export async function signOut() {
  try {
    await send('DELETE', 'api/session');
  } finally {
    session = null;
    setEditorHint(false);
  }
}

/**
 * A write of the desk: `body` as JSON (or FormData as it is), the session's CSRF token,
 * `If-Match: etag` when given. Returns `{data, etag, status}`; throws ApiError.
 */
async function send(method, url, body, etag) {
  const headers = {};
  if (session && session.csrf_token) headers['X-CSRF-Token'] = session.csrf_token;
  if (etag) headers['If-Match'] = etag;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(`Network error: ${method} ${url.split('?')[0]}`);
  }
  if (!res.ok) throw await problemOf(res);
  const data = res.status === 204 ? null : await res.json();
  return { data, etag: res.headers.get('ETag'), status: res.status };
}

const enc = encodeURIComponent;

/** Every stored source, drafts too (`{items}`), for the editors. */
export const deskSources = () => send('GET', 'api/sources');
/** A stored source (drafts too, with its text) and its ETag. */
export const deskSource = (id) => send('GET', `api/sources/${enc(id)}`);
/** A new draft source from a pasted text and its metadata. */
export const createSource = (fields) => send('POST', 'api/sources', fields);
/** A new draft source from an uploaded .txt or .pdf (`form`: FormData with `file` and metadata). */
export const uploadSource = (form) => send('POST', 'api/sources', form);
/** A merge patch of a source. */
export const patchSource = (id, patch, etag) => send('PATCH', `api/sources/${enc(id)}`, patch, etag);
/** The stored text geoparsed and extracted: {mentions, candidates, decisions}. */
export const analyse = (id) => send('POST', `api/sources/${enc(id)}/analyse`);
/**
 * The editor's decision on the mention at byte `start`: {decision: accepted|rejected|resolved,
 * place_id?, end?} (`end`: a span the geoparser missed).
 */
export const decideMention = (id, start, decision) => send('PUT', `api/sources/${enc(id)}/mentions/${start}`, decision);
/** A new editor place: {name, geometry, precision, country_code?}. */
export const createPlace = (fields) => send('POST', 'api/places', fields);
/** Every event (drafts too), for the editors. */
export const deskEvents = () => send('GET', 'api/events');
/** One stored event with its claims, and its ETag. */
export const deskEvent = (id) => send('GET', `api/events/${enc(id)}`);
/** A new draft event (with `claim: [...]`). */
export const createEvent = (fields) => send('POST', 'api/events', fields);
/** A merge patch of an event (If-Match). */
export const patchEvent = (id, patch, etag) => send('PATCH', `api/events/${enc(id)}`, patch, etag);
/** A claim from a span of a stored source, on an event. */
export const addClaim = (eventId, claim) => send('POST', `api/events/${enc(eventId)}/claims`, claim);
/** A new draft map. */
export const createMap = (fields) => send('POST', 'api/maps', fields);
/** Every map (drafts too). */
export const deskMaps = () => send('GET', 'api/maps');
/** One map (a reader gets published ones only). */
export const publishedMap = (slug) => getJson(`api/maps/${enc(slug)}`);
/** Publishes (`on`) or unpublishes a source, event or map (`kind`: sources|events|maps). */
export const setPublished = (kind, id, on) => send('POST', `api/${kind}/${enc(id)}/${on ? 'publish' : 'unpublish'}`);
/** The revisions of one entity (`kind:id`), newest first. */
export const revisions = (entity) => send('GET', `api/revisions?${qs({ entity })}`);
/** Restores the entity to its state after revision `n`. */
export const restore = (n) => send('POST', `api/revisions/${n}/restore`);
