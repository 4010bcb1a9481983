// Highlighting spans of a text given as UTF-8 byte offsets (the API's offsets): converts them
// to string indices once per text, splits overlapping spans into segments, renders with DOM.

import { el } from './dom.js';

/** A map from UTF-8 byte offset to UTF-16 index for `text` (Int32Array, length bytes+1). */
export function byteIndex(text) {
  const bytes = new TextEncoder().encode(text).length;
  const map = new Int32Array(bytes + 1).fill(-1);
  let b = 0, u = 0;
  for (const ch of text) {
    map[b] = u;
    const cp = ch.codePointAt(0);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    u += ch.length;
  }
  map[b] = u;
  // Offsets inside a character (should not happen) snap to the next character start.
  for (let i = bytes - 1; i >= 0; i--) if (map[i] < 0) map[i] = map[i + 1];
  return map;
}

/**
 * Renders `text` with spans highlighted. spans: [{start, end (bytes), class, data (dataset),
 * title, onActivate}]. Overlaps become segments carrying every covering span's classes; the
 * first segment of each span gets `data-span-start`. Returns a DocumentFragment.
 */
export function renderSpans(text, spans) {
  const map = byteIndex(text);
  const max = map.length - 1;
  const conv = (b) => map[Math.max(0, Math.min(max, b | 0))];
  const list = spans
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .map((s) => ({ ...s, a: conv(s.start), b: conv(s.end) }));
  const cuts = new Set([0, text.length]);
  for (const s of list) { cuts.add(s.a); cuts.add(s.b); }
  const points = [...cuts].sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const chunk = text.slice(a, b);
    const cover = list.filter((s) => s.a <= a && s.b >= b);
    if (!cover.length) { frag.append(chunk); continue; }
    const seg = el('span', { class: cover.map((s) => s.class).join(' '), title: cover.map((s) => s.title).filter(Boolean).join(' | ') || null }, chunk);
    for (const s of cover) {
      Object.assign(seg.dataset, s.data || {});
      if (s.a === a) seg.dataset.spanStart = '1';
    }
    const act = cover.find((s) => s.onActivate);
    if (act) {
      seg.tabIndex = 0;
      seg.setAttribute('role', 'button');
      seg.addEventListener('click', () => act.onActivate());
      seg.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); act.onActivate(); } });
    }
    frag.append(seg);
  }
  return frag;
}
