// The guided tour: the events of the current filter read one by one in date order, with
// previous/next buttons (and the arrow keys, wired by app.js). The tour only keeps the order
// and draws its bar; app.js selects each event (detail with its claims side by side) and
// flies the map to it.

import { el, setChildren } from './dom.js';
import { dateLabel } from './dates.js';
import { typeLabel } from './palette.js';

/** Events in date order (undated last), ties by id: the order of the list and the tour. */
export function byDate(a, b) {
  const da = a.properties.date_start || '9999';
  const db = b.properties.date_start || '9999';
  return da < db ? -1 : da > db ? 1 : String(a.properties.id).localeCompare(String(b.properties.id));
}

export class Tour {
  /**
   * @param {HTMLElement} bar  where the tour's controls are drawn (hidden while closed)
   * @param {{onShow(feature, index, total), onClose()}} handlers
   */
  constructor(bar, handlers) {
    this.bar = bar;
    this.handlers = handlers;
    this.features = [];
    this.index = -1;
  }

  /** Whether a tour is open. */
  get active() {
    return this.index >= 0;
  }

  /** The current event's id, or ''. */
  get current() {
    return this.active ? this.features[this.index].properties.id : '';
  }

  /** Opens the tour over `features` at the event `id` (else the first). */
  start(features, id) {
    this.features = [...features].sort(byDate);
    if (!this.features.length) return this.close();
    this.index = Math.max(0, this.features.findIndex((f) => f.properties.id === id));
    this._show();
  }

  /** Steps by `delta` events (stays within the tour). */
  step(delta) {
    if (!this.active) return;
    const i = Math.min(this.features.length - 1, Math.max(0, this.index + delta));
    if (i === this.index) return;
    this.index = i;
    this._show();
  }

  /** Closes the tour. */
  close() {
    const was = this.active;
    this.index = -1;
    this.features = [];
    this.bar.hidden = true;
    setChildren(this.bar);
    if (was) this.handlers.onClose();
  }

  _show() {
    const f = this.features[this.index];
    const p = f.properties;
    const n = this.features.length;
    const prev = el('button', { type: 'button', class: 'tour-prev', 'aria-label': 'Previous event', disabled: this.index === 0, onclick: () => this.step(-1), text: '◀ Previous' });
    const next = el('button', { type: 'button', class: 'tour-next', 'aria-label': 'Next event', disabled: this.index === n - 1, onclick: () => this.step(1), text: 'Next ▶' });
    setChildren(this.bar,
      prev,
      el('p', { class: 'tour-where', 'aria-live': 'polite' },
        el('span', { class: 'tour-pos', text: `${this.index + 1} of ${n}` }), ' · ',
        el('strong', { class: 'tour-title', text: p.title || typeLabel(p.event_type) }), ' · ',
        el('span', { class: 'tour-date', text: dateLabel(p) })),
      next,
      el('button', { type: 'button', class: 'tour-close', 'aria-label': 'Close the tour', onclick: () => this.close(), text: '×' }));
    this.bar.hidden = false;
    this.handlers.onShow(f, this.index, n);
  }
}
