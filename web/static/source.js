// The source view: a source's text with place mentions and claim spans highlighted (or, when
// the server has no text, the claims' quotes with their offsets), a small map of the mentioned
// place, and a "paste a text" panel that geoparses a text and proposes events (not stored;
// for a signed-in editor it saves the text as a draft source and opens the desk on it).

/* global L */
import * as api from './api.js';
import { el, extLink, setChildren } from './dom.js';
import { renderSpans } from './text-spans.js';
import { typeLabel } from './palette.js';
import { eventPlace } from './names.js';
import { readableQuote } from './detail.js';

/** Options (defaults). */
const OPTIONS = {
  // Tile errors (with no tile loaded at all) after which the small map shows the outlines.
  maxTileErrors: 4,
};

const $ = (id) => document.getElementById(id);
let config;
let smap = null;
let marker = null;

function status(text, isError = false) {
  $('status').textContent = text || '';
  $('status').classList.toggle('error', !!isError);
}

function mapUrl(params) {
  return config.pages.map + '?' + new URLSearchParams(params).toString();
}

// ---- the small map ----

function initMap() {
  smap = L.map($('source-map'), { minZoom: 2, maxZoom: (config.tiles && config.tiles.max_zoom) || 18 }).setView([40.2, 46.5], 6);
  new ResizeObserver(() => smap.invalidateSize()).observe($('source-map'));
  const outlines = () => {
    $('source-map').classList.add('offline');
    api.outlines('country', { detail: 'low' }).then((fc) => L.geoJSON(fc, { interactive: false, style: { className: 'outline outline-country', color: '#666', weight: 1, fillColor: '#f4f1ea', fillOpacity: 1 } }).addTo(smap)).catch(() => {});
  };
  if (config.tiles) {
    // As on the main map: when tiles fail (and none loaded), fall back to the outlines.
    let loaded = 0, errors = 0;
    const tiles = L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: config.tiles.max_zoom || 19 });
    tiles.on('tileload', () => { loaded++; });
    tiles.on('tileerror', () => {
      errors++;
      if (!loaded && errors === OPTIONS.maxTileErrors) {
        smap.removeLayer(tiles);
        outlines();
      }
    });
    tiles.addTo(smap);
  } else {
    outlines();
  }
  smap.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  smap.attributionControl.addAttribution(config.attribution || 'Dateline · GeoNames CC BY 4.0 · Natural Earth');
}

function showPlace(m) {
  if (!Number.isFinite(m.lat) || !Number.isFinite(m.lon)) return;
  if (marker) marker.remove();
  marker = L.circleMarker([m.lat, m.lon], { radius: 7, color: '#000', fillColor: '#F0E442', fillOpacity: 1 }).addTo(smap);
  marker.bindTooltip(el('span', { text: `${m.text} → ${m.name || ''}` }), { permanent: true }).openTooltip();
  smap.flyTo([m.lat, m.lon], 9, { duration: 0.6 });
  const d = 0.25;
  status('');
  $('status').append(`Mention “${m.text}”: ${m.name || ''} · `,
    el('a', { href: mapUrl({ bbox: [m.lon - d, m.lat - d, m.lon + d, m.lat + d].map((v) => v.toFixed(4)).join(',') }), text: 'open on the map' }));
}

// ---- a source ----

function meta(s) {
  return el('div', {},
    el('h2', { text: s.title || s.id }),
    el('p', {},
      [s.publisher, s.published].filter(Boolean).join(', '),
      s.url ? el('span', {}, ' · ', extLink(s.url, 'original')) : null),
    s.note ? el('p', { class: 'hint source-note', text: `Note: ${s.note}.` }) : null);
}

function claimSpans(s) {
  return (s.claims || []).map((c) => ({
    start: c.start, end: c.end, class: 'claim-span',
    data: { event: c.event_id },
    title: `${c.claimant} ${c.stance}: ${c.event_title}`,
    onActivate: () => { location.href = mapUrl({ event: c.event_id }); },
  }));
}

function mentionSpans(mentions) {
  return (mentions || []).map((m) => ({
    start: m.start, end: m.end, class: 'mention',
    data: { place: m.place_id || '' },
    title: `${m.name || ''}${m.kind ? ' (' + m.kind + ')' : ''}`,
    onActivate: () => showPlace(m),
  }));
}

function claimList(s, target) {
  const claims = s.claims || [];
  // The `#claim` anchor: the claim asked for (start/end), else the first one.
  const hit = target ? claims.findIndex((c) => c.start === target.start && c.end === target.end) : -1;
  const anchor = hit >= 0 ? hit : 0;
  return el('section', { 'aria-labelledby': 'claims-title' },
    el('h3', { id: 'claims-title', text: `Claims from this source (${claims.length})` }),
    el('ol', { class: 'claims-offsets' }, claims.map((c, i) => {
      const isTarget = i === hit;
      return el('li', { class: isTarget ? 'target' : null, id: i === anchor ? 'claim' : null },
        el('a', { href: mapUrl({ event: c.event_id }), text: c.event_title || c.event_id }),
        ` — ${c.claimant || ''} (${c.stance || ''}), bytes ${c.start}–${c.end}`,
        c.quote ? el('blockquote', { class: 'quote', text: readableQuote(c.quote) }) : null);
    })));
}

