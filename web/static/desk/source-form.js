// Step 1, a new source: a pasted text or an uploaded .txt/.pdf with its metadata (title,
// outlet, URL, published date, kind, the claimants it quotes), saved at once as a draft
// source. What is typed before saving is kept in this browser (localStorage) so a reload
// loses nothing; saved sources are picked from the list.

import * as api from '../api.js';
import { el } from '../dom.js';
import { clearErrors, showError, values } from './forms.js';

/** Options (defaults). */
const OPTIONS = {
  storageKey: 'dateline-desk-unsaved-source', // the form's unsaved values
};

const $ = (id) => document.getElementById(id);

/** Fills the "continue with a source" list with the stored sources (drafts first). */
export async function fillSourcePick(ctx) {
  const pick = $('source-pick');
  try {
    const list = await fetchSources();
    pick.replaceChildren(el('option', { value: '', text: 'Choose a saved source…' }),
      ...list.map((s) => el('option', { value: s.id, text: `${s.title || s.id} (${s.status})` })));
  } catch (e) {
    ctx.status(e.message, true);
  }
  if (!pick.dataset.wired) {
    pick.dataset.wired = '1';
    pick.addEventListener('change', async () => {
      if (!pick.value) return;
      try {
        await ctx.openSource(pick.value);
        ctx.go('places');
      } catch (e) {
        ctx.status(e.message, true);
      }
    });
  }
}

async function fetchSources() {
  const { data } = await api.deskSources();
  const items = Array.isArray(data) ? data : data.items || [];
  return items.filter((s) => s.status).sort((a, b) => (a.status === b.status ? 0 : a.status === 'draft' ? -1 : 1));
}

/** Wires the new-source form. */
export function initSourceForm(form, ctx) {
  const mode = () => form.querySelector('input[name=mode]:checked').value;
  const sync = () => {
    $('field-text').hidden = mode() !== 'paste';
    $('field-file').hidden = mode() !== 'upload';
  };
  form.querySelectorAll('input[name=mode]').forEach((r) => r.addEventListener('change', sync));
  // Unsaved values survive a reload.
  try {
    const saved = JSON.parse(localStorage.getItem(OPTIONS.storageKey) || 'null');
    if (saved) for (const [k, v] of Object.entries(saved)) if (form[k] && form[k].type !== 'radio' && form[k].type !== 'file') form[k].value = v;
  } catch { /* nothing saved */ }
  if (!form.published.value) form.published.value = new Date().toISOString().slice(0, 10);
  form.addEventListener('input', () => {
    try {
      localStorage.setItem(OPTIONS.storageKey, JSON.stringify(values(form)));
    } catch { /* storage full or off */ }
  });
  sync();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const v = values(form);
    const speakers = (v.speakers || '').split(',').map((s) => s.trim()).filter(Boolean);
    const meta = { title: v.title, kind: v.kind, published: v.published };
    for (const k of ['outlet', 'url']) if (v[k]) meta[k] = v[k];
    if (speakers.length) meta.speakers = speakers;
    let saved;
    try {
      if (mode() === 'upload') {
        const file = form.file.files[0];
        if (!file) return showError(form, { field: 'file', message: 'choose a .txt or .pdf file' });
        const fd = new FormData();
        fd.append('file', file, file.name);
        fd.append('meta', JSON.stringify(meta));
        saved = await api.uploadSource(fd);
      } else {
        if (!form.text.value.trim()) return showError(form, { field: 'text', message: 'paste the text first' });
        saved = await api.createSource({ ...meta, text: form.text.value });
      }
    } catch (err) {
      return showError(form, err, { speakers: 'speakers' });
    }
    localStorage.removeItem(OPTIONS.storageKey);
    form.reset();
    form.published.value = new Date().toISOString().slice(0, 10);
    sync();
    ctx.status(`Saved “${saved.data.title}” as a draft source. Now review its places.`);
    await ctx.openSource(saved.data.id);
    await fillSourcePick(ctx);
    ctx.go('places');
  });
}
