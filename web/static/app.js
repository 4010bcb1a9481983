// The map page and the embed page: wires the state (permalink), the data (api.js) and the
// components (map, list, detail, timeline, search, embed dialog). The embed page has the same
// parameters and code, without the header chrome.

import * as api from './api.js';
import { el, debounce, setChildren } from './dom.js';
import { readState, writeState, pageUrl } from './state.js';
import { EventMap, geomBbox } from './map.js';
import { renderList, markSelected } from './list.js';
import { renderDetail } from './detail.js';
import { Timeline } from './timeline.js';
import { initSearch } from './search.js';
import { openEmbedDialog } from './embed-dialog.js';
import { CLASSES, TYPES, typeLabel } from './palette.js';
import { CONVENTIONS } from './names.js';
import { Tour } from './tour.js';

/** Options (defaults). */
const OPTIONS = {
  pageLimit: 500, // events fetched per viewport; beyond this the list says "zoom in"
  moveDelayMs: 250, // debounce of re-fetching after the map moves
  warPreset: ['2020-07-01', '2020-11-30'], // the "2020 war" timeline zoom
  outlineDetailZoom: 5, // from this zoom the outlines in view come at full detail (below: a light world)
  outlineCellDeg: 10, // grid of the full-detail outline requests, in degrees
};

const $ = (id) => document.getElementById(id);
const isEmbed = document.body.classList.contains('page-embed');

let config;
let state;
let emap;
let timeline;
let tour;
let page = { features: [], numberMatched: 0 };
let fetchCtrl = null;
let movePending = false; // a move's re-fetch is waiting out its debounce
const blobUrls = [];
let mapDoc = null; // the embed's published map (`?map=SLUG`), if any

/** Shows a message in the status line (errors get the error style). */
function status(text, isError = false) {
  const s = $('status');
  if (!s) return;
  s.textContent = text || '';
  s.classList.toggle('error', !!isError);
}

function filter() {
  return { bbox: state.bbox, from: state.from, to: state.to, match: state.match, type: state.type, q: state.q, ids: state.ids };
}

/** The state as it goes into URLs: the default name convention is left out. */
function urlState() {
  return { ...state, names: state.names === (config.names || 'en') ? '' : state.names };
}

function save() {
  // A published map's embed keeps its address (`?map=SLUG`); its view is the map's.
  if (!mapDoc) writeState(urlState());
  const full = $('view-full');
  if (full) full.href = mapDoc ? `maps/${encodeURIComponent(mapDoc.slug)}` : pageUrl(config.pages.map, urlState());
  updateImageLinks();
}

/** The Image links: the current view as PNG and SVG (a static site: its default view). */
function updateImageLinks() {
  for (const format of ['png', 'svg']) {
    const a = $(`img-${format}`);
    if (a) a.href = api.imageUrl(urlState(), format);
  }
  const group = $('image-links');
  if (group && config.static) group.title = 'The exported map as an image (its default view, not this one)';
}

// ---- data ----

/** Re-fetches the events (and histogram) of the viewport and filter; aborts stale requests. */
async function refresh() {
  if (fetchCtrl) fetchCtrl.abort();
  fetchCtrl = new AbortController();
  const signal = fetchCtrl.signal;
  const f = filter();
  setBusy(true);
  try {
    const [p, tl] = await Promise.all([
      api.events({ ...f, limit: OPTIONS.pageLimit, signal }),
      timeline ? api.timeline({ ...f, from: '', to: '', signal }) : null,
    ]);
    if (signal.aborted) return;
    page = p;
    emap.setEvents(p.features);
    // More events in view than a page: show where all of them are, as counts per cell.
    const truncated = (p.numberMatched ?? 0) > p.features.length;
    emap.setDensity(truncated ? await api.grid({ ...f, signal }).catch(() => null) : null);
    if (signal.aborted) return;
    drawList();
    drawEmbedHead();
    if (tl) timeline.setData(tl);
    const note = $('timeline-note');
    if (note && tl) note.textContent = tl.undated ? `${tl.undated} undated event${tl.undated === 1 ? '' : 's'} in view (not on the timeline${state.from || state.to ? ', and hidden by the date filter' : ''})` : '';
    updateDownloads(f);
    // A fetch's error is over once one succeeds; a notice (tiles failed) stays.
    if ($('status')?.classList.contains('error')) status('');
    // The basemap's detail after the markers: they come first.
    loadOutlineDetail();
    if (state.layers.includes('places') && config.sources_with_text && config.sources_with_text.length) {
      api.mentions({ bbox: state.bbox, signal }).then((fc) => emap.setMentions(fc)).catch(() => {});
    }
  } catch (e) {
    if (e.name !== 'AbortError') status(e.message, true);
  } finally {
    // Still busy when a move came meanwhile (the selected marker panned out from under the
    // embed's card, say): its re-fetch is due and will replace these markers.
    if (!signal.aborted && !movePending) setBusy(false);
  }
}

