// The citizen portal (/portal) at phone size (390×844, touch) and on a desktop: 我要写信 → 回执 → 查询 → staff act in
// the console → the new steps on the portal → 评价 → 申请复查; the same message for an unknown 查询码 and a wrong
// secret; a closed rating window; 领导接访日 booking, look-up and cancelling; the proof-of-work challenge after
// repeated failures; labels, headings, touch targets and the language switch. Screenshots for docs/ui.md at phone size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startServer, launchBrowser, newPage, login, api, shot, portalSamples, newPortalPage, PHONE, DESKTOP,
} from './harness.mjs';
import { openCase, openDialog, submitDialog } from './ui.mjs';

let server;
let browser;
let samples;
const staff = {};

async function as(user) {
  if (!staff[user]) {
    staff[user] = await newPage(browser);
    await login(staff[user], server.url, user);
  }
  return staff[user];
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  samples = await portalSamples(server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- helpers ------------------------------------------------------------------------------------------------

const DEVICES = [
  { name: 'phone', device: PHONE, docs: true },
  { name: 'desktop', device: DESKTOP, docs: false },
];

// Taps at phone size (a touch screen), clicks on the desktop.
async function tapOrClick(page, locator) {
  if (page.viewportSize().width <= PHONE.viewport.width) await locator.tap();
  else await locator.click();
}

// An Element Plus input or textarea addressed by data-testid (the attribute sits on the <input> itself).
async function fill(page, testid, value) {
  const el = page.getByTestId(testid);
  const tag = await el.evaluate((e) => e.tagName);
  const input = tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input, textarea').first();
  await input.fill(String(value));
  await input.blur();
}

// A filterable cascader inside the form item marked data-field=…: type, then pick the matching suggestion.
async function cascade(page, field, text) {
  const input = page.locator(`[data-field="${field}"] input`).first();
  await input.click();
  await input.fill(text);
  await page.locator('.el-cascader__suggestion-item:visible', { hasText: text }).first().click();
}

// Every visible form control has an accessible name; one <h1>; headings never skip a level; <html lang>.
async function checkAccessibility(page, where) {
  const report = await page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const named = (el) =>
      (el.labels && [...el.labels].some((l) => l.textContent.trim())) ||
      (el.getAttribute('aria-label') || '').trim() ||
      (el.getAttribute('aria-labelledby') || '').split(/\s+/).some((id) => document.getElementById(id)?.textContent.trim()) ||
      (el.closest('label')?.textContent.trim());
    const unnamed = [...document.querySelectorAll('input, textarea, select')]
      .filter((el) => el.type !== 'hidden' && (visible(el) || el.type === 'radio' || el.type === 'checkbox'))
      .filter((el) => !(el.type === 'radio' || el.type === 'checkbox') || visible(el.closest('label') || el))
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
    const headings = [...document.querySelectorAll('h1, h2, h3, h4')].filter(visible).map((h) => Number(h.tagName[1]));
    const skips = headings.filter((lvl, i) => i > 0 && lvl > headings[i - 1] + 1);
    return { unnamed, h1: headings.filter((l) => l === 1).length, first: headings[0], skips, lang: document.documentElement.lang };
  });
  assert.deepEqual(report.unnamed, [], `${where}: form controls without a label`);
  assert.equal(report.h1, 1, `${where}: one h1`);
  assert.equal(report.first, 1, `${where}: the first heading is the h1`);
  assert.deepEqual(report.skips, [], `${where}: heading levels skipped`);
  assert.equal(report.lang, 'zh-CN', `${where}: html lang`);
}

// At phone size every button and link of the page is at least 44 px high (the slot buttons, choices included).
async function checkTouchTargets(page, where) {
  const small = await page.evaluate(() => [...document.querySelectorAll(
    '.pt-btn, .pt-big, .pt-slot, .pt-nav__link, .pt-lang, .pt-link-btn, .pt-inline-link, .pt-choice__item')]
    .filter((el) => el.getBoundingClientRect().width > 0)
    .filter((el) => el.getBoundingClientRect().height < 44)
    .map((el) => `${el.className}: ${Math.round(el.getBoundingClientRect().height)}px "${el.textContent.trim().slice(0, 20)}"`));
  assert.deepEqual(small, [], `${where}: touch targets below 44 px`);
}

