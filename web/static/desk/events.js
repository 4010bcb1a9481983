// Step 3, events: the extractor's candidates (trigger, places, dates, figures), each
// accepted into an editable event form, or an event started from scratch. Saving makes a
// draft event with its claims; later saves are merge patches with If-Match, and when
// someone else changed the event meanwhile (412) the form shows both versions and keeps
// what was typed.

import * as api from '../api.js';
import { el, setChildren } from '../dom.js';
import { TYPES, typeLabel } from '../palette.js';
import { initSearch } from '../search.js';
import { clearErrors, field, showError, values } from './forms.js';
import { eventLabel } from './claim-dialog.js';

/** Vocabularies of the event form (as the dataset's). */
const DATE_PRECISIONS = [['day', 'a day'], ['month', 'a month'], ['part_of_month', 'part of a month'], ['year', 'a year'], ['range', 'a range'], ['unknown', 'unknown']];
const LOCATION_PRECISIONS = ['place', 'district', 'region', 'country', 'border', 'line_of_contact', 'unknown'];
/** The fields of an event the form edits. */
const FIELDS = ['title', 'event_type', 'date_precision', 'date_start', 'date_end', 'date_text', 'place_id', 'place_name', 'location_precision', 'summary'];

const $ = (id) => document.getElementById(id);

/** The form's values as an event document (dates by precision). */
function eventDoc(form) {
  const v = values(form);
  const doc = {};
  for (const k of FIELDS) doc[k] = v[k] ?? '';
  if (doc.date_precision === 'unknown') { doc.date_start = null; doc.date_end = null; }
  else if (!doc.date_end) doc.date_end = doc.date_start || null;
  if (!doc.date_start && doc.date_precision !== 'unknown') doc.date_start = null;
  return doc;
}

export class EventsStep {
  constructor(ctx) {
    this.ctx = ctx;
    this.event = null; // the stored event being edited: {data, etag}
    $('event-new').addEventListener('click', () => this.edit(null, null));
    $('event-open').addEventListener('change', () => { if ($('event-open').value) this.reload($('event-open').value); });
    ctx.onClaim = () => { if (this.event) this.reload(this.event.data.id); };
  }

  show() {
    const cands = (this.ctx.analysis && this.ctx.analysis.candidates && this.ctx.analysis.candidates.features) || [];
    setChildren($('candidate-list'), cands.map((f, i) => this.candidate(f, i)));
    if (!cands.length) $('candidate-list').append(el('li', { class: 'hint', text: 'The extractor proposes no event for this text.' }));
    this.fillOpen();
    if (!$('event-editor').firstChild) setChildren($('event-editor'), el('p', { class: 'hint', text: 'Accept a candidate, or start an event from scratch.' }));
  }

  candidate(f, i) {
    const p = f.properties;
    const claims = p.claims || [];
    const figures = claims.map((c) => Object.entries(c.casualties || {}).map(([k, n]) => `${k} ${n}`).join(', ')).filter(Boolean).join('; ');
    return el('li', { class: 'candidate' },
      el('h4', { text: p.title || `${typeLabel(p.event_type)} in ${p.place_name || '?'}` }),
      el('p', { class: 'hint' }, `${typeLabel(p.event_type)} · ${p.date_text ? '“' + p.date_text + '” → ' : ''}${p.date_start || 'undated'} · ${p.place_name || 'no place'}${figures ? ' · ' + figures : ''}`),
      claims[0] ? el('blockquote', { class: 'quote', text: claims[0].quote }) : null,
      el('button', { type: 'button', class: 'accept-candidate', 'aria-label': `Accept into the form: candidate ${i + 1}, ${p.title || p.event_type}`, onclick: () => this.edit(p, null), text: 'Accept into the form' }));
  }

  /** The saved events to open: this source's first, then every other by title. */
  async fillOpen() {
    try {
      const items = (await api.deskEvents()).data.items || [];
      items.sort((a, b) => Number(this.ctx.touched.has(b.id)) - Number(this.ctx.touched.has(a.id)) || a.title.localeCompare(b.title));
      setChildren($('event-open'), el('option', { value: '', text: 'Choose an event…' }), items.map((e) => el('option', { value: e.id, text: eventLabel(e) })));
    } catch (e) {
      this.ctx.status(e.message, true);
    }
  }

  async reload(id) {
    try {
      const r = await api.deskEvent(id);
      this.edit(r.data, r.etag);
    } catch (e) {
      this.ctx.status(e.message, true);
    }
  }

