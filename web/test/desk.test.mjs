// Browser tests of the desk (issue 11): the whole journey from a pasted text to a published,
// embeddable map, on a server with a fresh data directory, and two editors editing one
// event at once. Screenshots of each step go to DATELINE_SCREENSHOTS as desk-*.png.
//
//   DATELINE_DESK_URL=http://127.0.0.1:8181 DATELINE_DESK_USERS=ed:PASSWORD,kim:PASSWORD node --test test/desk.test.mjs
//
// DATELINE_DESK_URL (else DATELINE_URL): a server whose store the tests may write to.
// DATELINE_DESK_USERS: two editor accounts of that server (`dateline user add NAME
// --password-stdin`); without it the tests are skipped (tests/browser.rs makes them).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = new URL((process.env.DATELINE_DESK_URL || process.env.DATELINE_URL || 'http://127.0.0.1:8181').replace(/\/?$/, '/'));
const SHOTS = process.env.DATELINE_SCREENSHOTS ||
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/screenshots');
const USERS = (process.env.DATELINE_DESK_USERS || '').split(',').filter(Boolean).map((u) => {
  const i = u.indexOf(':');
  return { name: u.slice(0, i), password: u.slice(i + 1) };
});
const SKIP = USERS.length < 2 ? 'DATELINE_DESK_USERS (two editor accounts) is not set' : false;
mkdirSync(SHOTS, { recursive: true });

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48ewhAAVpArB44nOfAAAAAElFTkSuQmCC', 'base64');
const DESKTOP = { width: 1280, height: 800 };
const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]', BASE.hostname]);

// A made-up news text: a city and a region of another country than the interview's.
const TEXT = 'Officials in Ukraine said on 2 March 2024 that shelling hit Kharkiv overnight, killing four civilians and wounding 11.\n' +
  'The governor of Kharkiv Oblast said houses were damaged in Izium. Moscow denied the attack.\n';
const TITLE = 'Shelling of Kharkiv, March 2024 (desk test)';
const CREDIT = 'Map: the desk test · Dateline';
const EXTRA_QUOTE = 'The governor of Kharkiv Oblast said houses were damaged in Izium.';

// axe-core (npm) checks each screen against WCAG 2.1 A and AA: contrast, labels, names.
const AXE = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/axe-core/axe.min.js'), 'utf8');

/** Asserts that axe-core finds no WCAG 2.1 A/AA violation on the page as it is now. */
async function accessible(page, screen) {
  // Evaluated over the DevTools protocol, so the page's CSP (no inline script) allows it.
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(found, [], `${screen}: WCAG 2.1 A/AA violations (axe-core)`);
}

let browser;
before(async () => {
  if (SKIP) return;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  if (browser) await browser.close();
});

const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, name) });

