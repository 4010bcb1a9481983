// Browser test of the map on many events: a server started with `dateline serve --synthetic N`
// (tests/browser.rs starts one with 20,000 and passes its URL). The page fetches one page of
// events by viewport, says how many it is not showing, and draws all of them as counts per
// grid cell (`/api/events/grid`).
//
//   DATELINE_LARGE_URL=http://127.0.0.1:8182 node --test test/large.test.mjs
//
// Without DATELINE_LARGE_URL the test is skipped.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const URL_ = process.env.DATELINE_LARGE_URL;
const SHOTS = process.env.DATELINE_SCREENSHOTS ||
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/screenshots');
let browser;

before(async () => {
  if (!URL_) return;
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { if (browser) await browser.close(); });

test('a view with more events than a page lists a page and draws every event as grid counts', { skip: !URL_ && 'DATELINE_LARGE_URL is not set' }, async () => {
  const base = URL_.replace(/\/?$/, '/');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.route((u) => u.host !== new URL(base).host, (r) => r.abort());
  // Europe: thousands of the synthetic events.
  await page.goto(`${base}?bbox=-10,35,40,60&basemap=offline`);
  await page.waitForFunction(() => /Showing [\d,]+ of [\d,]+/.test(document.getElementById('event-count')?.textContent || ''), null, { timeout: 30000 });
  const text = await page.locator('#event-count').textContent();
  const [, shown, matched] = text.match(/Showing ([\d,]+) of ([\d,]+)/).map((x) => x && Number(x.replace(/,/g, '')));
  assert.ok(matched > shown, text);
  await page.waitForSelector('path.density-cell');
  const cells = await page.locator('path.density-cell').count();
  assert.ok(cells > 1, `${cells} grid cells drawn`);
  const grid = await page.evaluate(async (u) => (await fetch(u)).json(), `${base}api/events/grid?bbox=-10,35,40,60&cells=24`);
  const total = grid.features.reduce((n, f) => n + f.properties.count, 0);
  assert.ok(total > shown, `grid counts ${total} events, more than the ${shown} listed`);
  // The attribution credits Leaflet without the library's default flag.
  assert.match(await page.locator('.leaflet-control-attribution').textContent(), /Leaflet/);
  assert.equal(await page.locator('.leaflet-control-attribution svg').count(), 0);
  await page.screenshot({ path: path.join(SHOTS, 'large.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
