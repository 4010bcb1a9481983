// The desk: wires the editor's steps (sign in → source → places → events → publish →
// history) over one shared context. The step is the URL's hash and the source its `source`
// parameter, so a reload comes back to the same screen with nothing lost (everything is
// saved as a draft as it is made).

import * as api from '../api.js';
import { el, setChildren } from '../dom.js';
import { initSignIn } from './signin.js';
import { initSourceForm, fillSourcePick } from './source-form.js';
import { Review } from './review.js';
import { EventsStep } from './events.js';
import { PublishStep } from './publish.js';
import { HistoryStep } from './history.js';

const $ = (id) => document.getElementById(id);
const STEPS = ['source', 'places', 'events', 'publish', 'history'];

/** What every step shares: the source being worked on and how to report. */
const ctx = {
  config: null,
  source: null, // the stored source (with text) and its etag
  sourceEtag: null,
  analysis: null, // {mentions, candidates, decisions}
  claims: null, // the claims quoting the source (null: not loaded yet)
  touched: new Set(), // ids of events made or edited in this source's work (kept per source in localStorage)
  /** Notes that event `id` belongs to this source's work. */
  touch(id) {
    ctx.touched.add(id);
    try {
      localStorage.setItem(`dateline-desk-events-${ctx.source.id}`, JSON.stringify([...ctx.touched]));
    } catch { /* storage off */ }
  },
  reviewView: null, // the review map's last view [w, s, e, n], for the published map
  status(text, isError = false) {
    $('status').textContent = text || '';
    $('status').classList.toggle('error', !!isError);
  },
  go(step) {
    if (location.hash !== `#${step}`) location.hash = step;
    else show(step);
  },
  /** Loads source `id` (its text, ETag and analysis) and puts it in the URL. */
  async openSource(id) {
    const { data, etag } = await api.deskSource(id);
    if (!ctx.source || ctx.source.id !== id) ctx.claims = null; // loaded again for this source
    ctx.source = data;
    ctx.sourceEtag = etag;
    try {
      ctx.touched = new Set(JSON.parse(localStorage.getItem(`dateline-desk-events-${id}`) || '[]'));
    } catch {
      ctx.touched = new Set();
    }
    const u = new URL(location.href);
    u.searchParams.set('source', id);
    history.replaceState(null, '', u.pathname + u.search + u.hash);
    ctx.analysis = (await api.analyse(id)).data;
    return data;
  },
};

let steps = {};

function show(step) {
  if (!api.currentSession()) step = 'signin';
  else if (!STEPS.includes(step)) step = 'source';
  if (step !== 'source' && step !== 'signin' && !ctx.source) step = 'source';
  for (const s of ['signin', ...STEPS]) $(`step-${s}`).hidden = s !== step;
  for (const a of $('desk-steps').querySelectorAll('a')) {
    if (a.dataset.step === step) a.setAttribute('aria-current', 'step');
    else a.removeAttribute('aria-current');
  }
  const s = steps[step];
  if (s && s.show) s.show();
  const heading = $(`step-${step}`).querySelector('h2');
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

function signedIn(session) {
  $('whoami').hidden = !session;
  $('desk-steps').hidden = !session;
  if (session) $('whoami-name').textContent = `Signed in as ${session.user} (${session.role})`;
}

async function afterSignIn() {
  signedIn(api.currentSession());
  await fillSourcePick(ctx);
  const id = new URLSearchParams(location.search).get('source');
  if (id && !ctx.source) {
    try {
      await ctx.openSource(id);
    } catch (e) {
      ctx.status(`Source ${id}: ${e.message}`, true);
    }
  }
  show(location.hash.slice(1) || (ctx.source ? 'places' : 'source'));
}

async function main() {
  ctx.config = await api.loadConfigOr(ctx.status);
  if (!ctx.config) return;
  $('home-link').href = ctx.config.pages.map;
  steps = {
    places: new Review(ctx),
    events: new EventsStep(ctx),
    publish: new PublishStep(ctx),
    history: new HistoryStep(ctx),
  };
  initSignIn($('signin-form'), ctx, afterSignIn);
  initSourceForm($('source-form'), ctx);
  $('sign-out').addEventListener('click', async () => {
    try {
      await api.signOut();
    } catch (e) {
      ctx.status(e.message, true);
    }
    ctx.source = null;
    signedIn(null);
    setChildren($('status'), el('span', { text: 'Signed out.' }));
    show('signin');
  });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  try {
    // Only a browser an editor signed in from asks (readers get no 401 in their console).
    if (api.maybeEditor()) await api.whoami();
  } catch (e) {
    ctx.status(e.message, true);
  }
  if (api.currentSession()) await afterSignIn();
  else show('signin');
}

main();
