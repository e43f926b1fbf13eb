// 统计分析 through the console: a year report (totals with 同比, indicators with numerator/denominator, the work-summary
// paragraphs) and its Excel export; the dashboard's 趋势预警 card; the case list's Excel export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, newPage, login, shot } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Opens an el-select by its data-testid and clicks the option with this text.
async function pickOption(page, testid, text) {
  await page.getByTestId(testid).click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click();
}

// The download started by clicking `testid`; checks it is a non-empty .xlsx (a zip: "PK").
async function downloadXlsx(page, testid) {
  const started = page.waitForEvent('download', { timeout: 30000 });
  await page.getByTestId(testid).click();
  const download = await started;
  assert.match(download.suggestedFilename(), /\.xlsx$/i, download.suggestedFilename());
  assert.equal(await download.failure(), null);
  const bytes = readFileSync(await download.path());
  assert.ok(bytes.length > 0, 'the workbook is empty');
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'not an .xlsx (zip) file');
  return download.suggestedFilename();
}

test('统计分析: the 2026 report with totals, indicators and the summary text, exported to Excel', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'statistician', { redirect: '/statistics' });
  await page.waitForURL((u) => u.pathname === '/statistics');
  await page.getByTestId('statistics-filter').waitFor();

  await page.getByTestId('statistics-mode-year').click();
  await pickOption(page, 'statistics-year', '2026年');
  const answered = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/v1/reports/summary' && u.searchParams.get('from') === '2026-01-01'
      && u.searchParams.get('to') === '2026-12-31' && !u.searchParams.has('format');
  });
  await page.getByTestId('statistics-query').click();
  assert.equal((await answered).status(), 200);

  const totals = page.getByTestId('statistics-totals');
  await totals.waitFor();
  for (const key of ['batches', 'persons', 'items'])
    assert.match(await totals.locator(`[data-key="${key}"] [data-role="value"]`).innerText(), /^\d[\d,]*$/, key);
  assert.match(await totals.innerText(), /同比(上升|下降)\d+(\.\d)?%|同比持平|上年同期无数据/);
  assert.match(await page.getByTestId('statistics-heading').innerText(), /2026年/);

  const indicators = page.getByTestId('statistics-indicators');
  await indicators.locator('tbody tr').first().waitFor();
  assert.match(await indicators.innerText(), /\d+\s*\/\s*\d+/);
  assert.match(await indicators.innerText(), /及时受理率/);

  await page.getByTestId('statistics-by-category').waitFor();
  const text = await page.getByTestId('statistics-text').innerText();
  assert.ok(text.includes('批') && text.includes('人次'), `summary text: ${text}`);

  await page.locator('[data-testid="statistics-gauges"] canvas').first().waitFor();
  await page.waitForTimeout(600);  // chart animation
  await shot(page, 'statistics', { docs: true });

  const name = await downloadXlsx(page, 'statistics-export');
  assert.ok(name.length > 5);
  await page.context().close();
});

test('统计分析 reports a bad period beside the filter', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'statistician', { redirect: '/statistics' });
  await page.getByTestId('statistics-filter').waitFor();
  await page.getByTestId('statistics-mode-custom').click();
  await page.getByTestId('statistics-query').click();
  await page.getByTestId('statistics-filter').getByText('请选择起止日期').waitFor();
  await page.context().close();
});

test('the dashboard shows the 趋势预警 card (alerts or the empty text)', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'statistician', { redirect: '/dashboard' });
  const card = page.getByTestId('dashboard-alerts');
  await card.waitFor();
  await page.getByTestId('dashboard-alerts-table').or(page.getByTestId('dashboard-alerts-empty')).first().waitFor();
  const content = await card.innerText();
  if (await page.getByTestId('dashboard-alerts-empty').count()) {
    assert.match(content, /本月暂无异常上升的问题类别或地区/);
  } else {
    const rows = card.getByTestId('dashboard-alerts-table').locator('tbody tr');
    assert.ok((await rows.count()) > 0);
    assert.match(content, /\+\d+(\.\d)?%|前期无/);
  }
  assert.ok(!/趋势预警暂时无法获取/.test(content), content);
  await shot(page, 'dashboard-alerts');
  await page.context().close();
});

test('the case list exports every matching case to Excel', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'registrar', { redirect: '/petitions?open=1' });
  await page.getByTestId('petitions-table').locator('tbody tr').first().waitFor();
  const requested = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/exports/petitions');
  await downloadXlsx(page, 'petitions-export');
  const url = new URL((await requested).url());
  assert.equal(url.searchParams.get('open'), '1');
  assert.ok(!url.searchParams.has('limit') && !url.searchParams.has('cursor'));
  await page.context().close();
});
