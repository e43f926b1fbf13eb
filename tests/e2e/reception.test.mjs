// 领导接访日 in the browser: staff create and publish a reception day in the console; citizens book slots through
// the public API (the portal page is tested elsewhere); staff open the day's list, see the bookings, 登记来访 from
// one (the form prefilled from the booking, the petitioner taken from it), and the booking then shows 已登记 with
// the case number. A cancelled day tells its booked citizens and its bookings show 已取消.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, launchBrowser, newPage, login, shot, api } from './harness.mjs';
import { fill, pickCategory } from './ui.mjs';

let server;
let browser;
let page;

// A date n days after today in China (the server's calendar).
function chinaDate(n) {
  return new Date(Date.now() + 8 * 3600 * 1000 + n * 86400 * 1000).toISOString().slice(0, 10);
}

// The proof of work the public endpoints ask for after a few requests from one address (docs/portal.md): a decimal
// nonce with SHA-256(token ":" nonce) starting with `bits` zero bits.
function solve({ token, bits }) {
  for (let n = 0; ; n++) {
    const digest = createHash('sha256').update(`${token}:${n}`).digest();
    let zeros = 0;
    for (const byte of digest) {
      if (byte === 0) { zeros += 8; continue; }
      zeros += Math.clz32(byte) - 24;
      break;
    }
    if (zeros >= bits) return String(n);
  }
}