// A screenshot for docs/ui.md: no hover or focus left over from the last tap.
async function docShot(page, name) {
  await page.mouse.move(1, 1);
  await page.evaluate(() => document.activeElement?.blur());
  await page.waitForTimeout(300);  // Element Plus' colour transitions
  await shot(page, name, { docs: true });
}

const LETTER = {
  category: '拖欠农民工工资',
  region: '青山镇',
  title: '门户测试：工地拖欠工资',
  content: '某工地拖欠我和工友三个月工资共计两万元，多次找项目部未果，请求协调解决。',
  name: '周八',
  id: '11010519491231002X',
  phone: '13812345678',
  address: '青山县城关镇人民路1号',
};

// 我要写信 through its three steps; ends on the receipt. Returns what the receipt shows.
async function writeLetter(page, { docs, title }) {
  await page.goto(`${server.url}/portal`);
  await tapOrClick(page, page.getByTestId('home-write'));
  await page.getByTestId('write-step-title').waitFor();

  // Nothing filled in: each missing field is named beside it and the step does not advance.
  await tapOrClick(page, page.getByTestId('write-next'));
  await page.getByTestId('write-step-alert').waitFor();
  assert.match(await page.getByTestId('write-step-alert').innerText(), /还有 5 处/);
  await page.locator('[data-field="title"]').getByText('请填写标题').waitFor();
  assert.match(await page.getByTestId('write-step-title').innerText(), /第 1 步/);

  await tapOrClick(page, page.getByTestId('purpose-complaint'));
  await cascade(page, 'category_code', LETTER.category);
  await cascade(page, 'region_code', LETTER.region);
  await fill(page, 'write-title', title);
  await fill(page, 'write-content', LETTER.content);
  await checkAccessibility(page, 'write step 1');
  assert.equal(await page.getByTestId('write-step-alert').count(), 0, 'the alert goes once all is filled in');
  if (docs) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await docShot(page, 'portal-submit');
  }
  await tapOrClick(page, page.getByTestId('write-next'));
  await page.getByTestId('write-step-title').filter({ hasText: '第 2 步' }).waitFor();

  // 匿名 explains what it costs; back to 署名.
  await tapOrClick(page, page.getByTestId('write-anonymous'));
  assert.match(await page.getByTestId('write-anonymous-warning').innerText(),
               /匿名信件无法收到短信或书面告知.*仍可凭查询码和密码查询办理进度/);
  await tapOrClick(page, page.getByTestId('write-signed'));
  await fill(page, 'write-name', LETTER.name);
  await fill(page, 'write-id', '110105194912310021');  // wrong check character
  await page.locator('[data-field="id_number"]').getByText('身份证号校验位不正确').waitFor();
  await fill(page, 'write-id', LETTER.id);
  await fill(page, 'write-phone', LETTER.phone);
  await fill(page, 'write-address', LETTER.address);
  await checkAccessibility(page, 'write step 2');
  await tapOrClick(page, page.getByTestId('write-next'));
  await page.getByTestId('write-step-title').filter({ hasText: '第 3 步' }).waitFor();

  // The summary, the 个人信息保护法 notice and the courts/arbitration/行政复议 note; no submitting without consent.
  const summary = await page.getByTestId('write-summary').innerText();
  assert.match(summary, /劳动和社会保障 \/ 拖欠农民工工资/);
  assert.match(summary, /青山县 \/ 青山镇/);
  const notice = await page.getByTestId('privacy-notice').innerText();
  for (const part of ['收集什么', '为什么收集', '谁能看到', '保存多久']) assert.ok(notice.includes(part), part);
  assert.match(await page.getByTestId('legal-routes-note').innerText(), /诉讼、仲裁、行政复议/);
  await checkAccessibility(page, 'write step 3');
  await tapOrClick(page, page.getByTestId('write-submit'));
  await page.locator('[data-field="consent"]').getByText('请阅读个人信息处理告知并勾选同意').waitFor();
  await tapOrClick(page, page.getByTestId('write-consent'));
  await tapOrClick(page, page.getByTestId('write-submit'));

  await page.getByTestId('receipt-card').waitFor();
  const receipt = {
    number: (await page.getByTestId('receipt-number').innerText()).trim(),
    code: (await page.getByTestId('receipt-query_code').innerText()).trim(),
    secret: (await page.getByTestId('receipt-secret').innerText()).trim(),
  };
  assert.match(receipt.number, /^\d+-\d{4}-\d+$/);
  assert.ok(receipt.code && receipt.secret);
  assert.match(await page.getByTestId('receipt-once').innerText(), /只显示一次，请妥善保存/);
  return receipt;
}