/**
 * After the map moved: busy at once, and the re-fetch after the debounce. Busy covers the
 * wait too, so nothing (a reader's script, a test) takes the markers drawn now for the
 * last ones while their replacement is due.
 */
const refreshAfterMove = debounce((bbox) => {
  movePending = false;
  state.bbox = bbox;
  save();
  refresh();
}, OPTIONS.moveDelayMs);

function moved(bbox) {
  movePending = true;
  setBusy(true);
  refreshAfterMove(bbox);
}

/** Marks the list busy while a fetch is in flight or due (aria-busy; data-loading for styles and tests). */
function setBusy(on) {
  const list = $('event-list');
  if (list) list.setAttribute('aria-busy', String(on));
  if (on) document.body.dataset.loading = '1';
  else delete document.body.dataset.loading;
}

function drawList() {
  const list = $('event-list');
  const count = $('event-count');
  if (list) renderList(list, count, page, { convention: state.names, selected: state.event, onSelect: (id) => selectEvent(id, true) });
  else if (count) {
    const m = page.numberMatched ?? page.features.length;
    count.textContent = `${m} event${m === 1 ? '' : 's'}`;
  }
}

// ---- selection ----

/** Opens an event's detail and highlights it; `pan` brings it into view. */
async function selectEvent(id, pan, focus = true) {
  state.event = id;
  save();
  let f = page.features.find((x) => x.properties.id === id);
  try {
    if (!f) f = await api.event(id);
  } catch (e) {
    status(e.message, true);
    return;
  }
  const panel = $('detail-panel');
  renderDetail(panel, f, { convention: state.names, pages: config.pages, onClose: closeDetail, focus });
  showTab('detail');
  emap.highlight(id, pan);
  const list = $('event-list');
  if (list) markSelected(list, id);
}

function closeDetail() {
  if (tour && tour.active) tour.close();
  state.event = '';
  save();
  emap.highlight(null);
  showTab('list');
  const list = $('event-list');
  if (list) markSelected(list, null);
}

function showTab(which) {
  const detail = $('detail-panel');
  const list = $('list-panel');
  if (isEmbed) {
    detail.hidden = which !== 'detail';
    return;
  }
  detail.hidden = which !== 'detail';
  list.hidden = which !== 'list';
  $('tab-list').setAttribute('aria-selected', String(which === 'list'));
  $('tab-detail').setAttribute('aria-selected', String(which === 'detail'));
  document.body.dataset.tab = which;
}

/**
 * The embed's title (the `title` parameter, else the site's), the dates it covers (the date
 * filter, else the span of the events shown) and its credit (the `credit` parameter of a
 * published map, else the site's), inside the frame.
 */
function drawEmbedHead() {
  const heading = $('embed-heading');
  if (!heading) return;
  heading.textContent = state.title || config.title || 'Dateline';
  const starts = page.features.map((f) => f.properties.date_start).filter(Boolean).sort();
  const ends = page.features.map((f) => f.properties.date_end || f.properties.date_start).filter(Boolean).sort();
  const from = state.from || starts[0] || '';
  const to = state.to || ends[ends.length - 1] || '';
  $('embed-range').textContent = from || to ? `${from || '…'} – ${to || '…'}` : 'undated events';
  // A published map's credit line as its editors wrote it (`?map=`), or its permalink's
  // `credit`, else the site's.
  $('embed-credit').textContent = mapDoc && mapDoc.credit
    ? mapDoc.credit
    : state.credit
      ? `Map: ${state.credit} · data: ${config.title || 'Dateline'}`
      : `Map: ${config.title || 'Dateline'} · sourced claims`;
}