  /**
   * The event form: for a candidate's properties (`etag` null, not stored yet), a stored
   * event (with its ETag), or nothing (from scratch).
   */
  edit(p, etag) {
    const stored = !!etag;
    this.event = stored ? { data: p, etag } : null;
    const e = p || {};
    const claims = stored ? (e.claim || []) : (e.claims || []).filter((c) => Number.isFinite(c.start));
    this.pendingClaims = stored ? [] : claims.map((c) => ({ ...c, source: this.ctx.source.id }));
    const placeInput = el('input', { id: 'ev-place-search', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'ev-place-list', 'aria-autocomplete': 'list', autocomplete: 'off', value: e.place_name || '' });
    const listbox = el('ul', { id: 'ev-place-list', role: 'listbox', class: 'search-results', hidden: true, 'aria-label': 'Places found' });
    const form = el('form', { id: 'event-form', class: 'desk-form', novalidate: true },
      el('h3', { text: stored ? `Event: ${e.title} (${e.status}, revision ${e.revision})` : 'New event' }),
      field('Title (neutral: what the source claims)', 'title', { value: e.title || '' }, 'ev'),
      field('Type', 'event_type', { kind: 'select', options: TYPES.map((t) => [t, typeLabel(t)]), value: e.event_type || 'shelling' }, 'ev'),
      el('fieldset', { class: 'inline' }, el('legend', { text: 'Date' }),
        field('Precision', 'date_precision', { kind: 'select', options: DATE_PRECISIONS, value: e.date_precision || 'day' }, 'ev'),
        field('From', 'date_start', { attrs: { type: 'date' }, value: e.date_start || '' }, 'ev'),
        field('To', 'date_end', { attrs: { type: 'date' }, value: e.date_end || '' }, 'ev'),
        field('As the text says it', 'date_text', { value: e.date_text || '' }, 'ev')),
      el('fieldset', {}, el('legend', { text: 'Location' }),
        el('div', { class: 'field search' }, el('label', { for: 'ev-place-search', text: 'Place (search the gazetteer)' }), placeInput, listbox),
        el('input', { type: 'hidden', name: 'place_id', value: e.place_id || '' }),
        el('input', { type: 'hidden', name: 'place_name', value: e.place_name || '' }),
        el('p', { class: 'hint ev-place-id', text: e.place_id ? `Place id: ${e.place_id}` : 'No place chosen' }),
        field('Location precision', 'location_precision', { kind: 'select', options: LOCATION_PRECISIONS, value: e.location_precision || 'place' }, 'ev')),
      field('Summary (neutral, one or two sentences)', 'summary', { kind: 'textarea', value: e.summary || '' }, 'ev'),
      el('h4', { text: `Claims (${claims.length})` }),
      el('ol', { class: 'claim-list' }, claims.map((c) => el('li', {},
        `${c.claimant} ${c.stance}`,
        Object.keys(c.casualties || {}).length ? ` (${Object.entries(c.casualties).map(([k, n]) => `${k}: ${n}`).join(', ')})` : '',
        el('blockquote', { class: 'quote', text: c.quote })))),
      el('p', { class: 'hint', text: 'More claims: select words in the text (step 2) and choose “Claim for event…”.' }),
      el('div', { id: 'event-conflict' }),
      el('p', {},
        el('button', { type: 'submit', id: 'event-save', text: stored ? 'Save changes' : 'Save draft event' }),
        stored ? el('button', { type: 'button', onclick: () => this.publish(e.id), text: e.status === 'published' ? 'Unpublish event' : 'Publish event' }) : null));
    setChildren($('event-editor'), form);
    initSearch(placeInput, listbox, {
      onChoose: (f) => {
        form.place_id.value = f.id || f.properties.place_id;
        form.place_name.value = f.properties.name;
        form.querySelector('.ev-place-id').textContent = `Place id: ${form.place_id.value}`;
      },
      getConvention: () => 'en',
      onError: (msg) => showError(form, { field: 'place_id', message: msg }),
    }, { idPrefix: 'ev-place-opt' });
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.save(form); });
    form.title.focus();
  }

  async save(form, force = null) {
    clearErrors(form);
    const doc = eventDoc(form);
    const aliases = { place_id: 'place_name', claim: 'summary' };
    try {
      let r;
      if (!this.event) {
        r = await api.createEvent({ ...doc, claim: this.pendingClaims.map(({ source, claimant, claimant_kind, stance, start, end, casualties, casualty_group }) => ({ source, claimant, claimant_kind, stance, start, end, casualties, casualty_group })) });
      } else {
        r = await api.patchEvent(this.event.data.id, doc, force || this.event.etag);
      }
      this.ctx.touch(r.data.id);
      this.ctx.status(`Saved “${r.data.title}” (revision ${r.data.revision}).`);
      await this.reload(r.data.id);
    } catch (err) {
      if (err.status === 412 && err.problem && err.problem.current) return this.conflict(form, doc, err.problem.current);
      showError(form, err, aliases);
    }
  }

  /** Someone else saved the event: both versions side by side; what was typed stays. */
  conflict(form, mine, theirs) {
    const rows = FIELDS.filter((k) => (mine[k] ?? '') !== (theirs[k] ?? '')).map((k) => el('tr', {},
      el('th', { scope: 'row', text: k }), el('td', { class: 'theirs', text: String(theirs[k] ?? '') }), el('td', { class: 'mine', text: String(mine[k] ?? '') })));
    const box = form.querySelector('#event-conflict');
    setChildren(box, el('div', { class: 'conflict', role: 'alert' },
      el('h4', { text: `Someone else changed this event meanwhile (now revision ${theirs.revision}).` }),
      el('p', { text: 'Your changes are still in the form. Compare, then keep yours or take theirs.' }),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', { text: 'Field' }), el('th', { text: 'Saved by the other editor' }), el('th', { text: 'Yours (not saved)' }))), el('tbody', {}, rows)),
      el('p', {},
        el('button', { type: 'button', id: 'conflict-keep-mine', onclick: () => this.save(form, `"r${theirs.revision}"`), text: 'Save mine over theirs' }),
        el('button', { type: 'button', id: 'conflict-take-theirs', onclick: () => this.reload(theirs.id), text: 'Take theirs' }))));
    box.querySelector('button').focus();
  }

  async publish(id) {
    const on = this.event.data.status !== 'published';
    try {
      await api.setPublished('events', id, on);
      await this.reload(id);
      this.ctx.status(on ? 'Event published.' : 'Event unpublished.');
    } catch (e) {
      this.ctx.status(e.message, true);
    }
  }
}
