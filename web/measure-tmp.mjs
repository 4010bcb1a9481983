import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: 600, height: 400 } });
const p = await ctx.newPage();
await p.route((u) => !['127.0.0.1'].includes(u.hostname), (r) => r.fulfill({ status: 200, contentType: 'image/png', body: Buffer.alloc(0) }));
const rows = [];
let done = false;
p.on('requestfinished', async (req) => {
  if (done) return;
  const s = await req.sizes();
  const resp = await req.response();
  const body = resp ? (await resp.body().catch(() => Buffer.alloc(0))).length : 0;
  rows.push([req.url().replace(process.argv[2], ''), s.responseBodySize, body]);
});
await p.goto(process.argv[2] + (process.argv[3] || 'embed'));
await p.waitForSelector('.leaflet-marker-icon, path.event-area');
done = true;
let enc = 0, dec = 0;
for (const [u, e, d] of rows) { enc += e; dec += d; console.log(String(e).padStart(8), String(d).padStart(8), u.slice(0, 90)); }
console.log('total encoded', enc, 'decoded', dec);
await b.close();