// ---- a published map (the embed's `map=SLUG`) and the editor's entry ----

/** The view of a published map's document: its area, selection, names and title. */
function mapView(doc) {
  const sel = doc.selection || {};
  const bbox = doc.view && Array.isArray(doc.view.bbox) && doc.view.bbox.length === 4 ? doc.view.bbox : null;
  const ids = Array.isArray(sel.events) ? sel.events.filter((x) => typeof x === 'string').join(',') : '';
  return { bbox, from: sel.from || '', to: sel.to || '', type: sel.type || '', q: sel.q || '', ids, names: doc.names || state.names, title: (doc.title || '').slice(0, 120) };
}

/** The embed of a map that is not (or no longer) published: says so, and nothing else. */
function mapGone(slug) {
  document.title = 'Map no longer available — Dateline';
  setChildren(document.querySelector('.embed-layout'), el('div', { class: 'embed-gone', role: 'alert' },
    el('p', { class: 'embed-heading', text: 'This map is no longer available.' }),
    el('p', { class: 'hint', text: `The map “${slug}” has been taken down by its editors, or never published.` })));
}

/** Signed-in editors see the "Editor" entry on the map page (readers never do). */
async function editorEntry() {
  const link = $('editor-link');
  if (!link || !api.maybeEditor()) return;
  try {
    if (await api.whoami()) link.hidden = false;
  } catch { /* a reader after all */ }
}

/**
 * The embed's top band: the tour bar starts below the title (which wraps in a narrow frame),
 * the detail card below both (and below the count and link beside the title), so none covers
 * another. Kept up by a ResizeObserver (the tour bar appearing, the title's text, the frame).
 */
function layoutEmbed() {
  const wrap = document.querySelector('.map-wrap');
  const head = $('embed-head');
  if (!wrap || !head) return;
  const top = wrap.getBoundingClientRect().top;
  const headBottom = head.getBoundingClientRect().bottom - top;
  // What starts beside the title (the count and the link, unless a narrow frame put them at
  // the bottom), and the tour bar while open: placed here, so its height counts, not where
  // it was before.
  const band = [$('event-count'), $('view-full')]
    .filter((x) => x && !x.hidden && x.getClientRects().length)
    .map((x) => x.getBoundingClientRect())
    .filter((r) => r.top - top < headBottom)
    .map((r) => r.bottom - top);
  const belowHead = Math.ceil(headBottom + 4);
  const tour = $('tour-bar');
  if (tour && !tour.hidden && tour.getClientRects().length) band.push(belowHead + tour.getBoundingClientRect().height);
  wrap.style.setProperty('--embed-below-head', `${belowHead}px`);
  wrap.style.setProperty('--embed-top', `${Math.ceil(Math.max(headBottom, ...band) + 6)}px`);
}

// ---- the guided tour ----

/** Opens the tour over the filter's events (dates, type, text; the whole map) at `id`. */
async function startTour(id) {
  try {
    const all = await api.events({ ...filter(), bbox: null, limit: OPTIONS.pageLimit });
    tour.start(all.features, id || state.event);
  } catch (e) {
    status(e.message, true);
  }
}

function initTour() {
  tour = new Tour($('tour-bar'), {
    onShow: (f) => {
      state.tour = f.properties.id;
      emap.flyToEvent(f);
      selectEvent(f.properties.id, false, false);
    },
    onClose: () => { state.tour = ''; save(); },
  });
  const button = $('tour-button');
  if (button) button.addEventListener('click', () => startTour(state.event));
  // Arrow keys step through the tour, unless a field, the map or the timeline has them.
  document.addEventListener('keydown', (e) => {
    if (!tour.active || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target.closest && e.target.closest('input, select, textarea, #map, .timeline-svg, dialog')) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      tour.step(e.key === 'ArrowRight' ? 1 : -1);
    } else if (e.key === 'Escape') tour.close();
  });
}

