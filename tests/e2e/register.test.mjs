// Registration in the browser: a letter, a 30-person collective visit, and a bad ID number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, login, shot, api } from './harness.mjs';
import { fill, register, submitRegistration } from './ui.mjs';

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

test('a bad ID number shows the error beside the field, and nothing is saved', async () => {
  const before = (await api(page, 'GET', '/api/v1/workbench')).body.open_total;
  await register(page, server.url, {
    channel: 'letter', category: '拖欠农民工工资', region: '991021001', title: '证件号校验',
    content: '测试证件号码校验。', petitioners: [{ name: '张三', id: '110101199003074515' }],
  });
  const row = page.getByTestId('petitioner-row-0');
  await row.getByText('证件号码校验位错误').or(row.getByText(/校验/)).first().waitFor();
  await shot(page, 'register-bad-id');
  await page.getByTestId('register-submit').click();
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('register-success').isVisible(), false);
  assert.equal((await api(page, 'GET', '/api/v1/workbench')).body.open_total, before);
});

test('a letter is registered and opens as a case awaiting routing', async () => {
  await register(page, server.url, {
    channel: 'letter', category: '拖欠农民工工资', region: '991021001', title: '浏览器测试：拖欠工资来信',
    content: '某工地拖欠十二名工人工资八万元，请求协调解决。', petitioners: [{ name: '李四', id: '110101199003074514',
                                                                              phone: '13812345678' }],
  });
  await shot(page, 'register', { docs: true });
  const { number, id } = await submitRegistration(page);
  assert.match(number, /^991021-\d{4}-\d{6}$/);
  const detail = (await api(page, 'GET', `/api/v1/petitions/${id}`)).body;
  assert.equal(detail.state, 'registered');
  assert.equal(detail.channel, 'letter');
  assert.equal(detail.petitioners[0].id_number, '1101**********4514');  // masked after save
});

test('a 30-person collective visit with representatives is registered as 集体访', async () => {
  await register(page, server.url, {
    channel: 'visit', persons: 30, category: '土地征收', region: '991021002', title: '浏览器测试：集体访',
    content: '三十名村民反映征地补偿款未足额发放。',
    petitioners: [{ name: '王五', rep: true }, { name: '赵六', rep: true }],
  });
  await page.getByTestId('register-collective').waitFor();
  const { id } = await submitRegistration(page);
  const detail = (await api(page, 'GET', `/api/v1/petitions/${id}`)).body;
  assert.equal(detail.persons, 30);
  assert.equal(detail.collective, true);
  assert.deepEqual(detail.petitioners.map((p) => p.representative), [true, true]);
});