async function lookUp(page, code, secret) {
  await page.goto(`${server.url}/portal/track`);
  await fill(page, 'track-code', code);
  await fill(page, 'track-secret', secret);
  await tapOrClick(page, page.getByTestId('track-submit'));
  await page.getByTestId('track-view').or(page.getByTestId('track-error')).first().waitFor();
}

async function stepTexts(page) {
  return page.getByTestId('track-step').allInnerTexts();
}

// ---- the whole path, once per device --------------------------------------------------------------------------

for (const { name, device, docs } of DEVICES) {
  test(`${name}: write → receipt → track → staff act → new steps → rate → ask for review`, async (t) => {
    const page = await newPortalPage(browser, device);
    t.after(async () => {
      // On failure the page as it was, for the record (build/e2e-screenshots).
      if (!page.isClosed()) await shot(page, `portal-failed-${name}`).catch(() => {});
    });

    // 首页
    await page.goto(`${server.url}/portal`);
    await page.getByTestId('portal-home-title').waitFor();
    assert.equal(await page.title(), '网上信访');
    for (const id of ['home-write', 'home-track', 'home-reception']) assert.ok(await page.getByTestId(id).isVisible(), id);
    assert.match(await page.getByTestId('legal-routes-note').innerText(), /已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决/);
    await checkAccessibility(page, 'home');
    if (name === 'phone') await checkTouchTargets(page, 'home');
    if (docs) await docShot(page, 'portal-home');

    // 我要写信 → 回执
    const title = `${LETTER.title}（${name}）`;
    const receipt = await writeLetter(page, { docs, title });
    await checkAccessibility(page, 'receipt');
    if (name === 'phone') await checkTouchTargets(page, 'receipt');
    if (docs) await docShot(page, 'portal-receipt');

    // 打印回执 prints the receipt alone: no header, navigation or buttons.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.getByTestId('receipt-card').isVisible());
    for (const sel of ['.pt-header', '.pt-footer', '[data-testid="receipt-print"]'])
      assert.equal(await page.locator(sel).isVisible(), false, `${sel} is not printed`);
    await page.emulateMedia({ media: 'screen' });

    // The text receipt holds the number, the 查询码 and the secret.
    const [download] = await Promise.all([page.waitForEvent('download'), tapOrClick(page, page.getByTestId('receipt-download'))]);
    assert.equal(download.suggestedFilename(), `信访回执-${receipt.number}.txt`);
    const text = readFileSync(await download.path(), 'utf8');
    for (const s of [`信访件编号：${receipt.number}`, `查询码：${receipt.code}`, `密码：${receipt.secret}`, '/portal/track'])
      assert.ok(text.includes(s), s);

    // 查询: the 查询码 is carried over from the receipt, the secret typed.
    await tapOrClick(page, page.getByTestId('receipt-track'));
    await page.getByTestId('track-form').waitFor();
    assert.equal(await page.getByTestId('track-code').inputValue(), receipt.code);
    await fill(page, 'track-secret', receipt.secret);
    await tapOrClick(page, page.getByTestId('track-submit'));
    await page.getByTestId('track-view').waitFor();
    assert.equal((await page.getByTestId('track-number').innerText()).trim(), receipt.number);
    const before = await stepTexts(page);
    assert.ok(before.length >= 1, 'the registration is a step');
    for (const s of before) assert.match(s, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, 'every step is dated');
    assert.equal(await page.getByTestId('rate-panel').count(), 0, 'nothing to rate before the reply');
    await checkAccessibility(page, 'track');

    // Staff act in the console: the receiving office forwards, the department accepts (dialog) and replies.
    const office = await as('province_handler');
    const found = (await api(office, 'GET', `/api/v1/petitions?number=${encodeURIComponent(receipt.number)}`)).body;
    assert.equal(found.items?.length, 1, `the case reached the receiving office: ${JSON.stringify(found).slice(0, 300)}`);
    const id = found.items[0].id;
    const forwarded = await api(office, 'POST', `/api/v1/petitions/${id}/actions/forward`, { target_org_code: 'qs-rsj' });
    assert.equal(forwarded.status, 200, JSON.stringify(forwarded.body));
    const dept = await as('dept_handler');
    await openCase(dept, server.url, id);
    const dlg = await openDialog(dept, 'accept');
    await submitDialog(dept, dlg, '办理中');
    const replied = await api(dept, 'POST', `/api/v1/petitions/${id}/actions/reply`, {
      outcome: 'supported', facts: '经查，该工地确欠工资。', reasons: '依法应予支付。',
      legal_basis: '《保障农民工工资支付条例》第三条',
    });
    assert.equal(replied.status, 200, JSON.stringify(replied.body));

    // The new steps appear on the portal (a new look-up: the secret was not kept), with the reply.
    await lookUp(page, receipt.code, receipt.secret);
    const afterSteps = await stepTexts(page);
    assert.ok(afterSteps.length >= before.length + 3, `steps: ${JSON.stringify(afterSteps)}`);
    assert.ok(afterSteps.some((s) => s.includes('人力资源和社会保障局')), 'the forwarding names the department');
    assert.match(await page.getByTestId('track-decision').innerText(), /予以支持[\s\S]*该工地确欠工资/);
    assert.match(await page.getByTestId('track-state').innerText(), /答复/);
    assert.match(await page.getByTestId('rate-until').innerText(), /^可在 \d{4}-\d{2}-\d{2} 前评价$/);
    assert.match(await page.getByTestId('review-until').innerText(), /^可在 \d{4}-\d{2}-\d{2} 前申请复查$/);
    await checkAccessibility(page, 'track after the reply');
    if (name === 'phone') await checkTouchTargets(page, 'track');
    if (docs) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await docShot(page, 'portal-track');
    }

    // 评价 (a choice is required), then 申请复查 (a reason is required) — both with the access token.
    const bodies = [];
    page.on('request', (r) => { if (/\/portal\/(rate|review)$/.test(r.url())) bodies.push(r.postDataJSON()); });
    await tapOrClick(page, page.getByTestId('rate-submit'));
    await page.getByTestId('rate-panel').getByText('请选择满意程度').waitFor();
    await tapOrClick(page, page.getByTestId('rate-basically_satisfied'));
    await fill(page, 'rate-comment', '工资已补发一部分。');
    await tapOrClick(page, page.getByTestId('rate-submit'));
    await page.getByTestId('rate-done').waitFor();
    assert.match(await page.getByTestId('rate-done').innerText(), /您的评价：基本满意/);

    await tapOrClick(page, page.getByTestId('review-open'));
    await tapOrClick(page, page.getByTestId('review-submit'));
    await page.getByTestId('review-panel').getByText('请填写申请理由').waitFor();
    await fill(page, 'review-reason', '尚有一万元未补发，请求上一级机关复查。');
    await tapOrClick(page, page.getByTestId('review-submit'));
    await page.getByTestId('review-sent').waitFor();
    assert.equal(await page.getByTestId('review-open').count(), 0, 'asked once, not offered again');
    // Looked up again: the request is a step, and the 复查 case opened by the higher org is in the timeline.
    await lookUp(page, receipt.code, receipt.secret);
    const final = await stepTexts(page);
    assert.ok(final.length > afterSteps.length, `a step for the review request: ${JSON.stringify(final)}`);
    assert.ok(final.some((s) => s.includes('复查') && /（\d+-\d{4}-\d+）/.test(s) && !s.includes(receipt.number)),
              `a step of the 复查 case, with its number: ${JSON.stringify(final)}`);
    // The matter now stands at the 复查: in handling again, with the higher org's deadline.
    assert.match(await page.getByTestId('track-due').innerText(), /^\d{4}-\d{2}-\d{2}，剩余 \d+ 天$/);
    assert.equal(await page.getByTestId('review-open').count(), 0);
    assert.equal(bodies.length, 2);
    for (const b of bodies) {
      assert.equal(b.query_code, receipt.code);
      assert.ok(b.access_token, 'the access token is sent');
      assert.equal(b.secret, undefined, 'the secret is not kept for later actions');
    }
    t.diagnostic(`${name}: ${final.length} steps after the review request`);
    await page.close();
  });
}

