// Browser tests of a static export (`dateline export --static DIR`): the same pages, served
// by a plain file server, with no Dateline server behind them.
//
//   dateline export --static /tmp/site && cd web && DATELINE_STATIC_DIR=/tmp/site node --test test/static.test.mjs
//
// DATELINE_STATIC_DIR: the exported directory (without it these tests are skipped; the Rust
// harness tests/browser.rs always sets it). DATELINE_SCREENSHOTS, CHROMIUM, DATELINE_HAS_TEXT:
// as in browser.test.mjs. The file server is this file's own (node:http), on a free port.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DIR = process.env.DATELINE_STATIC_DIR;
const SHOTS = process.env.DATELINE_SCREENSHOTS ||
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/screenshots');
const HAS_TEXT = process.env.DATELINE_HAS_TEXT === '1';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.geojson': 'application/geo+json', '.png': 'image/png',
  '.txt': 'text/plain',
};
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48ewhAAVpArB44nOfAAAAAElFTkSuQmCC', 'base64');

let server;
let base;
let browser;

before(async () => {
  if (!DIR) return;
  mkdirSync(SHOTS, { recursive: true });
  // Served under a sub-path, as from object storage: nothing may assume the site root.
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const rel = decodeURIComponent(url.pathname).replace(/^\/maps\//, '');
    if (!url.pathname.startsWith('/maps/') || rel.split('/').includes('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const file = path.join(DIR, rel || 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/maps/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

async function open(rel) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.route((url) => url.host !== new URL(base).host,
    (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  await page.goto(new URL(rel, base).href);
  return { page, errors, requests, context };
}

async function count(page) {
  await page.waitForFunction(() => /\d/.test(document.getElementById('event-count')?.textContent || ''));
  const text = await page.locator('#event-count').textContent();
  return Number(text.match(/[\d,]+/)[0].replace(/,/g, ''));
}

const skip = !DIR && 'DATELINE_STATIC_DIR is not set';

/** Rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

test('the exported map loads its layers from files and filters them in the browser', { skip }, async () => {
  const events = JSON.parse(readFileSync(path.join(DIR, 'data/events.geojson'), 'utf8'));
  const { page, errors, requests, context } = await open('index.html');
  assert.equal(await count(page), events.features.length, 'every exported event listed');
  await page.waitForSelector('.leaflet-marker-icon');
  assert.ok(await page.locator('path.event-area').count() > 0, 'areas drawn');
  assert.ok(await page.locator('.timeline-svg .bar').count() > 0, 'timeline drawn from the file');
  const own = requests.filter((u) => u.startsWith(base));
  assert.ok(own.every((u) => !/collections|\/api\//.test(u)), `no API calls: ${own.join(' ')}`);
  await page.screenshot({ path: path.join(SHOTS, 'static-map.png') });
  // The Image links open the exported images of the default view.
  assert.equal(await page.locator('#img-png').getAttribute('href'), 'map.png');
  const png = await page.evaluate(async () => { const r = await fetch('map.png'); return [r.status, (await r.arrayBuffer()).byteLength]; });
  assert.equal(png[0], 200);
  assert.ok(png[1] > 10000, `map.png of ${png[1]} bytes`);

  await page.fill('#from-input', '2020-10-01');
  await page.fill('#to-input', '2020-10-31');
  await page.waitForFunction((n) => {
    const m = (document.getElementById('event-count')?.textContent || '').match(/\d+/);
    return m && Number(m[0]) < n;
  }, events.features.length);
  const october = events.features.filter((f) => {
    const p = f.properties;
    return p.date_start && p.date_start <= '2020-10-31' && (p.date_end || p.date_start) >= '2020-10-01';
  }).length;
  assert.equal(await count(page), october, 'the same events as the API would give for October 2020');

  await page.locator('#event-list .event-item').first().click();
  await page.waitForSelector('#detail-panel .claim');
  const link = await page.locator('#detail-panel .span-link').first().getAttribute('href');
  assert.match(link, /^source\.html\?id=/, 'links to the exported source page');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the exported map draws the light outlines (countries at low detail) and ships its images', { skip }, async () => {
  const { page, errors, context } = await open('embed.html');
  const sizes = new Map();
  page.on('response', async (r) => { if (/outlines/.test(r.url())) sizes.set(r.url(), (await r.body()).length); });
  await page.reload();
  await page.waitForSelector('path.outline-country', { state: 'attached' });
  await page.waitForSelector('.leaflet-marker-icon, path.event-area');
  await page.waitForLoadState('networkidle');
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  assert.ok(sizes.size === 1 && total < 400 * 1024, `outlines: ${JSON.stringify([...sizes])}`);
  await page.screenshot({ path: path.join(SHOTS, 'static-embed-outlines.png') });
  for (const file of ['map.png', 'map.svg']) {
    const [status, bytes] = await page.evaluate(async (f) => { const r = await fetch(f); return [r.status, (await r.arrayBuffer()).byteLength]; }, file);
    assert.equal(status, 200, file);
    assert.ok(bytes > 10000, `${file} of ${bytes} bytes`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the exported map\'s CSV download has the server\'s columns: a country-level event does not look exact', { skip }, async () => {
  const { page, errors, context } = await open('index.html');
  await count(page);
  await page.waitForFunction(() => /^blob:/.test(document.getElementById('dl-csv')?.href || ''));
  const csv = await page.evaluate(async () => (await fetch(document.getElementById('dl-csv').href)).text());
  const [head, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  assert.equal(head.join(','), 'id,latitude,longitude,date_start,date_end,date_precision,title,event_type,killed,wounded,claimants,sources,quote,place_id,place_name,status,location_precision,date_text,source_urls,other_dates');
  const events = JSON.parse(readFileSync(path.join(DIR, 'data/events.geojson'), 'utf8'));
  assert.equal(rows.length, events.features.length);
  const col = (name) => head.indexOf(name);
  for (const f of events.features) {
    const row = rows.find((r) => r[0] === f.id);
    assert.equal(row[col('location_precision')], f.properties.location_precision, f.id);
    assert.equal(row[col('date_text')], f.properties.date_text, f.id);
  }
  assert.ok(rows.some((r) => /^https?:\/\//.test(r[col('source_urls')])), 'source URLs listed');
  // Barda's attack: at 28 October, the interview's war-long range as its other date.
  const barda = rows.find((r) => r[0] === 'barda-cluster-munition-attack-2020');
  if (barda) {
    assert.equal(barda[col('date_start')], '2020-10-28');
    assert.equal(barda[col('other_dates')], '2020-09-27/2020-11-06');
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the exported embed and source pages work from files', { skip }, async () => {
  const events = JSON.parse(readFileSync(path.join(DIR, 'data/events.geojson'), 'utf8'));
  const id = events.features.find((f) => f.geometry?.type === 'Point').id;
  const embed = await open(`embed.html?event=${encodeURIComponent(id)}`);
  await embed.page.waitForSelector('#detail-panel .claim');
  assert.match(await embed.page.locator('.leaflet-control-attribution').textContent(), /GeoNames/);
  await embed.page.screenshot({ path: path.join(SHOTS, 'static-embed.png') });
  assert.deepEqual(embed.errors, []);
  await embed.context.close();

  const source = await open('source.html?id=interview-2020-11-06');
  if (HAS_TEXT) {
    await source.page.waitForSelector('#source-text .claim-span');
    assert.ok(await source.page.locator('#source-text .mention').count() > 10, 'mentions highlighted');
  } else {
    await source.page.waitForSelector('#claim');
  }
  assert.deepEqual(source.errors, []);
  await source.context.close();
});
