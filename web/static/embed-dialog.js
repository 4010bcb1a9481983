// The "Embed" dialog: iframe snippets (fixed size, and responsive with an aspect-ratio
// wrapper) for the current view, pointing to the embed page with the same parameters.

import { el, setChildren } from './dom.js';

/** Options (defaults). */
const DEFAULTS = { width: 800, height: 500 };

/** The two snippets for an absolute embed URL. */
export function snippets(embedUrl, o = DEFAULTS) {
  const src = embedUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return {
    fixed: `<iframe src="${src}" width="${o.width}" height="${o.height}" style="border:0" loading="lazy" title="Dateline map" allowfullscreen></iframe>`,
    responsive: `<div style="position:relative;width:100%;aspect-ratio:${o.width}/${o.height}"><iframe src="${src}" style="position:absolute;inset:0;width:100%;height:100%;border:0" loading="lazy" title="Dateline map" allowfullscreen></iframe></div>`,
  };
}

async function copy(textarea, button) {
  try {
    await navigator.clipboard.writeText(textarea.value);
  } catch {
    textarea.select();
    document.execCommand('copy');
  }
  button.textContent = 'Copied';
  setTimeout(() => { button.textContent = 'Copy'; }, 1500);
}

/** Fills and opens the dialog for `embedUrl` (absolute). */
export function openEmbedDialog(dialog, embedUrl) {
  const s = snippets(embedUrl);
  const block = (id, label, value) => {
    const ta = el('textarea', { id, readonly: true, rows: 3, class: 'snippet' });
    ta.value = value;
    const btn = el('button', { type: 'button', text: 'Copy', onclick: () => copy(ta, btn) });
    return el('div', { class: 'snippet-block' }, el('label', { for: id, text: label }), ta, btn);
  };
  setChildren(dialog,
    el('h2', { id: 'embed-title', text: 'Embed this map' }),
    el('p', { class: 'hint', text: 'The embedded map shows this view: same area, dates, filters and selected event.' }),
    block('embed-fixed', `Fixed size (${DEFAULTS.width}×${DEFAULTS.height})`, s.fixed),
    block('embed-responsive', 'Responsive (full width)', s.responsive),
    el('p', {}, el('a', { href: embedUrl, target: '_blank', rel: 'noopener', text: 'Preview the embed ↗' })),
    el('form', { method: 'dialog' }, el('button', { type: 'submit', text: 'Close' })));
  dialog.showModal();
}