/** A fresh context; page errors and unexpected console errors are collected. */
async function open(rel, { viewport = DESKTOP, allow = [] } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !allow.some((re) => re.test(m.text()))) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await context.route((url) => !LOCAL.has(url.hostname), (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  if (rel) await page.goto(new URL(rel, BASE).href);
  return { page, errors, context };
}

/** Signs in through the form (keyboard only: type, Tab, Enter). */
async function signIn(page, user) {
  await page.locator('#signin-name').waitFor();
  await page.locator('#signin-name').focus();
  await page.keyboard.type(user.name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await page.locator('#whoami-name').waitFor({ state: 'visible' });
}

test('the desk journey: paste → places → events → claims → publish → embed → CSV → sign out', { skip: SKIP, timeout: 240000 }, async () => {
  // The 401 and 422 are the wrong password and the missing title, on purpose.
  const { page, errors, context } = await open('desk', { allow: [/status of 401/, /status of 422/] });
  // 1. Sign in; a wrong password is shown next to the password field.
  await page.locator('#signin-name').fill(USERS[0].name);
  await page.locator('#signin-password').fill('not the password');
  await page.locator('#signin-form button[type=submit]').click();
  await page.locator('#signin-form .field-error').waitFor();
  assert.equal(await page.locator('#signin-password').getAttribute('aria-invalid'), 'true');
  await shot(page, 'desk-1-signin-error.png');
  await page.locator('#signin-name').fill('');
  await signIn(page, USERS[0]);
  assert.match(await page.locator('#whoami-name').textContent(), new RegExp(USERS[0].name));

  // 2. New source: paste a text; a missing title is shown at the title field.
  await page.locator('#step-source').waitFor({ state: 'visible' });
  await page.locator('#src-text').fill(TEXT);
  await page.locator('#source-form button[type=submit]').click();
  await page.locator('#source-form .field-error').waitFor();
  assert.equal(await page.locator('#src-title').getAttribute('aria-invalid'), 'true', 'the error is at the title');
  await page.locator('#src-title').fill('Shelling reported in Kharkiv');
  await page.locator('#src-outlet').fill('Example Wire');
  await page.locator('#src-published').fill('2024-03-03');
  await page.locator('#src-speakers').fill('Ukrainian officials, the governor');
  await shot(page, 'desk-2-source.png');
  await accessible(page, 'the new source');
  await page.locator('#source-form button[type=submit]').click();

  // 3. Review places: every mention listed; the text highlighted.
  await page.locator('#step-places').waitFor({ state: 'visible' });
  await page.locator('#mention-list .mention-item').first().waitFor();
  const sourceId = new URL(page.url()).searchParams.get('source');
  assert.ok(sourceId, 'the source is in the URL');
  const items = await page.locator('#mention-list .mention-item').allTextContents();
  assert.ok(items.some((t) => t.includes('Kharkiv')), items.join(' | '));
  assert.ok((await page.locator('#review-text .mention').count()) >= 3);
  await shot(page, 'desk-3-places.png');
  await accessible(page, 'the places review');

  // Accept the city by keyboard; correct "Kharkiv Oblast" (resolved to the city) to the
  // region through the gazetteer search; reject "Moscow" (not where anything happened).
  const second = TEXT.indexOf('Kharkiv Oblast');
  const oblastStart = Buffer.byteLength(TEXT.slice(0, second));
  const cityStart = Buffer.byteLength(TEXT.slice(0, TEXT.indexOf('Kharkiv')));
  await page.locator(`#mention-list [data-start="${cityStart}"] .m-accept`).focus();
  await page.keyboard.press('Enter');
  await page.locator(`#mention-list [data-start="${cityStart}"].state-accepted`).waitFor();
  await page.locator(`#mention-list [data-start="${oblastStart}"] .m-correct`).click();
  await page.locator('#mention-panel').waitFor({ state: 'visible' });
  await page.locator('#mention-search').fill('Kharkiv');
  const region = page.locator('#mention-search-list [role=option]', { hasText: 'region' }).first();
  await region.waitFor();
  await region.dispatchEvent('mousedown');
  await page.locator(`#mention-list [data-start="${oblastStart}"].state-resolved`).waitFor();
  const moscow = Buffer.byteLength(TEXT.slice(0, TEXT.indexOf('Moscow')));
  await page.locator(`#mention-list [data-start="${moscow}"] .m-reject`).click();
  await page.locator(`#mention-list [data-start="${moscow}"].state-rejected`).waitFor();

  // "Place it here": Izium placed by a click on the map (an editor place).
  const izium = Buffer.byteLength(TEXT.slice(0, TEXT.indexOf('Izium')));
  await page.locator(`#mention-list [data-start="${izium}"] .m-correct`).click();
  await page.locator('#place-here').click();
  assert.equal(await page.locator('#place-here').getAttribute('aria-pressed'), 'true');
  const box = await page.locator('#review-map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('#place-dialog[open]').waitFor();
  assert.equal(await page.locator('#place-name').inputValue(), 'Izium', 'named after the mention');
  await page.locator('#place-precision').selectOption('approximate');
  await shot(page, 'desk-4-place-here.png');
  await page.locator('#place-form button[type=submit]').click();
  await page.locator(`#mention-list [data-start="${izium}"].state-resolved`).waitFor();
  const placed = await context.request.get(new URL('api/places/editor:izium', BASE).href);
  assert.equal(placed.status(), 200, 'the editor place is stored');
  assert.equal((await placed.json()).precision, 'approximate');

  // A reload loses nothing: the source and the decisions come back.
  await page.reload();
  await page.locator(`#mention-list [data-start="${oblastStart}"].state-resolved`).waitFor();
  await page.locator(`#mention-list [data-start="${moscow}"].state-rejected`).waitFor();
  assert.match(await page.locator(`#mention-list [data-start="${oblastStart}"] .mention-place`).textContent(), /Kharkiv/);
  await shot(page, 'desk-5-places-reviewed.png');

  // 4. Events: accept the shelling candidate into the form, save it as a draft.
  await page.locator('a[data-step=events]').click();
  await page.locator('#step-events').waitFor({ state: 'visible' });
  const shelling = page.locator('#candidate-list .candidate', { hasText: 'Kharkiv' }).first();
  await shelling.locator('button').click();
  await page.locator('#event-form').waitFor();
  // An error of the API is shown next to the field it names.
  await page.locator('#ev-title').fill('');
  await page.locator('#event-save').click();
  await page.locator('#event-form .field-error').waitFor();
  assert.equal(await page.locator('#ev-title').getAttribute('aria-invalid'), 'true', 'the error is at the title');
  await page.locator('#ev-title').fill('Shelling of Kharkiv, as Ukrainian officials claim (desk test)');
  await page.locator('#ev-summary').fill('Ukrainian officials say shelling hit Kharkiv overnight on 2 March 2024, killing four civilians.');
  await shot(page, 'desk-6-event-form.png');
  await accessible(page, 'the event form');
  await page.locator('#event-save').click();
  await page.locator('#event-form h3', { hasText: 'revision' }).waitFor();
  const eventId = await page.evaluate(() => document.querySelector('#event-form h3').textContent);
  assert.match(eventId, /desk test/);
  // A second, unpublished draft: the Moscow candidate.
  await page.locator('#candidate-list .candidate', { hasText: 'Moscow' }).first().locator('button').click();
  await page.locator('#ev-title').fill('Draft that stays unpublished (desk test)');
  await page.locator('#ev-summary').fill('A draft.');
  await page.locator('#event-save').click();
  await page.locator('#event-form h3', { hasText: 'Draft that stays unpublished' }).waitFor();

  // A second claim, from a selection of the text (the quote and span come from it).
  await page.locator('a[data-step=places]').click();
  await page.locator('#review-text .mention').first().waitFor();
  await page.evaluate((quote) => {
    const box = document.getElementById('review-text');
    const text = box.textContent;
    const a = text.indexOf(quote);
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let pos = 0, r = document.createRange(), started = false;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.nodeValue.length;
      if (!started && a < pos + len) { r.setStart(n, a - pos); started = true; }
      if (started && a + quote.length <= pos + len) { r.setEnd(n, a + quote.length - pos); break; }
      pos += len;
    }
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    box.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, EXTRA_QUOTE);
  await page.locator('#selection-bar').waitFor({ state: 'visible' });
  assert.match(await page.locator('#selection-text').textContent(), /governor of Kharkiv Oblast/);
  await page.locator('#make-claim').click();
  await page.locator('#claim-dialog[open]').waitFor();
  await page.locator('#claim-event_q').fill('as Ukrainian officials claim');
  await page.locator('#claim-claimant').fill('the governor');
  await shot(page, 'desk-7-claim.png');
  await page.locator('#claim-form button[type=submit]').click();
  await page.locator('#claim-dialog:not([open])').waitFor({ state: 'attached' });
  await page.waitForFunction(() => /Claim added/.test(document.getElementById('status').textContent));

  // 5. Publish the map (the source and the first event with it; the draft unticked).
  await page.locator('a[data-step=publish]').click();
  await page.locator('#map-form').waitFor();
  await page.locator('#map-title').fill(TITLE);
  await page.locator('#map-description').fill('Claims about the shelling of Kharkiv on 2 March 2024, from a made-up wire report.');
  await page.locator('#map-credit').fill(CREDIT);
  await page.locator('#map-form label', { hasText: 'Draft that stays unpublished' }).locator('input').uncheck();
  await shot(page, 'desk-8-publish.png');
  await accessible(page, 'the publish form');
  await page.locator('#map-form button[type=submit]').click();
  await page.locator('#map-links').getByText('is published').waitFor();
  const embedUrl = await page.locator('#map-embed-link').getAttribute('href');
  const pageUrl = await page.locator('#map-page-link').getAttribute('href');
  const csvHref = await page.locator('#map-links a.download-csv').getAttribute('href');
  const geojsonHref = await page.locator('#map-links a.download-geojson').getAttribute('href');
  await shot(page, 'desk-9-published.png');

  // The embed in an iframe, at 600×400 and 320×480: title, date range, credit, markers.
  for (const [w, h] of [[600, 400], [320, 480]]) {
    const frame = await open(null, { viewport: { width: w + 40, height: h + 40 } });
    // An article on another origin (a server of its own) frames the embed.
    const html = `<!doctype html><title>Article</title><iframe src="${embedUrl}" width="${w}" height="${h}" style="border:0" title="${TITLE}"></iframe>`;
    const site = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html));
    await new Promise((done) => site.listen(0, '127.0.0.1', done));
    await frame.page.goto(`http://127.0.0.1:${site.address().port}/article.html`);
    const f = frame.page.frameLocator('iframe');
    await f.locator('#embed-heading', { hasText: TITLE }).waitFor();
    await f.locator('.leaflet-marker-icon, .leaflet-interactive').first().waitFor();
    assert.match(await f.locator('#embed-range').textContent(), /2024-03-02/);
    assert.equal(await f.locator('#embed-credit').textContent(), CREDIT);
    assert.ok(await f.locator('#embed-heading').isVisible(), 'the title is visible');
    await shot(frame.page, `desk-10-embed-${w}x${h}.png`);
    assert.deepEqual(frame.errors, []);
    await frame.context.close();
    site.close();
  }
  const oembed = await context.request.get(new URL(`oembed?url=${encodeURIComponent(pageUrl)}`, BASE).href);
  assert.equal(oembed.status(), 200);
  assert.equal((await oembed.json()).title, `Dateline: ${TITLE}`);

  // The CSV download holds the event with its quote, not the draft.
  const csv = await (await context.request.get(new URL(csvHref, page.url()).href)).text();
  assert.match(csv, /Shelling of Kharkiv, as Ukrainian officials claim/);
  assert.match(csv, /killing four civilians|shelling hit Kharkiv/);
  assert.doesNotMatch(csv, /Draft that stays unpublished/);
  const gj = await context.request.get(new URL(geojsonHref, page.url()).href);
  assert.match(gj.headers()['content-disposition'], /\.geojson"$/);
  const titles = (await gj.json()).features.map((f) => f.properties.title);
  // On a fresh store: exactly the map's one published event.
  assert.deepEqual(titles, ['Shelling of Kharkiv, as Ukrainian officials claim (desk test)']);

  // 6. History of the source: its revisions, who and when.
  await page.locator('a[data-step=history]').click();
  await page.locator('#history-body .revisions li').first().waitFor();
  assert.match(await page.locator('#history-body').textContent(), new RegExp(`by ${USERS[0].name}`));
  await shot(page, 'desk-11-history.png');
  await accessible(page, 'the history');

  // The signed-in editor's entries: "Editor" on the map, "save as a draft" in the paste panel.
  const map = await context.newPage();
  await map.goto(new URL('./', BASE).href);
  await map.locator('#editor-link').waitFor({ state: 'visible' });
  await map.goto(new URL('source#paste', BASE).href);
  await map.locator('#paste-save').waitFor({ state: 'visible' });
  await shot(map, 'desk-0-paste-entry.png');
  await map.close();

  // Sign out: a reader sees no draft, and no editing controls.
  await page.locator('#sign-out').click();
  await page.locator('#step-signin').waitFor({ state: 'visible' });
  const reader = await open('./');
  await reader.page.locator('#event-count').waitFor();
  assert.equal(await reader.page.locator('#editor-link').isVisible(), false, 'readers see no Editor entry');
  await reader.page.goto(new URL('source#paste', BASE).href);
  await reader.page.locator('#paste-hint').waitFor();
  assert.match(await reader.page.locator('#paste-hint').textContent(), /Nothing is saved/);
  assert.equal(await reader.page.locator('#paste-save').isVisible(), false, 'readers cannot save');
  assert.deepEqual(reader.errors, []);
  const all = await (await reader.context.request.get(new URL('collections/events/items?limit=10000&f=csv', BASE).href)).text();
  assert.match(all, /Shelling of Kharkiv, as Ukrainian officials claim/);
  assert.doesNotMatch(all, /Draft that stays unpublished/, 'the draft is not visible to a reader');
  await reader.context.close();

  // Unpublished, the embed says so (410) everywhere.
  const again = await open('desk', { allow: [/status of 401/] });
  await signIn(again.page, USERS[0]);
  await again.page.locator('a[data-step=publish]').click().catch(() => {});
  const gone = await again.context.request.post(new URL(`api/maps/${new URL(pageUrl).pathname.split('/').pop()}/unpublish`, BASE).href, {
    headers: { 'X-CSRF-Token': await again.page.evaluate(async () => (await (await fetch('api/session')).json()).csrf_token), Origin: BASE.origin },
  });
  assert.equal(gone.status(), 200, await gone.text());
  const down = await open(null, { allow: [/status of 404/, /status of 410/] });
  const resp = await down.page.goto(embedUrl);
  assert.equal(resp.status(), 410);
  await down.page.getByText('This map is no longer available.').waitFor();
  await shot(down.page, 'desk-12-embed-gone.png');
  await down.context.close();
  await again.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('two editors edit one event at once: the conflict is shown and nothing typed is lost', { skip: SKIP, timeout: 120000 }, async () => {
  const a = await open('desk', { allow: [/status of 401/, /status of 412/] });
  const b = await open('desk', { allow: [/status of 401/, /status of 412/] });
  await signIn(a.page, USERS[0]);
  await signIn(b.page, USERS[1]);
  // Both open the same event (any saved one; the seeded dataset has them).
  for (const { page } of [a, b]) {
    await page.locator('#source-pick option').nth(1).waitFor({ state: 'attached' });
    await page.locator('#source-pick').selectOption({ index: 1 });
    await page.locator('#step-places').waitFor({ state: 'visible' });
    await page.locator('a[data-step=events]').click();
    await page.locator('#event-open option').nth(1).waitFor({ state: 'attached' });
  }
  const id = await a.page.locator('#event-open option').nth(1).getAttribute('value');
  for (const { page } of [a, b]) {
    await page.locator('#event-open').selectOption(id);
    await page.locator('#event-form h3', { hasText: 'revision' }).waitFor();
  }
  await a.page.locator('#ev-title').fill('Title by editor A');
  await a.page.locator('#event-save').click();
  await a.page.locator('#event-form h3', { hasText: 'Title by editor A' }).waitFor();
  const mine = 'Summary typed by editor B, who had not seen A’s change.';
  await b.page.locator('#ev-summary').fill(mine);
  await b.page.locator('#event-save').click();
  await b.page.locator('#event-conflict .conflict').waitFor();
  const conflict = await b.page.locator('#event-conflict').textContent();
  assert.match(conflict, /Title by editor A/, 'their version is shown');
  assert.match(conflict, /Summary typed by editor B/, 'mine is shown');
  assert.equal(await b.page.locator('#ev-summary').inputValue(), mine, 'nothing typed is lost');
  await shot(b.page, 'desk-13-conflict.png');
  // B keeps the other's title and saves the summary over the new revision.
  await b.page.locator('#ev-title').fill('Title by editor A');
  await b.page.locator('#conflict-keep-mine').click();
  await b.page.locator('#event-form h3', { hasText: 'Title by editor A' }).waitFor();
  assert.equal(await b.page.locator('#ev-summary').inputValue(), mine);
  // History: B's and A's revisions, and an earlier version restored.
  await b.page.locator('a[data-step=history]').click();
  const history = b.page.locator(`#history-body section[aria-label="History of event:${id}"]`);
  await history.locator('.revisions li').nth(2).waitFor();
  const text = await history.textContent();
  assert.match(text, new RegExp(`by ${USERS[0].name}`));
  assert.match(text, new RegExp(`by ${USERS[1].name}`));
  const before = await history.locator('.revisions > li').count();
  await history.locator('.restore').last().click();
  await b.page.waitForFunction(() => /Restored/.test(document.getElementById('status').textContent));
  await b.page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [`#history-body section[aria-label="History of event:${id}"] .revisions > li`, before]);
  await shot(b.page, 'desk-16-history-restored.png');
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test('an uploaded .txt becomes a draft source; words the geoparser missed become a mention', { skip: SKIP, timeout: 60000 }, async () => {
  const { page, errors, context } = await open('desk', { allow: [/status of 422/] });
  await signIn(page, USERS[0]);
  await page.locator('#source-form input[value=upload]').check();
  const text = 'Residents of Zarichne-Tsyrkunove said explosions were heard near Kharkiv on 4 March 2024.\n';
  await page.locator('#src-file').setInputFiles({ name: 'residents.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.locator('#src-title').fill('Residents report explosions (upload test)');
  await page.locator('#src-published').fill('2024-03-05');
  await page.locator('#source-form button[type=submit]').click();
  await page.locator('#step-places').waitFor({ state: 'visible' });
  assert.match(await page.locator('#review-text').textContent(), /Zarichne-Tsyrkunove said explosions/);
  // Select the village's name by typing it (the keyboard's way), make it a mention.
  await page.locator('#find-span').fill('Zarichne-Tsyrkunove');
  await page.keyboard.press('Enter');
  await page.locator('#selection-bar').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => getSelection().toString()), 'Zarichne-Tsyrkunove');
  await page.locator('#make-mention').click();
  await page.locator('#mention-search').fill('Kharkiv');
  const hit = page.locator('#mention-search-list [role=option]').first();
  await hit.waitFor();
  await hit.dispatchEvent('mousedown');
  const start = Buffer.byteLength('Residents of ');
  const added = page.locator(`#mention-list [data-start="${start}"]`);
  await added.waitFor();
  assert.match(await added.textContent(), /added/);
  await shot(page, 'desk-15-new-mention.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the phone: review (accept, reject) is usable at 390×780', { skip: SKIP, timeout: 60000 }, async () => {
  const { page, errors, context } = await open('desk', { viewport: { width: 390, height: 780 }, allow: [/status of 401/] });
  await signIn(page, USERS[0]);
  await page.locator('#source-pick option').nth(1).waitFor({ state: 'attached' });
  const draft = page.locator('#source-pick option', { hasText: 'Shelling reported in Kharkiv' });
  const value = (await draft.count()) ? await draft.first().getAttribute('value') : await page.locator('#source-pick option').nth(1).getAttribute('value');
  await page.locator('#source-pick').selectOption(value);
  const first = page.locator('#mention-list .mention-item').first();
  await first.waitFor();
  const accept = first.locator('.m-accept');
  const box = await accept.boundingBox();
  assert.ok(box.width >= 24 && box.height >= 24, `a tappable Accept (${box.width}×${box.height})`);
  assert.ok(box.x + box.width <= 390, 'inside the screen');
  await shot(page, 'desk-14-phone-review.png');
  await accessible(page, 'the review on a phone');
  assert.deepEqual(errors, []);
  await context.close();
});