// ---- controls ----

/** A download's file name saying its filter, as the server's Content-Disposition does. */
export function downloadName(f, ext) {
  const clean = (v) => String(v).replace(/[/, ]/g, '_').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 60);
  const parts = ['dateline-events'];
  if (f.from || f.to) parts.push(clean(`${f.from || 'open'}_${f.to || 'open'}`));
  if (f.type) parts.push(clean(f.type));
  if (f.q) parts.push(clean(f.q));
  if (f.bbox) parts.push('bbox' + clean(f.bbox.map((v) => +Number(v).toFixed(2)).join(',')));
  return `${parts.join('-')}.${ext}`;
}

function updateDownloads(f) {
  for (const fmtKey of ['json', 'csv', 'kml']) {
    const a = $(`dl-${fmtKey}`);
    if (!a) continue;
    a.download = downloadName(f, fmtKey === 'json' ? 'geojson' : fmtKey);
    const url = api.downloadUrl(f, fmtKey);
    if (url) a.href = url;
    else if (fmtKey === 'kml') a.hidden = true;
  }
  if (!config.static || !$('dl-json')) return;
  // Static site: build the files from the loaded data.
  blobUrls.splice(0).forEach((u) => URL.revokeObjectURL(u));
  for (const fmtKey of ['json', 'csv']) {
    api.downloadBlob(f, fmtKey).then((blob) => {
      const u = URL.createObjectURL(blob);
      blobUrls.push(u);
      const a = $(`dl-${fmtKey}`);
      a.href = u;
      a.download = downloadName(f, fmtKey === 'json' ? 'geojson' : 'csv');
    });
  }
}

function setDates(from, to) {
  state.from = from || '';
  state.to = to || '';
  if ($('from-input')) {
    $('from-input').value = state.from;
    $('to-input').value = state.to;
  }
  if (timeline) timeline.setSelection(state.from, state.to);
  save();
  refresh();
}

function initControls() {
  const names = $('names-select');
  for (const c of CONVENTIONS) names.append(el('option', { value: c.key, text: c.label }));
  names.value = state.names;
  names.addEventListener('change', () => {
    state.names = names.value;
    emap.setConvention(state.names);
    drawList();
    if (state.event) selectEvent(state.event, false, false);
    save();
  });

  const type = $('type-select');
  for (const t of TYPES) type.append(el('option', { value: t, text: typeLabel(t) }));
  type.value = state.type;
  type.addEventListener('change', () => { state.type = type.value; save(); refresh(); });

  const q = $('q-input');
  q.value = state.q;
  q.addEventListener('input', debounce(() => { state.q = q.value.trim(); save(); refresh(); }, 300));

  for (const box of document.querySelectorAll('input[name=layer]')) {
    box.checked = state.layers.includes(box.value);
    box.addEventListener('change', () => {
      state.layers = [...document.querySelectorAll('input[name=layer]:checked')].map((b) => b.value);
      emap.setLayers(state.layers);
      save();
    });
  }

  const basemap = $('basemap-select');
  basemap.value = emap.isOffline() ? 'offline' : 'osm';
  if (!config.tiles) basemap.disabled = true;
  basemap.addEventListener('change', () => {
    state.basemap = basemap.value === 'offline' ? 'offline' : '';
    emap.setBasemap(basemap.value);
    save();
  });

  $('from-input').value = state.from;
  $('to-input').value = state.to;
  // Debounced: typing a date fires `change` per field segment, and from/to are often set together.
  const dateChange = debounce(() => setDates($('from-input').value, $('to-input').value), 300);
  $('from-input').addEventListener('change', dateChange);
  $('to-input').addEventListener('change', dateChange);
  const match = $('match-select');
  match.value = state.match;
  match.addEventListener('change', () => {
    state.match = match.value === 'within' ? 'within' : '';
    save();
    refresh();
  });
  $('clear-time').addEventListener('click', () => setDates('', ''));
  $('preset-war').addEventListener('click', () => timeline.setDomain(...OPTIONS.warPreset));
  $('preset-all').addEventListener('click', () => timeline.setDomain('all'));
  $('tl-zoom-in').addEventListener('click', () => timeline.zoom(timeline.options.zoomStep));
  $('tl-zoom-out').addEventListener('click', () => timeline.zoom(1 / timeline.options.zoomStep));
  $('tl-earlier').addEventListener('click', () => timeline.pan(-0.3));
  $('tl-later').addEventListener('click', () => timeline.pan(0.3));

  if ($('sources-link')) $('sources-link').href = config.pages.source;
  if ($('paste-link')) $('paste-link').href = `${config.pages.source}#paste`;

  $('tab-list').addEventListener('click', () => showTab('list'));
  $('detail-panel').addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDetail(); });
  $('tab-detail').addEventListener('click', () => showTab('detail'));

  $('embed-button').addEventListener('click', () => {
    const url = new URL(pageUrl(config.pages.embed, urlState()), location.href).href;
    openEmbedDialog($('embed-dialog'), url);
  });

  initSearch($('place-search'), $('place-options'), {
    getConvention: () => state.names,
    onError: (m) => status(m, true),
    onChoose: (f) => {
      const [lon, lat] = f.geometry.coordinates;
      const zoom = { country: 6, region: 8, district: 9, admin1: 8 }[f.properties.kind] || 12;
      emap.flyTo(lat, lon, zoom);
    },
  });
}

