// 信访件检索 and 疑似重复信访 in the browser: a search highlights its hits and counts them, the traditional form
// of the words finds the same, an empty query is refused under the box; registering a content copied from an
// existing case shows that case as a possible repeat, and 标记为重复件 fills 重复信访件编号 (sent on submit).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, shot, api } from './harness.mjs';
import { register, submitRegistration } from './ui.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
  await login(page, server.url, 'registrar');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Types the words into the big search box and presses Enter; resolves once that search's results arrived.
async function search(words) {
  const input = page.getByTestId('search-input');
  await input.fill(words);
  const answered = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/v1/search' && u.searchParams.get('q') === words && !u.searchParams.get('cursor');
  });
  await input.press('Enter');
  await answered;
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === words);
}

async function shownTotal() {
  const text = (await page.getByTestId('search-total').innerText()).trim();
  const m = /^共 (\d+) 件$/.exec(text);
  assert.ok(m, `total reads "${text}"`);
  return Number(m[1]);
}

test('searching 拆迁 shows the hits in <mark> and the total; 拆遷 finds the same; the URL keeps the words', async () => {
  await page.goto(`${server.url}/search`);
  await page.getByTestId('search-start').waitFor();
  await search('拆迁');
  const total = await shownTotal();
  assert.ok(total > 0, 'some demo cases mention 拆迁');
  assert.equal(total, (await api(page, 'GET', `/api/v1/search?q=${encodeURIComponent('拆迁')}&limit=1`)).body.total);
  const marks = page.locator('[data-testid="search-results"] mark');
  await marks.first().waitFor();
  assert.deepEqual([...new Set(await marks.allInnerTexts())], ['拆迁']);
  const rows = page.locator('[data-testid="search-results"] .el-table__body tr');
  assert.equal(await rows.count(), Math.min(total, 20));
  assert.match(await rows.first().getByTestId('search-result-number').innerText(), /^\d{6}-\d{4}-\d{6}$/);
  await shot(page, 'search', { docs: true });

  // A bookmark of the search shows it again.
  await page.reload();
  await page.locator('[data-testid="search-results"] mark').first().waitFor();
  assert.equal(await shownTotal(), total);

  // Traditional characters: the same cases (the hits are the simplified text of the cases).
  await search('拆遷');
  assert.equal(await shownTotal(), total);
  await page.locator('[data-testid="search-results"] mark').first().waitFor();

  // A category chip narrows the search to that category.
  const chip = page.getByTestId('search-facet').first();
  const code = await chip.getAttribute('data-code');
  const count = Number(await chip.locator('.xf-search__facet-count').innerText());
  const narrowed = page.waitForResponse((r) => new URL(r.url()).searchParams.get('category') === code);
  await chip.click();
  await narrowed;
  await page.waitForURL((u) => u.searchParams.get('category') === code);
  assert.equal(await shownTotal(), count);
  assert.equal(await page.getByTestId('search-facet').first().getAttribute('aria-pressed'), 'true');
});

test('加载更多 appends the next page', async () => {
  await page.goto(`${server.url}/search?q=${encodeURIComponent('工资')}`);
  await page.getByTestId('search-total').waitFor();
  const total = await shownTotal();
  assert.ok(total > 20, `the demo data has more than one page of 工资 (${total})`);
  const rows = page.locator('[data-testid="search-results"] .el-table__body tr');
  assert.equal(await rows.count(), 20);
  await page.getByTestId('search-load-more').click();
  await rows.nth(20).waitFor();
  assert.equal(await rows.count(), Math.min(total, 40));
});

test('an empty query shows the error under the box', async () => {
  await page.goto(`${server.url}/search`);
  await page.getByTestId('search-input').fill('   ');
  await page.getByTestId('search-input').press('Enter');
  const error = page.getByTestId('search-error');
  await error.waitFor();
  assert.equal((await error.innerText()).trim(), '请输入检索词');
  assert.equal(await page.getByTestId('search-input').getAttribute('aria-invalid'), 'true');
});

test('the search box in the top bar opens the search with the words', async () => {
  await page.goto(`${server.url}/`);
  const box = page.getByTestId('topbar-search');
  await box.fill('拆迁');
  await box.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === '拆迁');
  await page.locator('[data-testid="search-results"] mark').first().waitFor();
});

test('registering a copied content shows 疑似重复信访; 标记为重复件 fills 重复信访件编号 and the case is a repeat', async () => {
  // An existing case within the registrar's scope, through the API.
  const hit = (await api(page, 'GET', `/api/v1/search?q=${encodeURIComponent('拆迁')}&limit=1`)).body.items[0];
  const original = (await api(page, 'GET', `/api/v1/petitions/${hit.id}`)).body;
  assert.ok(original.content.length >= 10);

  await register(page, server.url, {
    channel: 'visit', category: '拖欠农民工工资', region: original.region_code, title: '浏览器测试：疑似重复信访',
    content: original.content, petitioners: [{ name: '钱七' }],
  });
  const panel = page.getByTestId('repeat-panel');
  await panel.waitFor();
  assert.match(await panel.getByTestId('repeat-title').innerText(), /^疑似重复信访（[1-5]）$/);
  const candidate = panel.locator(`[data-testid="repeat-candidate"][data-number="${original.number}"]`);
  await candidate.waitFor();
  assert.match(await candidate.getByTestId('repeat-candidate-reason').innerText(), /\d+%/);
  assert.equal(await candidate.getByTestId('repeat-candidate-link').getAttribute('href'), `/petitions/${original.id}`);
  await candidate.getByTestId('repeat-mark').click();
  await candidate.getByTestId('repeat-mark').filter({ hasText: '已标记为重复件' }).waitFor();
  assert.equal(await page.getByTestId('register-repeat-of').inputValue(), original.number);
  await panel.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'register-repeat', { docs: true });

  const { id } = await submitRegistration(page);
  const detail = (await api(page, 'GET', `/api/v1/petitions/${id}`)).body;
  assert.equal(detail.is_repeat, true);
});