async function showSource(id, target) {
  let s;
  try {
    s = await api.source(id);
  } catch (e) {
    status(e.message, true);
    return;
  }
  $('source-heading').textContent = s.title || id;
  document.title = `${s.title || id} — Dateline`;
  setChildren($('source-meta'), meta(s));
  const box = $('source-text');
  if (typeof s.text === 'string') {
    const spans = [...mentionSpans(s.mentions), ...claimSpans(s)];
    if (target) spans.push({ start: target.start, end: target.end, class: 'target' });
    setChildren(box, renderSpans(s.text, spans), claimList(s, null));
    box.lastChild.querySelector('#claim')?.removeAttribute('id'); // the span in the text is the anchor
    const first = box.querySelector('.target');
    if (first) {
      first.id = 'claim';
      first.scrollIntoView({ block: 'center' });
      window.scrollTo(0, 0); // only the text pane scrolls; keep the header in view
    }
  } else {
    setChildren(box,
      el('p', { class: 'hint', text: `The server has no text for this source: start the server with --text ${id}=PATH to see the full text. Its claims, with their byte offsets:` }),
      claimList(s, target));
    const t = box.querySelector('.target');
    if (t) t.scrollIntoView({ block: 'center' });
  }
}

async function fillSelect(current) {
  const sel = $('source-select');
  try {
    const list = await api.sources();
    for (const s of list) sel.append(el('option', { value: s.id, text: `${s.title || s.id}${s.has_text ? '' : ' (no text)'}` }));
    sel.value = current || '';
  } catch (e) {
    status(e.message, true);
  }
  sel.addEventListener('change', () => {
    if (sel.value) location.href = `${config.pages.source}?id=${encodeURIComponent(sel.value)}`;
  });
}

// ---- paste a text ----

function proposed(f) {
  const p = f.properties || {};
  return el('article', { class: 'proposed' },
    el('p', { class: 'proposed-badge', text: 'Proposed — not in the dataset' }),
    el('h3', { text: p.title || `${typeLabel(p.event_type)}${p.place_name ? ' in ' + p.place_name : ''}` }),
    el('p', {}, `${typeLabel(p.event_type)} · ${p.date_text ? '“' + p.date_text + '” → ' : ''}${p.date_start || 'undated'}${p.date_end && p.date_end !== p.date_start ? ' – ' + p.date_end : ''} · ${eventPlace(p, config.names || 'en') || 'no place'}`),
    el('ul', {}, (p.claims || []).map((c) => el('li', {},
      `${c.claimant || 'the source'} ${c.stance || ''}`,
      c.casualties ? ` (${Object.entries(c.casualties).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`).join(', ')})` : '',
      c.quote ? el('blockquote', { class: 'quote', text: c.quote }) : null))));
}

async function analyse() {
  const text = $('paste-text').value;
  const out = $('paste-result');
  if (!text.trim()) return status('Paste a text first.', true);
  if (!api.canPost()) return status('Analysing a text needs the Dateline server (not available in a static export).', true);
  status('Analysing…');
  try {
    const [mentions, events] = await Promise.all([api.geoparse(text), api.extract(text, $('paste-date').value)]);
    const ms = (mentions.features || []).map((f) => ({
      ...f.properties,
      lon: f.geometry && f.geometry.coordinates[0],
      lat: f.geometry && f.geometry.coordinates[1],
    }));
    const evs = events.features || [];
    setChildren(out,
      el('h3', { text: `${ms.length} place mention${ms.length === 1 ? '' : 's'}` }),
      el('div', { class: 'source-text pasted' }, renderSpans(text, mentionSpans(ms))),
      el('h3', { text: `${evs.length} proposed event${evs.length === 1 ? '' : 's'}` }),
      evs.map(proposed));
    status('');
  } catch (e) {
    status(e.message, true);
  }
}

async function main() {
  config = await api.loadConfigOr(status);
  if (!config) return;
  $('home-link').href = config.pages.map;
  initMap();
  const p = new URLSearchParams(location.search);
  const id = p.get('id');
  const start = Number(p.get('start')), end = Number(p.get('end'));
  const target = p.has('start') && Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
  fillSelect(id);
  if (id) await showSource(id, target);
  else setChildren($('source-text'), el('p', { class: 'hint', text: 'Choose a source above, or paste a text.' }));
  $('paste-date').value = new Date().toISOString().slice(0, 10);
  $('paste-go').addEventListener('click', analyse);
  editorPaste();
}

// ---- the editor's entry: the pasted text saved as a draft source, reviewed in the desk ----

async function editorPaste() {
  if (!api.maybeEditor()) return;
  try {
    if (!(await api.whoami())) return;
  } catch {
    return;
  }
  $('paste-hint').textContent = 'Paste a text, then save it as a draft source: the desk reviews its places and events with you. Analyse only tries it (nothing saved).';
  $('paste-save').hidden = false;
  $('paste-save-go').addEventListener('click', async () => {
    const text = $('paste-text').value;
    if (!text.trim()) return status('Paste a text first.', true);
    try {
      const { data } = await api.createSource({ text, title: $('paste-title').value.trim() || text.trim().split('\n')[0].slice(0, 80), kind: 'article', published: $('paste-date').value });
      location.href = `desk?source=${encodeURIComponent(data.id)}#places`;
    } catch (e) {
      status(e.field ? `${e.field}: ${e.message}` : e.message, true);
    }
  });
}

main();
