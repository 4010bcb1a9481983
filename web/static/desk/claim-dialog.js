// "Claim for event…": the selected words of the source become a claim (quote and byte span
// from the selection, never typed) on an event of this source or any other, found by title,
// place or date; the claimant and the stance are chosen here.

import * as api from '../api.js';
import { el, setChildren } from '../dom.js';
import { field, showError, values } from './forms.js';

/** The stances of a claim. */
export const STANCES = ['asserts', 'denies', 'reports'];

/** The events an editor can attach a claim to: every stored one, drafts too. */
async function allEvents() {
  const { data } = await api.deskEvents();
  return data.items || [];
}

/** A line naming an event: title, place, dates, status. */
export function eventLabel(e) {
  const dates = e.date_start ? `${e.date_start}${e.date_end && e.date_end !== e.date_start ? '–' + e.date_end : ''}` : 'undated';
  return `${e.title} · ${e.place_name || 'no place'} · ${dates} (${e.status})`;
}

/** Opens `dialog` for the selected `span` ({start, end, quote}) of the current source. */
export async function claimDialog(dialog, ctx, span) {
  const src = ctx.source;
  let events = [];
  try {
    events = await allEvents();
  } catch (e) {
    ctx.status(e.message, true);
    return;
  }
  // This source's events first.
  events.sort((a, b) => Number(ctx.touched.has(b.id)) - Number(ctx.touched.has(a.id)));
  const select = el('select', { id: 'claim-event', name: 'event', size: 6, required: true });
  const fill = (q) => {
    const needle = q.trim().toLowerCase();
    const hits = events.filter((e) => !needle || eventLabel(e).toLowerCase().includes(needle)).slice(0, 50);
    setChildren(select, hits.map((e) => el('option', { value: e.id, text: eventLabel(e) })));
    if (hits.length) select.value = hits[0].id;
  };
  const speakers = [...(src.speakers || []), src.outlet].filter(Boolean);
  const form = el('form', { id: 'claim-form', class: 'desk-form' },
    el('h2', { id: 'claim-dialog-title', text: 'Claim for event' }),
    el('blockquote', { class: 'quote', text: span.quote }),
    el('p', { class: 'hint', text: `From “${src.title}”, bytes ${span.start}–${span.end}: the quote is the text's own words.` }),
    field('Find the event (title, place or date)', 'event_q', { attrs: { autocomplete: 'off' } }, 'claim'),
    el('div', { class: 'field' }, el('label', { for: 'claim-event', text: 'Event' }), select),
    field('Claimant', 'claimant', { value: speakers[0] || '', attrs: { list: 'claimant-list', required: true } }, 'claim'),
    el('datalist', { id: 'claimant-list' }, speakers.map((s) => el('option', { value: s }))),
    field('Stance', 'stance', { kind: 'select', options: STANCES, value: 'asserts' }, 'claim'),
    field('Killed (if the quote gives a figure)', 'killed', { attrs: { type: 'number', min: 0 } }, 'claim'),
    field('Wounded', 'wounded', { attrs: { type: 'number', min: 0 } }, 'claim'),
    el('p', { class: 'dialog-buttons' },
      el('button', { type: 'submit', text: 'Add the claim' }),
      el('button', { type: 'button', onclick: () => dialog.close(), text: 'Cancel' })));
  setChildren(dialog, form);
  fill('');
  form.event_q.addEventListener('input', () => fill(form.event_q.value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = values(form);
    if (!select.value) return showError(form, { field: 'event', message: 'choose an event' });
    const claim = { source: src.id, claimant: v.claimant, stance: v.stance, start: span.start, end: span.end };
    const casualties = {};
    for (const k of ['killed', 'wounded']) if (v[k] !== undefined) casualties[k] = Number(v[k]);
    if (Object.keys(casualties).length) claim.casualties = casualties;
    try {
      const { data } = await api.addClaim(select.value, claim);
      ctx.claims = [...(ctx.claims || []), data];
      ctx.touch(select.value);
      ctx.status(`Claim added to “${events.find((x) => x.id === select.value)?.title || select.value}”.`);
      dialog.close();
      if (ctx.onClaim) ctx.onClaim(data);
    } catch (err) {
      showError(form, err, { source: 'claimant', start: 'claimant', end: 'claimant', quote: 'claimant' });
    }
  });
  dialog.showModal();
  form.event_q.focus();
}