// ---- the public view of the demo's sample cases ---------------------------------------------------------------

test('an unknown 查询码 and a wrong secret get the same message', async () => {
  const page = await newPortalPage(browser, PHONE);
  await lookUp(page, 'ZZZZ-ZZZZ-ZZZZ', 'NOSUCHCASE');
  const unknown = (await page.getByTestId('track-error').innerText()).trim();
  await lookUp(page, samples['in-progress'].code, 'WRONGSECRET');
  const wrong = (await page.getByTestId('track-error').innerText()).trim();
  assert.equal(unknown, '查询码或密码不正确');
  assert.equal(wrong, unknown);
  assert.equal(await page.getByTestId('track-view').count(), 0);
  await page.context().close();
});

test('a case in handling shows its reply deadline with the days left', async () => {
  const page = await newPortalPage(browser, PHONE);
  await lookUp(page, samples['in-progress'].code, samples['in-progress'].secret);
  await page.getByTestId('track-view').waitFor();
  assert.match(await page.getByTestId('track-due').innerText(), /^\d{4}-\d{2}-\d{2}，(剩余 \d+ 天|今天到期|已超过 \d+ 天)$/);
  assert.ok((await stepTexts(page)).length >= 2);
  assert.equal(await page.getByTestId('rate-panel').count(), 0);
  await page.context().close();
});

