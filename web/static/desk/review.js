// Step 2, review places: the source's text with every geoparsed mention highlighted, beside
// the list of mentions and a map. For each mention: accept, reject, choose an alternative,
// search the gazetteer, or "place it here" (a click on the map makes an editor place).
// Words the geoparser missed become a mention when selected. Decisions are stored at once
// (`PUT /api/sources/{id}/mentions/{start}`), so they hold after a reload.

/* global L */
import * as api from '../api.js';
import { el, setChildren } from '../dom.js';
import { renderSpans } from '../text-spans.js';
import { initSearch } from '../search.js';
import { selectedSpan, findSpan, selectChars, charAt } from './selection.js';
import { placeDialog } from './place-dialog.js';
import { claimDialog } from './claim-dialog.js';

/** Options (defaults). */
const OPTIONS = {
  homeView: [[40.2, 46.5], 5], // the map before any mention is placed
  zoomToMention: 8,
};

const $ = (id) => document.getElementById(id);

/** The start byte of a decision's id (`SOURCE@START`). */
const startOf = (d) => Number(String(d.id).split('@').pop());

export class Review {
  constructor(ctx) {
    this.ctx = ctx;
    this.map = null;
    this.layer = null;
    this.places = new Map(); // place id → {name, lat, lon} known in this page
    this.current = null; // the mention being corrected
    this.span = null; // the selected span of text
    this.placing = false;
    $('review-text').addEventListener('mouseup', () => this.onSelect());
    $('review-text').addEventListener('keyup', () => this.onSelect());
    $('find-span-go').addEventListener('click', () => this.find());
    $('find-span').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); this.find(); } });
    $('make-mention').addEventListener('click', () => this.newMention());
    $('make-claim').addEventListener('click', () => this.claim());
  }

  /** The mentions: the geoparser's, with the editor's decisions, and the spans added. */
  mentions() {
    const a = this.ctx.analysis || {};
    const decisions = new Map((a.decisions || []).map((d) => [startOf(d), d]));
    const list = ((a.mentions && a.mentions.features) || []).map((f) => {
      const p = f.properties;
      const [lon, lat] = f.geometry ? f.geometry.coordinates : [NaN, NaN];
      this.places.set(p.place_id, { name: p.name, kind: p.kind, country: p.country, lat, lon });
      for (const alt of p.alternatives || []) if (!this.places.has(alt.place_id)) this.places.set(alt.place_id, { name: alt.name, kind: alt.kind, country: alt.country });
      return { ...p, lat, lon, decision: decisions.get(p.start) || null };
    });
    const known = new Set(list.map((m) => m.start));
    for (const [start, d] of decisions) {
      if (known.has(start) || !d.end) continue;
      const text = this.ctx.source.text;
      list.push({ start, end: d.end, text: text.slice(charAt(text, start), charAt(text, d.end)), added: true, alternatives: [], decision: d });
    }
    return list.sort((x, y) => x.start - y.start);
  }

  /** What a mention stands for now: [label, state]. */
  resolution(m) {
    const d = m.decision;
    if (!d) return [`${m.name || '?'}${m.kind ? ' (' + m.kind + (m.country ? ', ' + m.country : '') + ')' : ''}`, 'proposed'];
    if (d.decision === 'rejected') return ['not a place', 'rejected'];
    const id = d.place_id || m.place_id;
    const p = this.places.get(id);
    const name = p ? `${p.name}${p.kind ? ' (' + [p.kind, p.country].filter(Boolean).join(', ') + ')' : ''}` : id;
    if (d.decision === 'resolved' || (d.place_id && d.place_id !== m.place_id)) return [name, 'resolved'];
    return [name, 'accepted'];
  }

  show() {
    this.initMap();
    const text = this.ctx.source.text || '';
    const ms = this.mentions();
    const spans = ms.map((m) => ({
      start: m.start, end: m.end,
      class: `mention decided-${this.resolution(m)[1]}`,
      data: { start: String(m.start) },
      title: `${m.text} → ${this.resolution(m)[0]}`,
      onActivate: () => this.open(m),
    }));
    for (const c of this.ctx.claims || []) if (c.source === this.ctx.source.id) spans.push({ start: c.start, end: c.end, class: 'claim-span', title: `${c.claimant} ${c.stance}` });
    setChildren($('review-text'), renderSpans(text, spans));
    setChildren($('mention-list'), ms.map((m) => this.item(m)));
    if (!ms.length) $('mention-list').append(el('li', { class: 'hint', text: 'No place names found: select words in the text to add one.' }));
    this.drawMarkers(ms);
    this.locate(ms);
    if (!this.ctx.claims) this.loadClaims();
  }

  /** The claims that quote this source, from its events (once per source; then redrawn). */
  async loadClaims() {
    const claims = [];
    for (const id of this.ctx.touched) {
      try {
        const { data } = await api.deskEvent(id);
        claims.push(...(data.claim || []).filter((c) => c.source === this.ctx.source.id));
      } catch { /* deleted since */ }
    }
    this.ctx.claims = claims;
    if (claims.length && !$('step-places').hidden) this.show();
  }

  /** Finds where the chosen gazetteer places are (after a reload only their ids are known). */
  async locate(ms) {
    const missing = ms.map((m) => m.decision && m.decision.place_id).filter((id) => id && this.places.has(id) && !Number.isFinite(this.places.get(id).lat));
    let found = false;
    for (const id of new Set(missing)) {
      const p = this.places.get(id);
      try {
        const fc = await api.searchPlaces(p.name, 20);
        const f = (fc.features || []).find((x) => (x.id || x.properties.place_id) === id);
        if (f) {
          [p.lon, p.lat] = f.geometry.coordinates;
          found = true;
        }
      } catch { /* stays off the map */ }
    }
    if (found) this.drawMarkers(ms);
  }

  item(m) {
    const [label, state] = this.resolution(m);
    const decide = (decision) => this.decide(m, decision);
    return el('li', { class: `mention-item state-${state}`, 'data-start': m.start },
      el('span', { class: 'mention-quote', text: `“${m.text}”` }), ' → ',
      el('strong', { class: 'mention-place', text: label }),
      el('span', { class: 'mention-state', text: ` · ${state}${m.added ? ' (added)' : ''}` }),
      el('span', { class: 'mention-actions' },
        el('button', { type: 'button', class: 'm-accept', 'aria-label': `Accept “${m.text}” as ${label}`, onclick: () => decide({ decision: 'accepted' }), text: 'Accept' }),
        el('button', { type: 'button', class: 'm-reject', 'aria-label': `Reject “${m.text}”`, onclick: () => decide({ decision: 'rejected' }), text: 'Reject' }),
        el('button', { type: 'button', class: 'm-correct', 'aria-label': `Correct “${m.text}”`, onclick: () => this.open(m), text: 'Correct…' })));
  }

  /** Stores a decision about mention `m` and redraws. */
  async decide(m, decision, where = null) {
    const body = { ...decision };
    if (m.added || m.pending) body.end = m.end;
    try {
      const { data } = await api.decideMention(this.ctx.source.id, m.start, body);
      const a = this.ctx.analysis;
      a.decisions = (a.decisions || []).filter((d) => startOf(d) !== m.start).concat([data]);
      this.ctx.status(`“${m.text}”: ${decision.decision}${decision.place_id ? ' → ' + (this.places.get(decision.place_id)?.name || decision.place_id) : ''}.`);
      this.close();
      this.show();
      const item = $('mention-list').querySelector(`[data-start="${m.start}"] .m-correct`);
      if (item) item.focus();
      return true;
    } catch (e) {
      const target = where || $('mention-panel');
      if (!target.hidden) target.append(el('p', { class: 'field-error', role: 'alert', text: e.message }));
      else this.ctx.status(e.message, true);
      return false;
    }
  }

  /** The correction panel of mention `m`: alternatives, gazetteer search, place it here. */
  open(m) {
    this.current = m;
    const panel = $('mention-panel');
    const alts = (m.alternatives || []).filter((a) => a.place_id !== m.place_id);
    const search = el('input', { id: 'mention-search', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'mention-search-list', 'aria-autocomplete': 'list', autocomplete: 'off' });
    const listbox = el('ul', { id: 'mention-search-list', role: 'listbox', class: 'search-results', hidden: true, 'aria-label': 'Places found' });
    setChildren(panel,
      el('h3', { text: `Correct “${m.text}”` }),
      el('p', { class: 'hint', text: `Now: ${this.resolution(m)[0]}` }),
      alts.length ? el('fieldset', { class: 'alternatives' }, el('legend', { text: 'Its alternatives' }),
        alts.map((a) => el('button', { type: 'button', class: 'alt', onclick: () => this.decide(m, { decision: 'resolved', place_id: a.place_id }) },
          `${a.name} (${[a.kind, a.country].filter(Boolean).join(', ')})`))) : null,
      el('div', { class: 'field search' }, el('label', { for: 'mention-search', text: 'Search the gazetteer' }), search, listbox),
      el('p', {}, el('button', { type: 'button', id: 'place-here', onclick: () => this.placeHere(), text: 'Place it here: click the map' })),
      el('p', {}, el('button', { type: 'button', onclick: () => this.close(), text: 'Close' })));
    initSearch(search, listbox, {
      onChoose: (f) => {
        const [lon, lat] = f.geometry.coordinates;
        this.places.set(f.id || f.properties.place_id, { name: f.properties.name, kind: f.properties.kind, country: f.properties.country, lat, lon });
        this.decide(m, { decision: m.pending ? 'accepted' : 'resolved', place_id: f.id || f.properties.place_id });
      },
      getConvention: () => 'en',
      onError: (msg) => panel.append(el('p', { class: 'field-error', role: 'alert', text: msg })),
    }, { idPrefix: 'mention-opt' });
    panel.hidden = false;
    search.focus();
    if (Number.isFinite(m.lat)) this.map.setView([m.lat, m.lon], OPTIONS.zoomToMention);
  }

  close() {
    $('mention-panel').hidden = true;
    this.setPlacing(false);
  }

  setPlacing(on) {
    this.placing = on;
    $('review-map').classList.toggle('placing', on);
    const b = $('place-here');
    if (b) b.setAttribute('aria-pressed', String(on));
    if (on) this.ctx.status('Click the map where the place is (Escape to stop).');
  }

  placeHere() {
    this.setPlacing(!this.placing);
    if (this.placing) $('review-map').focus();
  }

  /** A click on the map in "place it here" mode: a new editor place for the mention. */
  async mapClick(latlng) {
    if (!this.placing || !this.current) return;
    this.setPlacing(false);
    const m = this.current;
    placeDialog($('place-dialog'), { name: m.text, lat: latlng.lat, lon: latlng.lng }, async (fields, report) => {
      let place;
      try {
        place = (await api.createPlace(fields)).data;
      } catch (e) {
        return report(e);
      }
      this.places.set(place.id, { name: place.name, lat: latlng.lat, lon: latlng.lng });
      const ok = await this.decide(m, { decision: m.pending ? 'accepted' : 'resolved', place_id: place.id }, $('place-dialog'));
      return ok ? null : report('The place was made, but the decision was not stored.');
    });
  }

  initMap() {
    if (this.map) return;
    const cfg = this.ctx.config;
    this.map = L.map($('review-map'), { minZoom: 2, keyboard: true }).setView(...OPTIONS.homeView);
    if (cfg.tiles) L.tileLayer(cfg.tiles.url, { attribution: cfg.tiles.attribution, maxZoom: cfg.tiles.max_zoom || 19 }).addTo(this.map);
    if (!cfg.tiles) $('review-map').classList.add('offline');
    api.outlines('country', { detail: 'low' }).then((fc) => L.geoJSON(fc, { interactive: false, style: { className: 'outline outline-country', color: '#666', weight: 1, fillColor: '#f4f1ea', fillOpacity: cfg.tiles ? 0 : 1 } }).addTo(this.map).bringToBack()).catch((e) => this.ctx.status(`Outlines: ${e.message}`, true));
    this.layer = L.layerGroup().addTo(this.map);
    this.map.on('click', (e) => this.mapClick(e.latlng));
    // The view a published map opens at: the review map's last one (while it is shown).
    this.map.on('moveend', () => {
      if ($('step-places').hidden) return;
      const b = this.map.getBounds();
      const v = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())].map((x) => +x.toFixed(4));
      if (v[0] < v[2] && v[1] < v[3]) this.ctx.reviewView = v;
    });
    $('review-map').addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.placing) this.setPlacing(false);
      // The keyboard's click: Enter places at the centre of the view.
      if (e.key === 'Enter' && this.placing) this.mapClick(this.map.getCenter());
    });
    new ResizeObserver(() => this.map.invalidateSize()).observe($('review-map'));
  }

  drawMarkers(ms) {
    this.layer.clearLayers();
    const pts = [];
    for (const m of ms) {
      const [, state] = this.resolution(m);
      if (state === 'rejected') continue;
      const id = (m.decision && m.decision.place_id) || m.place_id;
      const p = this.places.get(id) || (id === m.place_id ? m : null);
      if (!p || !Number.isFinite(p.lat)) continue;
      pts.push([p.lat, p.lon]);
      L.circleMarker([p.lat, p.lon], { radius: 7, color: '#000', weight: 1, fillColor: state === 'proposed' ? '#F0E442' : '#009E73', fillOpacity: 1, className: `mention-marker state-${state}` })
        .bindTooltip(`${m.text} → ${p.name || ''}`).addTo(this.layer);
    }
    if (pts.length && !this.fitted) {
      this.fitted = true;
      this.map.fitBounds(pts, { padding: [30, 30], maxZoom: 7 });
    }
  }

  // ---- selected words ----

  onSelect() {
    const span = selectedSpan($('review-text'), this.ctx.source.text || '');
    if (span) this.setSpan(span);
  }

  setSpan(span) {
    this.span = span;
    $('selection-bar').hidden = false;
    $('selection-text').textContent = `“${span.quote.length > 80 ? span.quote.slice(0, 80) + '…' : span.quote}” (bytes ${span.start}–${span.end})`;
  }

  find() {
    const text = this.ctx.source.text || '';
    const span = findSpan(text, $('find-span').value, this.span ? this.span.end : 0);
    if (!span) return this.ctx.status(`“${$('find-span').value}” is not in the text.`, true);
    selectChars($('review-text'), charAt(text, span.start), charAt(text, span.end));
    this.setSpan(span);
    this.ctx.status('');
  }

  /** The selected words as a new mention: choose its place in the panel. */
  newMention() {
    if (!this.span) return;
    const { start, end, quote } = this.span;
    this.open({ start, end, text: quote, pending: true, alternatives: [] });
  }

  claim() {
    if (!this.span) return;
    claimDialog($('claim-dialog'), this.ctx, this.span);
  }
}