function drawLegend() {
  const legend = $('legend');
  setChildren(legend,
    el('h2', { class: 'legend-title', text: 'Event types' }),
    el('ul', {}, CLASSES.map((c) => el('li', {}, el('span', { class: 'swatch', style: `background:${c.color}`, 'aria-hidden': 'true' }), c.label))),
    el('p', { class: 'legend-note' }, el('span', { class: 'swatch swatch-area', 'aria-hidden': 'true' }), 'Area: event located only to a district, region, border or country'),
    el('ul', { class: 'legend-marks' },
      el('li', { class: 'legend-approx', hidden: true }, el('span', { class: 'swatch swatch-approx', 'aria-hidden': 'true' }), 'Located to an area without an outline: pin at its centre'),
      el('li', { class: 'legend-cluster' }, el('span', { class: 'swatch swatch-cluster', 'aria-hidden': 'true' }), 'Cluster of events (count): zoom in'),
      el('li', { class: 'legend-place' }, el('span', { class: 'swatch swatch-place', 'aria-hidden': 'true' }), 'Place named by events (layer “Places named”)'),
      el('li', { class: 'legend-mention' }, el('span', { class: 'swatch swatch-mention', 'aria-hidden': 'true' }), 'Place mentioned in a source text')));
  const toggle = $('legend-toggle');
  if (toggle) {
    toggle.addEventListener('click', () => {
      legend.hidden = !legend.hidden;
      toggle.setAttribute('aria-expanded', String(!legend.hidden));
    });
  }
}

// ---- start ----

/**
 * The outlines basemap: a light world first (countries at low detail, ~60 KB), then, from
 * OPTIONS.outlineDetailZoom, the full-detail countries and districts of the area in view,
 * fetched by grid cell (cacheable, never twice). A static site loads its one file whole.
 */
async function loadOutlines() {
  const kinds = api.outlinesByArea() ? [['country', 'low']] : [['country', 'full'], ['district', 'full']];
  for (const [kind, detail] of kinds) {
    try {
      emap.addOutlines(await api.outlines(kind, { detail }), kind, api.outlinesByArea() ? detail : 'full');
    } catch (e) {
      status(`Outlines (${kind}): ${e.message}`, true);
    }
  }
}

const outlineCells = new Set(); // "x y" grid cells whose full-detail outlines are drawn
let outlineJob = Promise.resolve(); // one detail update at a time

/**
 * Full-detail outlines of the view from the detail zoom on (one request per kind for the
 * grid cells not yet drawn, its box snapped to the grid so it is cacheable); the light world
 * below that zoom.
 */
