// The list of events in view (sorted by date): real buttons, so it is keyboard accessible;
// the count is announced through an aria-live region.

import { el, fmt, setChildren } from './dom.js';
import { typeColor, typeLabel } from './palette.js';
import { eventPlace } from './names.js';
import { dateLabel } from './dates.js';
import { byDate } from './tour.js';

/**
 * Renders the list. `page` is the API answer ({features, numberMatched, numberReturned}).
 * `onSelect(id)` is called when an item is chosen.
 */
export function renderList(listEl, countEl, page, { convention, selected, onSelect }) {
  const features = [...page.features].sort(byDate);
  const matched = page.numberMatched ?? features.length;
  const shown = features.length;
  countEl.textContent = matched > shown
    ? `Showing ${fmt(shown)} of ${fmt(matched)} events in view — zoom in to see all`
    : `${fmt(matched)} event${matched === 1 ? '' : 's'} in view`;
  setChildren(listEl, features.map((f) => item(f, convention, selected, onSelect)));
}

function item(f, convention, selected, onSelect) {
  const p = f.properties;
  const area = f.geometry && f.geometry.type !== 'Point';
  const btn = el('button', {
    type: 'button',
    class: 'event-item',
    'data-id': p.id,
    'aria-current': p.id === selected ? 'true' : null,
    onclick: () => onSelect(p.id),
  },
  el('span', { class: 'swatch' + (area ? ' swatch-area' : ''), style: `background:${typeColor(p.event_type)}`, 'aria-hidden': 'true' }),
  el('span', { class: 'event-item-body' },
    el('span', { class: 'event-item-title', text: p.title || typeLabel(p.event_type) }),
    el('span', { class: 'event-item-meta' },
      el('span', { class: 'date', text: dateLabel(p) }),
      ' · ',
      el('span', { class: 'place', text: eventPlace(p, convention) }),
      ' · ',
      el('span', { text: typeLabel(p.event_type) }),
      p.status ? el('span', { class: `badge badge-${p.status}`, text: p.status }) : null)));
  return el('li', {}, btn);
}

/** Marks the selected item and scrolls it into view. */
export function markSelected(listEl, id) {
  for (const b of listEl.querySelectorAll('.event-item')) {
    if (b.dataset.id === id) {
      b.setAttribute('aria-current', 'true');
      b.scrollIntoView({ block: 'nearest' });
    } else b.removeAttribute('aria-current');
  }
}
