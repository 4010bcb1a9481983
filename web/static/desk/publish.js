// Step 4, publish a map: title, description, credit line, the selection (dates, event
// type, words; the events of this source are published with it), the view of the review
// map and the name convention. Publishing gives /maps/{slug}, its embed
// (/embed?map={slug}), its oEmbed and its downloads; unpublishing takes it down everywhere.

import * as api from '../api.js';
import { el, setChildren } from '../dom.js';
import { TYPES, typeLabel } from '../palette.js';
import { CONVENTIONS } from '../names.js';
import { clearErrors, field, showError, values } from './forms.js';
import { eventLabel } from './claim-dialog.js';

const $ = (id) => document.getElementById(id);

/** The query of a map's events for the items endpoint (its selection). */
export function selectionQuery(sel) {
  const p = new URLSearchParams();
  if (sel.from || sel.to) p.set('datetime', `${sel.from || '..'}/${sel.to || '..'}`);
  if (sel.type) p.set('event_type', sel.type);
  if (sel.q) p.set('q', sel.q);
  if (sel.events && sel.events.length) p.set('ids', sel.events.join(','));
  p.set('limit', '10000');
  return p.toString();
}

export class PublishStep {
  constructor(ctx) {
    this.ctx = ctx;
  }

  async show() {
    const ctx = this.ctx;
    let events = [];
    try {
      events = ((await api.deskEvents()).data.items || []).filter((e) => ctx.touched.has(e.id) || (e.claim_sources || []).includes(ctx.source.id));
    } catch (e) {
      ctx.status(e.message, true);
    }
    const dates = events.flatMap((e) => [e.date_start, e.date_end]).filter(Boolean).sort();
    const form = el('form', { id: 'map-form', class: 'desk-form', novalidate: true },
      field('Title', 'title', { value: ctx.source.title || '' }, 'map'),
      field('Slug (the address: /maps/…; empty: from the title)', 'slug', { attrs: { pattern: '[a-z0-9-]+' } }, 'map'),
      field('Description (one paragraph)', 'description', { kind: 'textarea' }, 'map'),
      field('Credit line', 'credit', { value: `Map: ${api.currentSession()?.user || 'the desk'} / Dateline` }, 'map'),
      el('fieldset', {}, el('legend', { text: 'Which events' }),
        field('From', 'from', { attrs: { type: 'date' }, value: dates[0] || '' }, 'map'),
        field('To', 'to', { attrs: { type: 'date' }, value: dates[dates.length - 1] || '' }, 'map'),
        field('Event type', 'type', { kind: 'select', options: [['', 'any type'], ...TYPES.map((t) => [t, typeLabel(t)])] }, 'map'),
        field('Words (in titles, summaries, quotes)', 'q', {}, 'map'),
        el('fieldset', { class: 'picked' }, el('legend', { text: 'Events of this source (published with the map)' }),
          events.length ? events.map((e) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'events', value: e.id, checked: true }), ` ${eventLabel(e)}`))
            : el('p', { class: 'hint', text: 'No event saved from this source yet (step 3).' }))),
      field('Place names', 'names', { kind: 'select', options: CONVENTIONS.map((c) => [c.key, c.label]), value: ctx.config.names || 'en' }, 'map'),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'with_source', checked: true }), ' Also publish the source and the events ticked above'),
      el('p', { class: 'hint', text: 'The map opens at the view of the review map (step 2).' }),
      el('button', { type: 'submit', text: 'Publish the map' }));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.publish(form); });
    setChildren($('publish-body'), form, el('div', { id: 'map-links' }), el('h3', { text: 'Maps' }), el('ul', { id: 'map-list' }));
    this.listMaps();
  }

  async publish(form) {
    const ctx = this.ctx;
    clearErrors(form);
    const v = values(form);
    const picked = [...form.querySelectorAll('input[name=events]:checked')].map((c) => c.value);
    const selection = {};
    for (const k of ['from', 'to', 'type', 'q']) if (v[k]) selection[k] = v[k];
    if (picked.length) selection.events = picked;
    const doc = { title: v.title || '', description: v.description || '', credit: v.credit || '', selection, names: v.names };
    if (v.slug) doc.slug = v.slug;
    if (ctx.reviewView) doc.view = { bbox: ctx.reviewView };
    try {
      if (form.with_source.checked) {
        if (ctx.source.status !== 'published') await api.setPublished('sources', ctx.source.id, true);
        ctx.source.status = 'published';
        for (const id of picked) await api.setPublished('events', id, true);
      }
      const { data } = await api.createMap(doc);
      await api.setPublished('maps', data.slug, true);
      ctx.status(`Published “${data.title}” at /maps/${data.slug}.`);
      this.links(data.slug, data.title, selection);
      this.listMaps();
    } catch (err) {
      showError(form, err, { view: 'title', selection: 'from' });
    }
  }

  /** The published map's addresses: page, embed (and its iframe), oEmbed, downloads. */
  links(slug, title, selection) {
    const abs = (rel) => new URL(rel, location.href).href;
    const page = abs(`maps/${encodeURIComponent(slug)}`);
    const embed = abs(`embed?map=${encodeURIComponent(slug)}`);
    const iframe = `<iframe src="${embed}" width="720" height="480" style="border:0" title="${title.replace(/"/g, '&quot;')}" loading="lazy"></iframe>`;
    const q = selectionQuery(selection);
    const dl = (f, label, name) => el('a', { href: `collections/events/items?${q}&f=${f}`, download: name, class: `download-${f}`, text: label });
    const code = el('textarea', { id: 'embed-code', readonly: true, rows: 3 });
    code.value = iframe;
    setChildren($('map-links'), el('section', { class: 'map-links', 'aria-label': 'The published map' },
      el('h3', { text: `“${title}” is published` }),
      el('p', {}, 'Page: ', el('a', { id: 'map-page-link', href: page, text: page })),
      el('p', {}, 'Embed: ', el('a', { id: 'map-embed-link', href: embed, text: embed })),
      el('div', { class: 'field' }, el('label', { for: 'embed-code', text: 'Embed code' }), code),
      el('p', {}, 'oEmbed: ', el('a', { href: abs(`oembed?url=${encodeURIComponent(page)}`), text: 'JSON' })),
      el('p', {}, 'Downloads: ', dl('geojson', 'GeoJSON', `${slug}.geojson`), ' · ', dl('csv', 'CSV', `${slug}.csv`), ' · ', dl('kml', 'KML', `${slug}.kml`))));
  }

  async listMaps() {
    try {
      const { data } = await api.deskMaps();
      setChildren($('map-list'), (data.items || []).map((m) => el('li', {},
        `${m.title} (/maps/${m.slug}, ${m.status}) `,
        el('button', { type: 'button', 'aria-label': `${m.status === 'published' ? 'Unpublish' : 'Publish'} ${m.title}`, class: 'map-toggle', onclick: async () => {
          try {
            await api.setPublished('maps', m.slug, m.status !== 'published');
            this.listMaps();
          } catch (e) {
            this.ctx.status(e.message, true);
          }
        }, text: m.status === 'published' ? 'Unpublish' : 'Publish' }))));
    } catch (e) {
      this.ctx.status(e.message, true);
    }
  }
}