function loadOutlineDetail() {
  if (!api.outlinesByArea()) return outlineJob;
  outlineJob = outlineJob.then(async () => {
    if (emap.map.getZoom() < OPTIONS.outlineDetailZoom) {
      emap.showOutlineDetail(false);
      return;
    }
    const size = OPTIONS.outlineCellDeg;
    const [w, s, e, n] = emap.bbox();
    const missing = [];
    for (let x = Math.floor(w / size) * size; x < e; x += size) {
      for (let y = Math.floor(s / size) * size; y < n; y += size) {
        if (!outlineCells.has(`${x} ${y}`)) missing.push([x, y]);
      }
    }
    if (missing.length) {
      const xs = missing.map((c) => c[0]);
      const ys = missing.map((c) => c[1]);
      const box = [Math.max(-180, Math.min(...xs)), Math.max(-90, Math.min(...ys)), Math.min(180, Math.max(...xs) + size), Math.min(90, Math.max(...ys) + size)];
      try {
        const [countries, districts] = await Promise.all(['country', 'district'].map((kind) => api.outlines(kind, { detail: 'full', bbox: box })));
        emap.addOutlines(countries, 'country', 'full');
        emap.addOutlines(districts, 'district', 'full');
        missing.forEach(([x, y]) => outlineCells.add(`${x} ${y}`));
      } catch (err) {
        status(`Outlines: ${err.message}`, true);
        return;
      }
    }
    emap.showOutlineDetail(emap.map.getZoom() >= OPTIONS.outlineDetailZoom);
  });
  return outlineJob;
}

/** Where to look first: the URL's bbox, else the selected event, else the home view. */
async function initialView() {
  if (state.bbox) return emap.fitBbox(state.bbox);
  if (state.event || state.tour) {
    try {
      const f = await api.event(state.tour || state.event);
      const b = geomBbox(f.geometry);
      const pad = 0.3;
      return emap.fitBbox([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad]);
    } catch { /* fall through */ }
  }
  emap.fitBbox(emap.options.homeBbox);
}

async function main() {
  config = await api.loadConfigOr(status);
  if (!config) return;
  if (config.title && !isEmbed) document.title = `${config.title} — dated, sourced events on a map`;
  state = readState();
  if (!CONVENTIONS.some((c) => c.key === state.names)) state.names = config.names || 'en';
  const slug = isEmbed ? new URLSearchParams(location.search).get('map') : null;
  if (slug) {
    try {
      mapDoc = await api.publishedMap(slug);
    } catch {
      return mapGone(slug);
    }
    Object.assign(state, mapView(mapDoc));
    if (!CONVENTIONS.some((c) => c.key === state.names)) state.names = config.names || 'en';
  }
  if (!isEmbed) editorEntry();

  emap = new EventMap($('map'), config, {
    onSelect: (id) => selectEvent(id, false),
    onMove: moved,
    onNotice: (text) => { status(text); const b = $('basemap-select'); if (b) b.value = 'offline'; },
  }, config.attribution ? { attribution: config.attribution } : {});
  emap.convention = state.names;
  if (isEmbed) {
    const ro = new ResizeObserver(() => layoutEmbed());
    for (const id of ['embed-head', 'tour-bar', 'map']) if ($(id)) ro.observe($(id));
  }
  // The embed's detail card lies over the map: the selected marker stays beside it.
  if (isEmbed) emap.setCover(() => { const d = $('detail-panel'); return d && !d.hidden ? d.getBoundingClientRect() : null; });
  emap.setBasemap(state.basemap === 'offline' ? 'offline' : 'osm');
  emap.setLayers(state.layers);
  drawLegend();
  if ($('timeline-chart')) timeline = new Timeline($('timeline-chart'), { onBrush: (from, to) => setDates(from, to) });
  if (!isEmbed) initControls();
  if (timeline) timeline.setSelection(state.from, state.to);
  initTour();
  loadOutlines();
  await initialView();
  if (state.tour) await startTour(state.tour);
  else if (state.event) selectEvent(state.event, false, false);
  save();
}

main();