test('a closed rating window says so plainly and offers no form', async () => {
  const page = await newPortalPage(browser, PHONE);
  await lookUp(page, samples['rating-expired'].code, samples['rating-expired'].secret);
  await page.getByTestId('track-view').waitFor();
  assert.equal((await page.getByTestId('rate-closed').innerText()).trim(), '评价期限已过');
  assert.equal(await page.getByTestId('rate-submit').count(), 0);
  assert.equal((await page.getByTestId('review-closed').innerText()).trim(), '申请期限已过');
  assert.equal(await page.getByTestId('review-open').count(), 0);

  // The server agrees: rating with the access token is refused with 409 评价期限已过.
  const refused = await page.evaluate(async ({ code, secret }) => {
    const v = await fetch('/api/v1/portal/lookup', { method: 'POST', body: JSON.stringify({ query_code: code, secret }) }).then((r) => r.json());
    const r = await fetch('/api/v1/portal/rate', {
      method: 'POST', body: JSON.stringify({ query_code: code, access_token: v.access_token, rating: 'satisfied' }),
    });
    return { status: r.status, body: await r.json() };
  }, samples['rating-expired']);
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail || refused.body.title, /评价期限/);
  await page.context().close();
});

test('a replied sample offers rating and review until their dates', async () => {
  const page = await newPortalPage(browser, DESKTOP);
  await lookUp(page, samples.replied.code, samples.replied.secret);
  await page.getByTestId('track-view').waitFor();
  assert.match(await page.getByTestId('rate-until').innerText(), /^可在 \d{4}-\d{2}-\d{2} 前评价$/);
  assert.match(await page.getByTestId('review-until').innerText(), /^可在 \d{4}-\d{2}-\d{2} 前申请(复查|复核)$/);
  await page.context().close();
});

// ---- 领导接访日 -----------------------------------------------------------------------------------------------

// A weekday at least `daysAhead` days from today (Beijing time), as YYYY-MM-DD.
function weekdayAhead(daysAhead) {
  let d = new Date(Date.now() + 8 * 3600e3 + daysAhead * 86400e3);
  while ([0, 6].includes(d.getUTCDay())) d = new Date(d.getTime() + 86400e3);
  return d.toISOString().slice(0, 10);
}