// A citizen's booking through the public endpoint: no cookie, no CSRF token; a 428 is answered as a browser would.
async function book(body) {
  const send = async (extra) => {
    const r = await fetch(`${server.url}/api/v1/portal/reception-bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ consent: true, ...body, ...extra }),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  const r = await send({});
  if (r.status !== 428) return r;
  const { token } = r.body.challenge;
  return send({ challenge: { token, nonce: solve(r.body.challenge) } });
}

async function daysOn(date) {
  const r = await api(page, 'GET', `/api/v1/reception-days?from=${date}&to=${date}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

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

test('a day created in the console is booked by citizens and a booking is registered as a visit with one click', async () => {
  const date = chinaDate(7);

  // 新增接访日 through the dialog (times as typed, published by default).
  await page.goto(`${server.url}/reception`);
  await page.getByRole('heading', { name: '领导接访日' }).waitFor();
  await page.getByTestId('reception-create').click();
  const dialog = page.getByTestId('reception-day-dialog');
  await dialog.waitFor();
  await page.locator('#xf-rd-date').fill(date);
  await page.locator('#xf-rd-date').press('Enter');
  await fill(page, 'reception-field-start', '9:00');
  await fill(page, 'reception-field-end', '11:00');
  await fill(page, 'reception-field-place', '青山县信访局一楼接待大厅');
  await fill(page, 'reception-field-leader-name', '王明');
  await fill(page, 'reception-field-leader-title', '副县长');
  await fill(page, 'reception-field-topics', '征地拆迁、劳动保障');
  await dialog.getByTestId('reception-slots-preview').filter({ hasText: '共 4 个时段（09:00–10:30），每时段 2 人，名额共 8 人' }).waitFor();
  await page.getByTestId('reception-day-save').click();
  await dialog.waitFor({ state: 'hidden' });

  const [day] = await daysOn(date);
  assert.ok(day, 'the day was saved');
  assert.deepEqual(
    { start: day.start, end: day.end, slot_minutes: day.slot_minutes, per_slot: day.per_slot, published: day.published,
      cancelled: day.cancelled, leader_name: day.leader_name, place: day.place, capacity: day.capacity },
    { start: '09:00', end: '11:00', slot_minutes: 30, per_slot: 2, published: true, cancelled: false, leader_name: '王明',
      place: '青山县信访局一楼接待大厅', capacity: 8 });
  await page.getByTestId(`reception-day-${day.id}-status`).filter({ hasText: '已发布' }).waitFor();

  // The portal lists it; two citizens book slots through the public API.
  const published = await (await fetch(`${server.url}/api/v1/portal/reception-days`)).json();
  const offered = published.items.find((d) => d.id === day.id);
  assert.ok(offered, 'the published day is offered to citizens');
  assert.deepEqual(offered.slots.map((s) => s.time), ['09:00', '09:30', '10:00', '10:30']);
  const first = await book({ day_id: day.id, slot: '09:30', name: '张桂兰', phone: '13812341234',
                             id_number: '110101199003074514', region_code: '991021001',
                             summary: '村里征地补偿款至今未发放到户。请求督促镇政府尽快发放，并公开补偿标准。' });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.match(first.body.confirmation_code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  assert.equal(first.body.slot, '09:30');
  const second = await book({ day_id: day.id, slot: '10:00', name: '李建国', phone: '13987654321',
                              region_code: '991021002', summary: '工地拖欠十二名工人工资八万元，请求协调解决。' });
  assert.equal(second.status, 201, JSON.stringify(second.body));

  // The list shows 已约/名额.
  await page.reload();
  await page.getByTestId(`reception-day-${day.id}-booked`).filter({ hasText: '2/8' }).waitFor();
  await shot(page, 'reception-days', { docs: true });

  // The day's list: the bookings under their slots, phones masked.
  await page.getByTestId(`reception-day-${day.id}-open`).click();
  await page.waitForURL(new RegExp(`/reception/${day.id}$`));
  const bookings = page.getByTestId('reception-bookings');
  const row = bookings.locator('tr', { hasText: first.body.confirmation_code });
  await row.waitFor();
  assert.match(await row.innerText(), /张桂兰/);
  assert.match(await row.innerText(), /138\*{4}1234/);
  assert.doesNotMatch(await bookings.innerText(), /13812341234/);
  const bookingId = Number((await row.getAttribute('data-testid')).replace('booking-row-', ''));
  assert.equal(await page.getByTestId(`booking-${bookingId}-status`).innerText(), '已预约');
  await page.getByTestId('reception-slot-09:00').getByText('（无预约）').waitFor();

  // 登记来访: the form is prefilled from the booking; the petitioner comes from it.
  await page.getByTestId(`booking-${bookingId}-register`).click();
  await page.waitForURL(/\/register\?/);
  await page.getByTestId('register-booking').filter({ hasText: first.body.confirmation_code }).waitFor();
  await page.getByTestId('register-booking-person').filter({ hasText: '信访人信息取自预约（姓名 张桂兰' }).waitFor();
  assert.equal(await page.getByTestId('register-title').inputValue(), '村里征地补偿款至今未发放到户');
  assert.equal(await page.locator('[data-testid="channel-visit"] input').isChecked(), true);
  await pickCategory(page, '土地征收');
  await page.getByTestId('register-submit').click();
  await page.getByTestId('register-success').waitFor();
  const number = (await page.getByTestId('register-result-number').innerText()).trim();
  assert.match(number, /^991021-\d{4}-\d{6}$/);

  // Back on the day's list the booking shows 已登记 with the case number, linking to the case.
  await page.getByTestId('register-back').click();
  await page.waitForURL(new RegExp(`/reception/${day.id}$`));
  await page.getByTestId(`booking-${bookingId}-status`).filter({ hasText: '已登记' }).waitFor();
  const link = page.getByTestId(`booking-${bookingId}-case`);
  assert.equal((await link.innerText()).trim(), number);
  assert.equal(await page.getByTestId(`booking-${bookingId}-register`).count(), 0);
  await shot(page, 'reception-bookings', { docs: true });

  await link.click();
  await page.waitForURL(/\/petitions\/\d+$/);
  const caseId = Number(new URL(page.url()).pathname.split('/').pop());
  const detail = (await api(page, 'GET', `/api/v1/petitions/${caseId}`)).body;
  assert.equal(detail.number, number);
  assert.equal(detail.channel, 'visit');
  assert.equal(detail.region_code, '991021001');
  assert.equal(detail.petitioners.length, 1);
  assert.equal(detail.petitioners[0].name, '张桂兰');
  assert.equal(detail.petitioners[0].phone, '138****1234');
  assert.equal(detail.petitioners[0].id_number, '1101**********4514');

  // The citizen sees the booking registered.
  const looked = await fetch(`${server.url}/api/v1/portal/reception-bookings/lookup`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ confirmation_code: first.body.confirmation_code, phone: '13812341234' }),
  });
  assert.equal(looked.status, 200);
  assert.equal((await looked.json()).status, 'registered');
});

test('a booking cannot be registered twice', async () => {
  const date = chinaDate(8);
  const created = await api(page, 'POST', '/api/v1/reception-days', {
    date, start: '14:00', end: '15:00', slot_minutes: 30, per_slot: 1, place: '接待大厅', leader_name: '赵强',
    leader_title: '县长', topics: '', published: true,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const b = await book({ day_id: created.body.id, slot: '14:00', name: '周八', phone: '13600001111',
                         region_code: '991021001', summary: '小区噪音扰民。' });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const full = await book({ day_id: created.body.id, slot: '14:00', name: '吴九', phone: '13600002222',
                            region_code: '991021001', summary: '同上。' });
  assert.equal(full.status, 409, 'the slot takes one booking');
  const listed = (await api(page, 'GET', `/api/v1/reception-days/${created.body.id}/bookings`)).body.items;
  const booking = listed.find((x) => x.confirmation_code === b.body.confirmation_code);
  const registration = { channel: 'visit', category_code: '0402', region_code: '991021001', title: '噪音扰民',
                         content: '小区噪音扰民。', petitioners: [], booking_id: booking.id };
  const once = await api(page, 'POST', '/api/v1/petitions', registration);
  assert.equal(once.status, 201, JSON.stringify(once.body));
  const twice = await api(page, 'POST', '/api/v1/petitions', registration);
  assert.equal(twice.status, 409, JSON.stringify(twice.body));

  // Opening 登记来访 for it again (an old link) says it is registered, with the case number.
  await page.goto(`${server.url}/register?booking=${booking.id}&day=${created.body.id}`);
  await page.getByTestId('register-booking-notice').filter({ hasText: once.body.number }).waitFor();
  assert.equal(await page.getByTestId('register-booking').count(), 0);
});

test('cancelling a day asks first, says the booked citizens will be told, and cancels their bookings', async () => {
  const date = chinaDate(9);
  const created = await api(page, 'POST', '/api/v1/reception-days', {
    date, start: '09:00', end: '10:00', slot_minutes: 30, per_slot: 2, place: '接待大厅', leader_name: '钱进',
    leader_title: '副县长', topics: '', published: true,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  const b = await book({ day_id: id, slot: '09:00', name: '孙七', phone: '13700001111', region_code: '991021001',
                         summary: '反映供暖问题。' });
  assert.equal(b.status, 201, JSON.stringify(b.body));

  await page.goto(`${server.url}/reception`);
  await page.getByTestId(`reception-day-${id}-cancel`).click();
  const box = page.locator('.xf-reception-cancel');
  await box.getByText('尚未接待的群众将收到短信通知（目前已约 1 人）').waitFor();
  await box.getByRole('button', { name: '取消接访' }).click();
  await page.getByTestId(`reception-day-${id}-status`).filter({ hasText: '已取消' }).waitFor();
  assert.equal(await page.getByTestId(`reception-day-${id}-edit`).count(), 0);

  const after = (await api(page, 'GET', `/api/v1/reception-days/${id}/bookings`)).body;
  assert.equal(after.day.cancelled, true);
  assert.deepEqual(after.items.map((x) => x.status), ['cancelled']);
  const offered = await (await fetch(`${server.url}/api/v1/portal/reception-days`)).json();
  assert.equal(offered.items.some((d) => d.id === id), false, 'a cancelled day is no longer offered');
});
