// Browser-test harness: starts the real `xinfang` binary with a fresh SQLite database and the demo data, and
// drives Debian's chromium through playwright-core. Screenshots go to $XINFANG_E2E_SHOTS (default
// build/e2e-screenshots); with XINFANG_UPDATE_DOCS_IMG=1 the named ones are also copied to docs/img/.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.XINFANG_BIN || path.join(ROOT, 'build/src/xinfang');
export const SHOT_DIR = process.env.XINFANG_E2E_SHOTS || path.join(ROOT, 'build/e2e-screenshots');
export const PASSWORD = 'xinfang-demo-2026';

export async function startServer({ demoPetitions = 300 } = {}) {
  if (!existsSync(path.join(ROOT, 'web/dist/index.html'))) throw new Error('web/dist is missing: run scripts/build.sh');
  const dir = mkdtempSync(path.join(tmpdir(), 'xf-e2e-'));
  const proc = spawn(BIN, ['serve', '--db', `sqlite:${dir}/xf.db`, '--listen', '127.0.0.1:0', '--demo',
                           '--demo-petitions', String(demoPetitions)], {
    env: { ...process.env, XINFANG_STATIC_DIR: path.join(ROOT, 'web/dist'),
           XINFANG_CONFIG_DIR: path.join(ROOT, 'config'), XINFANG_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${output}`)); });
  });
  return {
    url,
    /** Everything the server printed so far (demo log-ins, portal samples, warnings). */
    get output() { return output; },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// The Content-Security-Policy (docs/architecture.md, "Security headers"): a page whose console reports a violation
// fails the run of its test file, with the violations printed.
const cspViolations = [];
function watchCsp(page) {
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
}
process.on('exit', () => {
  if (cspViolations.length) {
    console.error(`Content-Security-Policy violations:\n${cspViolations.join('\n')}`);
    process.exitCode = 1;
  }
});

export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const page = await context.newPage();
  watchCsp(page);
  page.setDefaultTimeout(15000);
  return page;
}

// Logs in through the form; ends on the page the login redirected to.
export async function login(page, base, user, { redirect } = {}) {
  await page.goto(`${base}/login${redirect ? `?redirect=${encodeURIComponent(redirect)}` : ''}`);
  await page.fill('#xf-login-name', user);
  await page.fill('#xf-login-password', PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

// The same session's API, for setting up state quickly (the browser's cookie and CSRF token).
export async function api(page, method, url, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const s = await fetch('/api/v1/session').then((r) => r.json());
    const r = await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token || '' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }, { method, url, body });
}

export async function shot(page, name, { docs = false } = {}) {
  mkdirSync(SHOT_DIR, { recursive: true });
  const file = path.join(SHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  if (docs && process.env.XINFANG_UPDATE_DOCS_IMG === '1') {
    mkdirSync(path.join(ROOT, 'docs/img'), { recursive: true });
    copyFileSync(file, path.join(ROOT, 'docs/img', `${name}.png`));
  }
  return file;
}

// ---- citizen portal -----------------------------------------------------------------------------------------

// The portal samples the demo prints at start-up, one a line:
//   网上信访示例 [replied] 查询码 ABCD-EFGH-JKLM 密码 ABCDEFGH
// → { replied: { code, secret }, 'rating-expired': {…}, 'in-progress': {…} }. Waits (up to 30 s) until `tags` are there.
export async function portalSamples(server, tags = ['replied', 'rating-expired', 'in-progress']) {
  const parse = () => Object.fromEntries([...server.output.matchAll(
    /网上信访示例\s*\[([\w-]+)\]\s*查询码\s*(\S+)\s*密码\s*(\S+)/g)].map((m) => [m[1], { code: m[2], secret: m[3] }]));
  for (let i = 0; i < 300; i++) {
    const found = parse();
    if (tags.every((t) => found[t])) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`portal samples ${tags.join(', ')} not printed by the server:\n${server.output}`);
}

// A page at phone size (390×844, touch) or desktop size, for the portal; downloads allowed (the text receipt).
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export async function newPortalPage(browser, device = PHONE, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ ...device, locale, acceptDownloads: true });
  const page = await context.newPage();
  watchCsp(page);
  page.setDefaultTimeout(15000);
  return page;
}