test('book a reception slot, look the booking up and cancel it', async () => {
  const registrar = await as('registrar');
  const place = `青山县信访局三楼接待室（门户测试 ${Date.now() % 100000}）`;
  const day = await api(registrar, 'POST', '/api/v1/reception-days', {
    date: weekdayAhead(9), start: '09:00', end: '10:00', slot_minutes: 30, per_slot: 2, place,
    leader_name: '王明', leader_title: '县长', topics: '劳动保障、征地拆迁', published: true,
  });
  assert.equal(day.status, 201, JSON.stringify(day.body));

  const page = await newPortalPage(browser, PHONE);
  await page.goto(`${server.url}/portal`);
  await tapOrClick(page, page.getByTestId('home-reception'));
  const card = page.getByTestId('reception-day').filter({ hasText: place });
  await card.waitFor();
  assert.match(await card.innerText(), /王明/);
  assert.match(await card.getByTestId('slot-09:00').innerText(), /余 2 个/);
  await tapOrClick(page, card.getByTestId('slot-09:00'));
  await card.getByTestId('booking-form').waitFor();

  // Required fields are named; then a complete booking.
  await tapOrClick(page, card.getByTestId('booking-submit'));
  await card.locator('[data-field="b-name"]').getByText('请填写姓名').waitFor();
  await fill(page, 'booking-name', '吴九');
  await fill(page, 'booking-phone', '13900001111');
  await cascade(page, 'b-region_code', '白水乡');
  await fill(page, 'booking-summary', '土地承包经营权纠纷，村委会未按合同分配土地。');
  await tapOrClick(page, card.getByTestId('booking-consent'));
  await checkAccessibility(page, 'reception');
  await checkTouchTargets(page, 'reception');
  await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await docShot(page, 'portal-reception');
  await tapOrClick(page, card.getByTestId('booking-submit'));
  await page.getByTestId('booked-code').waitFor();
  const code = (await page.getByTestId('booked-code').innerText()).trim();
  assert.ok(code.length >= 6, code);
  assert.match(await page.getByTestId('booked').innerText(), /09:00[\s\S]*三楼接待室/);

  // One place fewer in that slot.
  await page.goto(`${server.url}/portal/reception`);
  await card.waitFor();
  assert.match(await card.getByTestId('slot-09:00').innerText(), /余 1 个/);

  // Look up with the wrong phone (same message as a wrong code), then right; cancel.
  await tapOrClick(page, page.getByTestId('reception-my'));
  await fill(page, 'mybooking-code', code);
  await fill(page, 'mybooking-phone', '13900002222');
  await tapOrClick(page, page.getByTestId('mybooking-submit'));
  assert.equal((await page.getByTestId('mybooking-error').innerText()).trim(), '确认码或手机号码不正确');
  await fill(page, 'mybooking-phone', '13900001111');
  await tapOrClick(page, page.getByTestId('mybooking-submit'));
  await page.getByTestId('mybooking-status').filter({ hasText: '已预约' }).waitFor();
  await checkAccessibility(page, 'my booking');
  await tapOrClick(page, page.getByTestId('mybooking-cancel'));
  await tapOrClick(page, page.getByTestId('mybooking-cancel-yes'));
  await page.getByTestId('mybooking-status').filter({ hasText: '已取消' }).waitFor();

  await page.goto(`${server.url}/portal/reception`);
  await card.waitFor();
  assert.match(await card.getByTestId('slot-09:00').innerText(), /余 2 个/);
  await page.context().close();
});

// ---- language, keyboard ---------------------------------------------------------------------------------------

test('English switch, and the home page works with the keyboard alone', async () => {
  const page = await newPortalPage(browser, DESKTOP);
  await page.goto(`${server.url}/portal`);
  await page.getByTestId('portal-home-title').waitFor();
  await page.getByTestId('portal-lang').click();
  await page.getByTestId('portal-home-title').filter({ hasText: 'Online Petitions' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByTestId('portal-lang').click();
  await page.getByTestId('portal-home-title').filter({ hasText: '网上信访' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');

  // Tab from the top reaches 我要写信 with a visible focus ring; Enter opens it and focus lands on its heading.
  await page.goto(`${server.url}/portal`);
  await page.getByTestId('portal-home-title').waitFor();
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'home-write');
  }
  assert.ok(reached, 'Tab reaches 我要写信');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/portal\/write$/);
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '我要写信');
  await page.context().close();
});

// ---- 短信验证码 -------------------------------------------------------------------------------------------------

test('短信验证码: the same answer whether or not the code exists; a wrong code is refused like a wrong secret', async () => {
  const page = await newPortalPage(browser, PHONE);
  const sent = [];
  for (const code of [samples['in-progress'].code, 'ZZZZ-YYYY-XXXX']) {
    await page.goto(`${server.url}/portal/track`);
    await tapOrClick(page, page.getByTestId('track-by-otp'));
    await fill(page, 'track-code', code);
    await tapOrClick(page, page.getByTestId('track-send-otp'));
    await page.getByTestId('track-info').waitFor();
    sent.push((await page.getByTestId('track-info').innerText()).trim());
    assert.match(await page.getByTestId('track-send-otp').innerText(), /秒后可重发/);
    assert.ok(await page.getByTestId('track-send-otp').isDisabled());
  }
  assert.equal(sent[0], '如该查询码登记了手机号码，验证码已发送，10分钟内有效。');
  assert.equal(sent[1], sent[0]);

  await fill(page, 'track-code', samples['in-progress'].code);
  await fill(page, 'track-otp', '12345');
  await tapOrClick(page, page.getByTestId('track-submit'));
  await page.getByText('请输入 6 位数字验证码').waitFor();
  await fill(page, 'track-otp', '000000');
  await tapOrClick(page, page.getByTestId('track-submit'));
  await page.getByTestId('track-error').waitFor();
  assert.equal((await page.getByTestId('track-error').innerText()).trim(), '查询码或验证码不正确');
  await checkAccessibility(page, 'track by SMS code');
  await page.context().close();
});

