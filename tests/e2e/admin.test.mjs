// Administration in the browser: importing a year of the holiday calendar moves open deadlines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, api } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ demoPetitions: 50 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a calendar file with errors is refused line by line; a good one is imported and deadlines move', async () => {
  const registrar = await newPage(browser);
  await login(registrar, server.url, 'registrar');
  const created = await api(registrar, 'POST', '/api/v1/petitions', {
    channel: 'letter', category_code: '0402', region_code: '991021', title: '日历导入测试', content: '内容',
    petitioners: [{ name: '孙九' }],
  });
  assert.equal(created.status, 201);
  const routeDue = () => api(registrar, 'GET', `/api/v1/petitions/${created.body.id}`)
    .then((r) => r.body.clocks.find((c) => c.kind === 'route' && c.running).due);
  const due = await routeDue();
  const year = Number(due.slice(0, 4));

  const admin = await newPage(browser);
  await login(admin, server.url, 'admin');
  await admin.goto(`${server.url}/admin/calendar`);
  const file = admin.getByTestId('calendar-import-file');
  const dialog = admin.getByTestId('calendar-import-dialog');

  // A broken file: its errors are listed by line and the import cannot be confirmed.
  await file.setInputFiles({ name: `cn-${year}.tsv`, mimeType: 'text/tab-separated-values',
                             buffer: Buffer.from(`date\tkind\tname\n${year}-02-30\tholiday\t坏日期\n`) });
  await dialog.getByText(/第\s*2\s*行/).first().waitFor();
  assert.equal(await admin.getByTestId('calendar-import-confirm').isDisabled(), true);
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The year as it is, plus a local holiday on the route deadline: that deadline moves to a later day.
  const days = (await api(admin, 'GET', `/api/v1/calendar?year=${year}`)).body.days.filter((d) => d.date !== due);
  const tsv = ['date\tkind\tname', ...days.map((d) => `${d.date}\t${d.kind}\t${d.name}`), `${due}\tholiday\t地方假日`];
  await file.setInputFiles({ name: `cn-${year}.tsv`, mimeType: 'text/tab-separated-values',
                             buffer: Buffer.from(tsv.join('\n') + '\n') });
  await admin.getByTestId('calendar-import-summary').waitFor();
  await admin.getByTestId('calendar-import-confirm').click();
  await admin.getByTestId('calendar-result').waitFor();
  assert.match(await admin.getByTestId('calendar-result').innerText(), /\d/);
  assert.ok((await routeDue()) > due, 'the route deadline moved off the new holiday');
});

test('定时任务 lists every scheduled job with its last run; only administrators see the page', async () => {
  const admin = await newPage(browser);
  await login(admin, server.url, 'admin');
  await admin.goto(`${server.url}/admin/jobs`);
  const table = admin.getByTestId('jobs-table');
  await table.getByText('统计汇总抽样核对').waitFor();
  for (const title of ['复查期满自动办结', '每日重算办理期限', '到期提醒', '审计日志到期清理']) {
    await table.getByText(title).first().waitFor();
  }
  // The server runs the due jobs at start: the rollup check shows 正常 and its result once it has run.
  for (let i = 0; i < 60; i++) {
    if ((await admin.getByTestId('job-state-stats_sample_check').innerText()) === '正常') break;
    await admin.getByTestId('jobs-refresh').click();
    await admin.waitForTimeout(500);
  }
  assert.equal(await admin.getByTestId('job-state-stats_sample_check').innerText(), '正常');
  assert.equal(await admin.getByTestId('job-state-audit_retention').innerText(), '未启用');
  await table.getByText(/mismatches 0/).first().waitFor();

  const registrar = await newPage(browser);
  await login(registrar, server.url, 'registrar');
  const r = await api(registrar, 'GET', '/api/v1/jobs');
  assert.equal(r.status, 403);
});
