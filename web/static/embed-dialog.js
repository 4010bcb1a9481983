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

/** `url` with its `title` parameter set to `title` (removed when empty). */
function withTitle(url, title) {
  const u = new URL(url);
  if (title) u.searchParams.set('title', title);
  else u.searchParams.delete('title');
  return u.href.replace(/%2C/g, ',');
}

/** Fills and opens the dialog for `embedUrl` (absolute); a title typed here goes into it. */
export function openEmbedDialog(dialog, embedUrl) {
  const s = snippets(embedUrl);
  const block = (id, label, value) => {
    const ta = el('textarea', { id, readonly: true, rows: 3, class: 'snippet' });
    ta.value = value;
    const btn = el('button', { type: 'button', text: 'Copy', onclick: () => copy(ta, btn) });
    return el('div', { class: 'snippet-block' }, el('label', { for: id, text: label }), ta, btn);
  };
  const title = el('input', { id: 'embed-title-input', type: 'text', maxlength: 120, size: 40, placeholder: 'shown at the top of the embedded map' });
  title.value = new URL(embedUrl).searchParams.get('title') || '';
  const fixed = block('embed-fixed', `Fixed size (${DEFAULTS.width}×${DEFAULTS.height})`, s.fixed);
  const responsive = block('embed-responsive', 'Responsive (full width)', s.responsive);
  const preview = el('a', { href: embedUrl, target: '_blank', rel: 'noopener', text: 'Preview the embed ↗' });
  title.addEventListener('input', () => {
    const url = withTitle(embedUrl, title.value.trim());
    const t = snippets(url);
    fixed.querySelector('textarea').value = t.fixed;
    responsive.querySelector('textarea').value = t.responsive;
    preview.href = url;
  });
  setChildren(dialog,
    el('h2', { id: 'embed-title', text: 'Embed this map' }),
    el('p', { class: 'hint', text: 'The embedded map shows this view: same area, dates, filters and selected event, with its title, the dates it covers and its credit.' }),
    el('p', {}, el('label', { for: 'embed-title-input', text: 'Title ' }), title),
    fixed,
    responsive,
    el('p', {}, preview),
    el('form', { method: 'dialog' }, el('button', { type: 'submit', text: 'Close' })));
  dialog.showModal();
}
