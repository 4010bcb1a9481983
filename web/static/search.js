// Place search: an accessible combobox (ARIA 1.2 pattern, aria-activedescendant) over the
// gazetteer's autocomplete (api/places/search), debounced, stale requests aborted.

import { el, debounce, setChildren } from './dom.js';
import { placeName } from './names.js';
import { searchPlaces } from './api.js';

/** Options (defaults). */
// idPrefix: the options' ids (several comboboxes on one page need their own).
const DEFAULTS = { delayMs: 200, limit: 8, minChars: 2, idPrefix: 'place-opt' };

/**
 * Wires `input` (role=combobox) and `listbox`. `onChoose(feature)` gets the chosen place;
 * `getConvention()` gives the current name convention; `onError(message)` reports failures.
 */
export function initSearch(input, listbox, { onChoose, getConvention, onError }, options = {}) {
  const o = { ...DEFAULTS, ...options };
  let results = [];
  let active = -1;
  let ctrl = null;

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const setActive = (i) => {
    active = i;
    listbox.querySelectorAll('[role=option]').forEach((opt, j) => opt.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `${o.idPrefix}-${i}`);
      listbox.children[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const choose = (i) => {
    const f = results[i];
    if (!f) return;
    input.value = placeName(f.properties.names, f.properties.name, getConvention());
    close();
    onChoose(f);
  };

  const render = () => {
    const conv = getConvention();
    setChildren(listbox, results.map((f, i) => {
      const p = f.properties;
      const name = placeName(p.names, p.name, conv);
      const meta = [p.kind, p.country].filter(Boolean).join(', ');
      return el('li', { id: `${o.idPrefix}-${i}`, role: 'option', 'aria-selected': 'false', class: 'place-option', onmousedown: (e) => { e.preventDefault(); choose(i); } },
        el('span', { class: 'opt-name', text: name }),
        meta ? el('span', { class: 'opt-meta', text: ` ${meta}` }) : null,
        p.matched_name && p.matched_name !== name ? el('span', { class: 'opt-match', text: ` (“${p.matched_name}”)` }) : null);
    }));
    if (!results.length) setChildren(listbox, el('li', { class: 'place-option empty', role: 'option', 'aria-disabled': 'true', text: 'No place found' }));
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  const lookup = debounce(async () => {
    const q = input.value.trim();
    if (ctrl) ctrl.abort();
    if (q.length < o.minChars) return close();
    ctrl = new AbortController();
    try {
      const fc = await searchPlaces(q, o.limit, ctrl.signal);
      results = fc.features || [];
      render();
    } catch (e) {
      if (e.name !== 'AbortError') onError(e.message);
    }
  }, o.delayMs);

  input.addEventListener('input', lookup);
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('keydown', (e) => {
    const n = results.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (listbox.hidden) lookup();
      else if (n) setActive((active + 1) % n);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) setActive((active - 1 + n) % n);
    } else if (e.key === 'Enter') {
      if (!listbox.hidden && n) {
        e.preventDefault();
        choose(active >= 0 ? active : 0);
      }
    } else if (e.key === 'Escape') {
      close();
    }
  });
}
