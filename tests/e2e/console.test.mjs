// The console shell: first load, log-in with redirect, the workbench, the JS budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer, launchBrowser, newPage, login, shot, ROOT, SHOT_DIR } from './harness.mjs';

let server;
let browser;
const figures = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  mkdirSync(SHOT_DIR, { recursive: true });
  writeFileSync(path.join(SHOT_DIR, 'figures.json'), JSON.stringify(figures, null, 2));
  console.log('console figures:', JSON.stringify(figures));
  await browser?.close();
  await server?.stop();
});

// Every JS file the console can load: index.html's scripts and what they import, statically or lazily (the
// citizen portal's own chunks, reachable only from portal.html, are not the console's).
function consoleScripts() {
  const dist = path.join(ROOT, 'web/dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const seen = new Set();
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(path.join(dist, file), 'utf8');
    for (const m of code.matchAll(/["'`](\.{1,2}\/[\w.\-]+\.js)["'`]/g)) queue.push(path.posix.join(path.posix.dirname(file), m[1]));
    for (const m of code.matchAll(/["'`](assets\/[\w.\-]+\.js)["'`]/g)) queue.push(m[1]);  // preload lists
  }
  return [...seen];
}

// 600 KiB until issue #8; 640 KiB since: 文书, 附件 and the template editor added 19 KB over every page's code while the
// first load stayed at 181 KB (docs/performance.md).
test('the gzipped JavaScript of the console stays within 640 KB', () => {
  const all = readdirSync(path.join(ROOT, 'web/dist/assets')).filter((f) => f.endsWith('.js'));
  const mine = consoleScripts();
  assert.ok(mine.length > 10 && mine.length <= all.length, `${mine.length} of ${all.length} scripts reached`);
  let total = 0;
  for (const f of mine) total += gzipSync(readFileSync(path.join(ROOT, 'web/dist', f))).length;
  figures.gzip_js_bytes = total;
  assert.ok(total <= 640 * 1024, `gzipped JS is ${total} bytes`);
});

test('an unauthenticated visit goes to the log-in page and comes back after logging in', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/petitions?state=forwarded`);
  await page.waitForURL(/\/login\?redirect=/);
  await shot(page, 'login', { docs: true });
  await page.fill('#xf-login-name', 'registrar');
  await page.fill('#xf-login-password', 'wrong-password');
  await page.keyboard.press('Enter');
  await page.getByText('登录名或密码错误').waitFor();
  await page.fill('#xf-login-password', 'xinfang-demo-2026');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/petitions' && u.searchParams.get('state') === 'forwarded');
  await page.context().close();
});

// The first-load time is recorded in the printed figures (docs/performance.md), not asserted: a timed assertion
// fails on a busy machine and measures nothing reliably.
test('a cold first load of the workbench shows the counts', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'handler');
  // A new context has an empty cache: this is a first load of the whole console, with a live session.
  const cookies = await page.context().cookies();
  const fresh = await newPage(browser);
  await fresh.context().addCookies(cookies);
  const started = Date.now();
  await fresh.goto(`${server.url}/`);
  await fresh.locator('.xf-stat-card[data-key="overdue"] .xf-stat-card__value').filter({ hasText: /\d/ }).waitFor();
  const ms = Date.now() - started;
  figures.first_load_workbench_ms = ms;
  const nav = await fresh.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
  figures.first_load_dom_content_loaded_ms = Math.round(nav.domContentLoadedEventEnd);
  for (const key of ['overdue', 'due_soon', 'awaiting_acceptance', 'awaiting_routing', 'open_total'])
    assert.match(await fresh.locator(`.xf-stat-card[data-key="${key}"] .xf-stat-card__value`).innerText(), /^\d+$/);
  await shot(fresh, 'workbench', { docs: true });
  await page.context().close();
  await fresh.context().close();
});
