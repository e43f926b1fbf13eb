// A case through the console: 转送 → 受理 → 延期 → 答复, moving between queues with its clocks changing; who may
// see which actions; another org cannot open it; the board and the dashboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, shot, api } from './harness.mjs';
import { openCase, offeredActions, openDialog, submitDialog } from './ui.mjs';

let server;
let browser;
const pages = {};

async function as(user) {
  if (!pages[user]) {
    pages[user] = await newPage(browser);
    await login(pages[user], server.url, user);
  }
  return pages[user];
}

const LETTER = {
  channel: 'letter', purpose: 'complaint', category_code: '0402', region_code: '991021001',
  title: '浏览器流程测试：拖欠工资', content: '某工地拖欠工人工资，请求协调解决。', petitioners: [{ name: '周八' }],
};

function clock(detail, kind) {
  return detail.clocks.find((c) => c.kind === kind && c.running);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('route, accept, extend and reply through the dialogs; the case moves between queues and its clocks change', async () => {
  const registrar = await as('registrar');
  const created = await api(registrar, 'POST', '/api/v1/petitions', LETTER);
  assert.equal(created.status, 201);
  const id = created.body.id;

  // 转送 by the registrar.
  await openCase(registrar, server.url, id);
  assert.ok((await offeredActions(registrar)).includes('forward'));
  let dlg = await openDialog(registrar, 'forward');
  await dlg.getByTestId('field-target_org_id').click();
  await registrar.keyboard.type('人力资源');
  await registrar.locator('.el-tree-select__popper .el-tree-node__content:visible',
                          { hasText: '青山县人力资源和社会保障局' }).first().click();
  await submitDialog(registrar, dlg, '待受理');

  // The department's 待受理 queue now holds it.
  const handler = await as('dept_handler');
  const waiting = (await api(handler, 'GET', '/api/v1/petitions?state=forwarded&org_id=' +
                                            (await api(handler, 'GET', '/api/v1/session')).body.org.id)).body;
  assert.ok(waiting.items.some((i) => i.id === id));

  // 受理 by the department: the 60-day handling clock starts.
  await openCase(handler, server.url, id);
  dlg = await openDialog(handler, 'accept');
  await submitDialog(handler, dlg, '办理中');
  let detail = (await api(handler, 'GET', `/api/v1/petitions/${id}`)).body;
  const handling = clock(detail, 'handling');
  assert.equal(handling.days, 60);
  assert.equal(handler.getByTestId('clock-table').getByText('办理期限').first() !== null, true);
  assert.equal((await offeredActions(handler)).includes('extend'), false);  // a handler cannot approve an extension

  // 延期 by the approver: the due date moves 30 days and the action is not offered again.
  const approver = await as('dept_approver');
  await openCase(approver, server.url, id);
  dlg = await openDialog(approver, 'extend');
  await dlg.getByTestId('field-extension_days').locator('input').fill('30');
  await dlg.getByTestId('field-reason').locator('textarea').fill('需调取工程结算资料');
  await submitDialog(approver, dlg);
  await approver.getByTestId('timeline').getByText('延期告知书').first().waitFor();
  detail = (await api(approver, 'GET', `/api/v1/petitions/${id}`)).body;
  assert.equal(clock(detail, 'handling').extension_days, 30);
  // 60 + 30 days from acceptance, each due date rolled off rest days on its own, so the shift is about 30.
  const shift = clock(detail, 'handling').remaining_days - handling.remaining_days;
  assert.ok(shift >= 27 && shift <= 33, `due moved ${shift} days`);
  assert.equal((await offeredActions(approver)).includes('extend'), false);
  await approver.getByTestId('detail-header').scrollIntoViewIfNeeded();
  await approver.waitForTimeout(3500);  // let the success toast fade
  await shot(approver, 'detail', { docs: true });

  // 答复 by the handler: the case leaves the open queue and the review window opens.
  await openCase(handler, server.url, id);
  dlg = await openDialog(handler, 'reply');
  await dlg.getByTestId('field-outcome').locator('label', { hasText: '予以支持' }).click();
  await dlg.getByTestId('field-facts').locator('textarea').fill('经查，工地确欠工资。');
  await dlg.getByTestId('field-reasons').locator('textarea').fill('依法应予支付。');
  await dlg.getByTestId('field-legal_basis').locator('textarea').fill('《保障农民工工资支付条例》第三条');
  await submitDialog(handler, dlg, '已答复');
  detail = (await api(handler, 'GET', `/api/v1/petitions/${id}`)).body;
  assert.equal(clock(detail, 'handling'), undefined);
  assert.ok(clock(detail, 'review_request'));
  assert.equal(detail.decision.outcome, 'supported');
});

test('a registrar is not offered the approver’s actions', async () => {
  const registrar = await as('registrar');
  const id = (await api(registrar, 'POST', '/api/v1/petitions', LETTER)).body.id;
  await openCase(registrar, server.url, id);
  const offered = await offeredActions(registrar);
  assert.ok(offered.includes('accept_directly'));
  const after = await api(registrar, 'POST', `/api/v1/petitions/${id}/actions/accept_directly`, {});
  assert.equal(after.status, 200);
  await openCase(registrar, server.url, id);
  const now = await offeredActions(registrar);
  assert.equal(now.includes('extend'), false);
  assert.equal(now.includes('reply'), false);
  const approver = await as('approver');
  await openCase(approver, server.url, id);
  assert.ok((await offeredActions(approver)).includes('extend'));
});

test('a user of another org cannot open the case', async () => {
  const registrar = await as('registrar');
  const id = (await api(registrar, 'POST', '/api/v1/petitions', LETTER)).body.id;
  const other = await as('dept_handler');  // 县人社局: never held this case
  await openCase(other, server.url, id);
  await other.getByText('信访件不存在或无权查看').waitFor();
  assert.equal(await other.getByTestId('detail-state').count(), 0);
});

test('the case list, the supervision board and the dashboard render (screenshots for docs/ui.md)', async () => {
  const registrar = await as('registrar');
  await registrar.goto(`${server.url}/petitions?open=1`);
  await registrar.getByTestId('petitions-table').locator('tbody tr').first().waitFor();
  await shot(registrar, 'petitions', { docs: true });

  const supervisor = await as('supervisor');
  await supervisor.goto(`${server.url}/supervision`);
  await supervisor.getByTestId('supervision-overdue-table').locator('tbody tr').first().waitFor();
  await shot(supervisor, 'supervision', { docs: true });

  const admin = await as('admin');
  await admin.goto(`${server.url}/dashboard`);
  await admin.getByTestId('chart-trend').locator('canvas').first().waitFor();
  await admin.getByTestId('dashboard-rates').waitFor();
  await admin.waitForTimeout(500);  // chart animation
  await shot(admin, 'dashboard', { docs: true });
  assert.match(await admin.getByTestId('dashboard-rates').innerText(), /\d+\s*\/\s*\d+/);

  await admin.goto(`${server.url}/admin/orgs`);
  await admin.getByTestId('org-tree').waitFor();
  await shot(admin, 'admin-orgs', { docs: true });
});
