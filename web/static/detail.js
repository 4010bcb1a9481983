// The event detail: title, the date as the source gives it and normalised, the place with all
// its names, status, and every claim side by side (conflicting claims are never merged).

import { el, extLink, setChildren } from './dom.js';
import { typeColor, typeLabel } from './palette.js';
import { eventPlace } from './names.js';

const PRECISION = {
  place: 'exact place',
  district: 'located only to the district',
  region: 'located only to the region',
  country: 'located only to the country',
  border: 'located only to the border',
  line_of_contact: 'located only to the line of contact',
  unknown: 'location unknown',
};

/** Renders an event into `panel`. `pages` is config.pages (source view URL). */
export function renderDetail(panel, f, { convention, pages, onClose, focus = true }) {
  const p = f.properties;
  const area = f.geometry && f.geometry.type !== 'Point';
  const heading = el('h2', { id: 'detail-title', tabindex: '-1', text: p.title || typeLabel(p.event_type) });
  setChildren(panel,
    el('div', { class: 'detail-head' },
      heading,
      el('button', { type: 'button', class: 'close', 'aria-label': 'Close detail', onclick: onClose, text: '×' })),
    el('p', { class: 'detail-type' },
      el('span', { class: 'swatch', style: `background:${typeColor(p.event_type)}`, 'aria-hidden': 'true' }),
      typeLabel(p.event_type), ' · ',
      el('span', { class: `badge badge-${p.status || 'unknown'}`, text: p.status || 'status unknown' })),
    p.summary ? el('p', { class: 'summary', text: p.summary }) : null,
    el('dl', { class: 'facts' },
      el('dt', { text: 'When' }),
      el('dd', {},
        el('span', { class: 'date-text', text: dateWords(p) }),
        el('br'),
        el('span', { class: 'date-norm', text: normalisedDate(p) }),
        otherDates(p)),
      el('dt', { text: 'Where' }),
      el('dd', {},
        el('span', { class: 'place', text: eventPlace(p, convention) }),
        p.country ? ` (${p.country})` : '',
        el('br'),
        el('span', { class: area ? 'precision area' : 'precision', text: PRECISION[p.location_precision] || p.location_precision || '' }),
        namesList(p.place_names))),
    el('h3', { text: `Claims (${(p.claims || []).length})` }),
    el('div', { class: 'claims' }, (p.claims || []).map((c) => claim(c, pages))));
  // Focus follows a user's choice only: on page load (permalinks, embeds in iframes) it
  // would steal focus and could scroll the host page.
  if (focus) heading.focus({ preventScroll: true });
}

function normalisedDate(p) {
  if (!p.date_start) return `undated (${p.date_precision || 'unknown'})`;
  const range = p.date_end && p.date_end !== p.date_start ? `${p.date_start} – ${p.date_end}` : p.date_start;
  return `${range} (precision: ${(p.date_precision || 'unknown').replace(/_/g, ' ')})`;
}

/**
 * The date in words: as the source writes it; else, for a day only some claims give (the
 * most precise of conflicting dates), the sources that give it.
 */
function dateWords(p) {
  if (p.date_text) return `“${p.date_text}”`;
  const dating = (p.claims || []).filter((c) => c.claimed_date && c.claimed_date === p.date_start);
  if (dating.length) return `dated by ${[...new Set(dating.map((c) => c.source_title || c.source))].join('; ')}`;
  return 'the source gives no date';
}

/**
 * The dates other claims give (`other_dates`): the event is drawn at the most precise one,
 * and the sources that disagree are named beside their date.
 */
function otherDates(p) {
  const others = p.other_dates || [];
  if (!others.length) return null;
  const titles = new Map((p.claims || []).map((c) => [c.source, c.source_title || c.source]));
  return el('span', { class: 'date-others' }, others.map((o) => {
    const range = o.date_end && o.date_end !== o.date_start ? `${o.date_start} – ${o.date_end}` : o.date_start;
    const said = o.date_text ? ` “${o.date_text}”` : '';
    const who = (o.sources || []).map((s) => titles.get(s) || s).join('; ');
    return el('span', { class: 'date-other' },
      el('br'),
      el('strong', { text: 'Conflicting date: ' }),
      `${range}${said} (precision: ${(o.date_precision || 'unknown').replace(/_/g, ' ')})${who ? ` — ${who}` : ''}`);
  }));
}

function namesList(names) {
  if (!names || !names.length) return null;
  return el('details', { class: 'names' },
    el('summary', { text: `All ${names.length} names` }),
    el('ul', {}, names.map((n) => el('li', {},
      el('span', { lang: n.lang || null, text: n.text }),
      el('span', { class: 'lang', text: ` ${[n.lang, n.script].filter(Boolean).join(', ')}` }),
      n.note ? el('span', { class: 'note', text: ` — ${n.note}` }) : null))));
}

/**
 * A quote as read: the line breaks a PDF's layout put inside sentences are collapsed into
 * spaces (a hyphen at a line end is kept: it may belong to the word). The stored quote and
 * its byte span stay exact; only the display changes.
 */
export function readableQuote(q) {
  return String(q).replace(/[ \t]*\r?\n\s*/g, ' ').trim();
}

const STANCE = { asserts: 'asserts', denies: 'denies', reports: 'reports' };

function claim(c, pages) {
  const cas = c.casualties && Object.entries(c.casualties).filter(([, v]) => v !== null && v !== undefined);
  const figures = cas && cas.length
    ? el('p', { class: 'figures' },
      cas.map(([k, v]) => `${k}: ${v}`).join(', '),
      c.figure_qualifier ? ` (${c.figure_qualifier})` : '',
      c.casualty_group ? ` — ${c.casualty_group}` : '')
    : null;
  const spanHref = c.source && Number.isFinite(c.start)
    ? `${pages.source}?id=${encodeURIComponent(c.source)}&start=${c.start}&end=${c.end}#claim`
    : null;
  return el('article', { class: `claim stance-${c.stance || 'reports'}` },
    el('header', {},
      el('strong', { class: 'claimant', text: c.claimant || 'Unknown claimant' }),
      c.claimant_kind ? el('span', { class: 'kind', text: ` (${c.claimant_kind.replace(/_/g, ' ')})` }) : null,
      ' ',
      el('span', { class: `stance`, text: STANCE[c.stance] || c.stance || '' })),
    figures,
    c.quote ? el('blockquote', { class: 'quote', text: readableQuote(c.quote) }) : null,
    c.claimed_date ? el('p', { class: 'claimed-date', text: `Date claimed: ${c.claimed_date}` }) : null,
    el('p', { class: 'source' },
      'Source: ',
      c.source_url ? extLink(c.source_url, c.source_title || c.source) : el('span', { text: c.source_title || c.source || '' }),
      c.source_published ? ` (${c.source_published})` : '',
      spanHref ? el('span', {}, ' · ', el('a', { href: spanHref, class: 'span-link', text: 'show in source' })) : null));
}