// ---- the challenge (last: it leaves this address under challenge for the 15-minute window) ------------------

test('after repeated failures the browser solves the challenge and the right secret still works', async (t) => {
  const page = await newPortalPage(browser, PHONE);
  const log = [];
  page.on('response', (r) => { if (r.url().endsWith('/portal/lookup')) log.push({ at: Date.now(), status: r.status() }); });
  page.on('request', (r) => {
    if (r.url().endsWith('/portal/lookup')) log.push({ at: Date.now(), request: true, challenge: r.postDataJSON()?.challenge });
  });
  await page.goto(`${server.url}/portal/track`);
  // Record whether 正在进行安全验证… was ever shown (it may be on screen for a fraction of a second).
  await page.evaluate(() => {
    window.__challengeShown = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="portal-challenge"]')) window.__challengeShown = true;
    }).observe(document.body, { childList: true, subtree: true });
  });

  for (let i = 0; i < 8 && !log.some((e) => e.status === 428); i++) {
    await fill(page, 'track-code', 'QQQQ-QQQQ-QQQQ');
    await fill(page, 'track-secret', `WRONG${i}`);
    await tapOrClick(page, page.getByTestId('track-submit'));
    await page.getByTestId('track-error').waitFor();
    assert.equal((await page.getByTestId('track-error').innerText()).trim(), '查询码或密码不正确');
  }
  assert.ok(log.some((e) => e.status === 428), 'the server asked for a challenge after repeated failures');

  await fill(page, 'track-code', samples['in-progress'].code);
  await fill(page, 'track-secret', samples['in-progress'].secret);
  const start = log.length;
  await tapOrClick(page, page.getByTestId('track-submit'));
  await page.getByTestId('track-view').waitFor();
  const mine = log.slice(start);
  const asked = mine.findIndex((e) => e.status === 428);
  assert.ok(asked >= 0, `the look-up was challenged: ${JSON.stringify(mine)}`);
  const retry = mine.slice(asked).find((e) => e.request);
  assert.ok(retry?.challenge?.token && /^\d+$/.test(retry.challenge.nonce), 'sent again with {token, nonce}');
  assert.equal(mine.at(-1).status, 200);
  assert.ok(await page.evaluate(() => window.__challengeShown), '正在进行安全验证… was shown');

  // A few more challenged look-ups, for the record: the time from the 428 to the request sent again.
  const times = [retry.at - mine[asked].at];
  const hashes = [Number(retry.challenge.nonce) + 1];
  for (let i = 0; i < 4; i++) {
    await tapOrClick(page, page.getByTestId('track-another'));
    await fill(page, 'track-code', samples['in-progress'].code);
    await fill(page, 'track-secret', samples['in-progress'].secret);
    const from = log.length;
    await tapOrClick(page, page.getByTestId('track-submit'));
    await page.getByTestId('track-view').waitFor();
    const round = log.slice(from);
    const at428 = round.find((e) => e.status === 428);
    const again = at428 && round.slice(round.indexOf(at428)).find((e) => e.request);
    if (again) {
      times.push(again.at - at428.at);
      hashes.push(Number(again.challenge.nonce) + 1);
    }
  }
  // The nonce found is the number of hashes tried less one: hashes per second, and the expected time for 2^18.
  const rate = hashes.reduce((a, b) => a + b, 0) / Math.max(1, times.reduce((a, b) => a + b, 0)) * 1000;
  t.diagnostic(`challenge (18 bits) solved in the browser: ${times.join(', ')} ms for ${hashes.join(', ')} hashes; ` +
               `${Math.round(rate)} hashes/s, so 2^18 hashes (the mean) take about ${Math.round(262144 / rate * 1000)} ms`);
  await page.context().close();
});
