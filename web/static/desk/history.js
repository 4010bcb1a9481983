// Step 5, history: the revisions of the source and of the events made from it (who, when,
// what changed), each restorable (a new revision; nothing is lost).

import * as api from '../api.js';
import { el, setChildren } from '../dom.js';

const $ = (id) => document.getElementById(id);

/** The fields a revision changed: [[field, before, after]]. */
export function changes(rev) {
  const a = (rev.before && rev.before.doc) || {};
  const b = (rev.after && rev.after.doc) || {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const out = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => [k, a[k], b[k]]);
  if (rev.before && rev.after && rev.before.status !== rev.after.status) out.push(['status', rev.before.status, rev.after.status]);
  return out;
}

const short = (v) => {
  const s = v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 120) + '…' : s;
};

export class HistoryStep {
  constructor(ctx) {
    this.ctx = ctx;
  }

  async show() {
    const ctx = this.ctx;
    const entities = [`source:${ctx.source.id}`, ...[...ctx.touched].map((id) => `event:${id}`)];
    const sections = [];
    for (const entity of entities) {
      try {
        const { data } = await api.revisions(entity);
        sections.push(this.section(entity, data.revisions || []));
      } catch (e) {
        sections.push(el('p', { class: 'field-error', text: `${entity}: ${e.message}` }));
      }
    }
    setChildren($('history-body'), sections);
  }

  section(entity, revs) {
    return el('section', { class: 'history', 'aria-label': `History of ${entity}` },
      el('h3', { text: entity }),
      el('ol', { class: 'revisions' }, revs.map((r, i) => el('li', {},
        el('p', {}, el('strong', { text: `#${r.n} ${r.action}` }), ` by ${r.user || 'the system'}, ${new Date(r.at).toLocaleString('en-GB')}`),
        el('ul', { class: 'changes' }, changes(r).map(([k, a, b]) => el('li', {}, el('code', { text: k }), `: ${short(a)} → ${short(b)}`))),
        i > 0 && r.after ? el('button', { type: 'button', class: 'restore', 'aria-label': `Restore this version: ${entity} as after revision ${r.n}`, onclick: () => this.restore(r.n) , text: 'Restore this version' }) : null))));
  }

  async restore(n) {
    try {
      await api.restore(n);
      this.ctx.status(`Restored the version of revision ${n} (as a new revision).`);
      if (this.ctx.source) await this.ctx.openSource(this.ctx.source.id);
      this.show();
    } catch (e) {
      this.ctx.status(e.message, true);
    }
  }
}
