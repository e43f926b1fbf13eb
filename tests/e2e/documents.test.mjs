// 文书 and 附件: a workflow action (受理) produces a document listed on the case with its 文号, whose PDF and Word
// files download and whose PDF opens in a new tab to print; attachments are uploaded (a PNG made here), a disguised
// HTML file is refused with the server's message, and a deletion keeps the row struck through with its reason. An
// administrator edits the 受理告知书 template (preview in a frame, an unknown placeholder refused beside the body,
// save → a new version, history); regenerating the case's document then makes 第2版 with the same 文号 from
// 模板第2版. On the portal a demo case shows its 文书, one downloads as a PDF, and 补充材料 are uploaded and seen by
// the handling office as 信访人上传.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import {
  startServer, launchBrowser, newPage, login, api, shot, portalSamples, newPortalPage, DESKTOP,
} from './harness.mjs';
import { openCase, openDialog, submitDialog } from './ui.mjs';

let server;
let browser;
let samples;
const pages = {};
let caseId;          // the case accepted in the first test
let docNumber;       // its 受理告知书's 文号

async function as(user) {
  if (!pages[user]) {
    pages[user] = await newPage(browser);
    await login(pages[user], server.url, user);
  }
  return pages[user];
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  samples = await portalSamples(server, ['replied']);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- helpers ------------------------------------------------------------------------------------------------

// A 2×2 red PNG, built here (signature, IHDR, IDAT, IEND with their CRCs).
function png() {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 2;  // RGB
  const row = Buffer.from([0, 255, 0, 0, 255, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const documentRows = (page) => page.getByTestId('document-table').locator('tbody tr');
const attachmentRow = (page, name) =>
  page.getByTestId('attachment-table').locator('tbody tr').filter({ has: page.getByTestId('attachment-name').filter({ hasText: name }) });

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

// ---- console ------------------------------------------------------------------------------------------------

test('受理 produces a 受理告知书 listed with its 文号; its PDF and Word files download', async () => {
  const handler = await as('handler');
  const session = (await api(handler, 'GET', '/api/v1/session')).body;
  const forwarded = (await api(handler, 'GET', `/api/v1/petitions?state=forwarded&org_id=${session.org.id}&limit=50`)).body.items;
  // 受理 of a case forwarded to this office, or else 直接受理 of one registered here: both issue a 受理告知书. The
  // demo's history depends on today's date, so which of the two is waiting varies from day to day.
  let found, action;
  for (const [state, name] of [['forwarded', 'accept'], ['registered', 'accept_directly']]) {
    const waiting = state === 'forwarded' ? forwarded
      : (await api(handler, 'GET', `/api/v1/petitions?state=registered&org_id=${session.org.id}&limit=50`)).body.items;
    for (const item of waiting) {
      const detail = (await api(handler, 'GET', `/api/v1/petitions/${item.id}`)).body;
      if (detail.actions.some((a) => a.name === name)) { found = detail; action = name; break; }
    }
    if (found) break;
  }
  assert.ok(found, 'the demo has a case the handler may accept (forwarded) or accept directly (registered)');
  caseId = found.id;

  await openCase(handler, server.url, caseId);
  await handler.getByTestId('document-table').waitFor();
  const before = await documentRows(handler).filter({ has: handler.getByTestId('document-kind') }).count();
  const dlg = await openDialog(handler, action);
  await submitDialog(handler, dlg, '办理中');

  // The panel reloads by itself after the action: the new 受理告知书 with its 文号, 第1版 from 模板第1版.
  const row = documentRows(handler).filter({ has: handler.getByTestId('document-kind').filter({ hasText: /^受理告知书$/ }) }).first();
  await row.getByTestId('document-number').filter({ hasText: /信受〔\d{4}〕\d+号/ }).waitFor();
  assert.equal(await documentRows(handler).filter({ has: handler.getByTestId('document-kind') }).count(), before + 1);
  docNumber = (await row.getByTestId('document-number').innerText()).trim();
  assert.match(await row.innerText(), /第1版[\s\S]*模板第1版/);
  assert.match(await row.innerText(), /青山县信访局/);
  // The timeline names the document too.
  await handler.getByTestId('timeline').getByText('受理告知书').first().waitFor();
  await handler.getByTestId('detail-documents').scrollIntoViewIfNeeded();
  await shot(handler, 'case-documents');

  const pdf = await download(handler, () => row.getByTestId('document-pdf').click());
  assert.equal(pdf.bytes.subarray(0, 4).toString('latin1'), '%PDF');
  assert.match(pdf.name, /受理告知书\.pdf$/);
  const docx = await download(handler, () => row.getByTestId('document-docx').click());
  assert.equal(docx.bytes.subarray(0, 2).toString('latin1'), 'PK');  // a .docx is a zip
  assert.match(docx.name, /\.docx$/);

  // 打印: the PDF in a new tab (opened within the click, so not blocked as a pop-up).
  const [tab] = await Promise.all([handler.waitForEvent('popup'), row.getByTestId('document-print').click()]);
  await tab.waitForURL(/^blob:/);
  await tab.close();
});

test('attachments: a PNG is uploaded and listed, HTML named x.pdf is refused, a deletion is struck through', async () => {
  const handler = await as('handler');
  await openCase(handler, server.url, caseId);
  const input = handler.locator('[data-testid="attachment-upload"] input[type="file"]');
  await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png() });
  const row = attachmentRow(handler, 'photo.png');
  await row.waitFor();
  assert.match(await row.innerText(), /image\/png/);
  assert.match(await row.innerText(), /演示承办人/);

  // Downloaded as it was uploaded.
  const file = await download(handler, () => row.getByTestId('attachment-download').click());
  assert.equal(file.name, 'photo.png');
  assert.deepEqual(file.bytes, png());

  // An HTML page named x.pdf: the server looks at the content and refuses it; its message is shown.
  await input.setInputFiles({ name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!DOCTYPE html><html><body>hi</body></html>') });
  const message = handler.locator('.el-message--error').filter({ hasText: '不能上传' });
  await message.waitFor();
  assert.match(await message.innerText(), /x\.pdf/);
  assert.equal(await attachmentRow(handler, 'x.pdf').count(), 0);

  // 删除 asks for the reason (required), then the row stays, struck through, with who, when and why.
  await row.getByTestId('attachment-delete').click();
  const box = handler.locator('.xf-attachment-delete');
  await box.waitFor();
  await box.getByRole('button', { name: '删除' }).click();
  await box.getByText('请填写删除原因').waitFor();
  await box.locator('input').fill('误传的测试图片');
  await box.getByRole('button', { name: '删除' }).click();
  await box.waitFor({ state: 'hidden' });
  await row.locator('del', { hasText: 'photo.png' }).waitFor();
  assert.match(await row.getByTestId('attachment-deleted').innerText(), /演示承办人.*误传的测试图片/);
  assert.equal(await row.getByTestId('attachment-delete').count(), 0);
  await shot(handler, 'case-attachments');

  // 显示已删除 off: the row is hidden.
  await handler.getByTestId('attachment-show-deleted').click();
  await row.waitFor({ state: 'detached' });
});

test('the admin edits the 受理告知书 template: preview, a bad placeholder, save → version 2, history', async () => {
  const admin = await as('admin');
  await admin.goto(`${server.url}/admin/document-templates`);
  const version = admin.getByTestId('template-version-acceptance_notice');
  await version.filter({ hasText: '第1版' }).waitFor();
  assert.equal(await admin.getByTestId('template-table').locator('tbody tr').count(), 10);

  await admin.getByTestId('template-edit-acceptance_notice').click();
  const editor = admin.getByTestId('template-editor');
  await editor.waitFor();
  const body = editor.getByTestId('template-body');
  const original = await body.inputValue();
  assert.match(original, /\{\{信访件编号\}\}/);

  // A field clicked in the list goes in at the cursor (here: the end of a new last line).
  await body.click();
  await admin.keyboard.press('Control+End');
  await admin.keyboard.type('\n如对办理有意见，可凭信访件编号');
  await editor.locator('[data-field="信访件编号"]').click();
  await admin.keyboard.type('向本机关反映。');
  assert.ok((await body.inputValue()).endsWith('如对办理有意见，可凭信访件编号{{信访件编号}}向本机关反映。'));

  // 预览: the PDF with sample values in a frame.
  await editor.getByTestId('template-preview-button').click();
  const frame = editor.getByTestId('template-preview');
  await frame.waitFor();
  assert.match(await frame.getAttribute('src'), /^blob:/);
  await shot(admin, 'document-template-editor');

  // An unknown placeholder is refused, the message beside 正文.
  const good = await body.inputValue();
  await body.fill(`${good}\n{{不存在的字段}}`);
  await editor.getByTestId('template-save').click();
  const bodyItem = editor.locator('.el-form-item').filter({ has: admin.getByTestId('template-body') });
  await bodyItem.locator('.el-form-item__error').filter({ hasText: '{{不存在的字段}}' }).waitFor();
  await version.filter({ hasText: '第1版' }).waitFor();

  await body.fill(good);
  await editor.getByTestId('template-note').fill('增加反映意见的途径');
  await editor.getByTestId('template-save').click();
  await admin.locator('.el-message--success').filter({ hasText: '已保存为第2版' }).waitFor();
  await version.filter({ hasText: '第2版' }).waitFor();
  assert.match(await admin.getByTestId('template-editor-title').innerText(), /第2版/);

  // 历史版本: newest first.
  await editor.getByTestId('template-history').click();
  const versions = admin.getByTestId('template-versions').locator('article');
  await versions.nth(1).waitFor();
  assert.deepEqual(await versions.evaluateAll((els) => els.map((e) => e.dataset.version)), ['2', '1']);
  assert.match(await versions.first().innerText(), /增加反映意见的途径/);
});

test('重新生成 makes 第2版 with the same 文号 from the new template; the old one is greyed', async () => {
  const handler = await as('handler');
  await openCase(handler, server.url, caseId);
  const notices = documentRows(handler).filter({ has: handler.getByTestId('document-kind').filter({ hasText: /^受理告知书$/ }) });
  await notices.first().waitFor();
  await notices.first().getByTestId('document-regenerate').click();
  const box = handler.locator('.xf-doc-regenerate');
  await box.waitFor();
  assert.match(await box.innerText(), /最新模板/);
  assert.ok((await box.innerText()).includes(`文号（${docNumber}）不变`));
  await box.getByRole('button', { name: '重新生成' }).click();
  await handler.locator('.el-message--success').filter({ hasText: '已生成第2版' }).waitFor();
  await notices.nth(1).waitFor();
  const texts = await notices.allInnerTexts();
  const latest = texts.find((t) => /第2版/.test(t));
  const old = texts.find((t) => /第1版/.test(t));
  assert.ok(latest && old, texts.join(' | '));
  assert.match(latest, /模板第2版/);
  for (const t of [latest, old]) assert.ok(t.includes(docNumber), t);
  assert.equal(await handler.getByTestId('document-table').locator('tbody tr.is-old').count(), 1);
  // Only the latest can be regenerated.
  assert.equal(await handler.getByTestId('document-table').locator('tbody tr.is-old').getByTestId('document-regenerate').count(), 0);
});

// ---- portal ------------------------------------------------------------------------------------------------

test('portal: a demo case shows its 文书, one downloads as a PDF; 补充材料 are uploaded', async () => {
  const page = await newPortalPage(browser, DESKTOP);
  const { code, secret } = samples.replied;
  await page.goto(`${server.url}/portal/track`);
  await page.getByTestId('track-code').fill(code);
  await page.getByTestId('track-secret').fill(secret);
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-view').waitFor();

  const items = page.getByTestId('documents-panel').getByTestId('document-item');
  await items.first().waitFor();
  assert.ok(await items.count() >= 1);
  assert.match(await items.first().innerText(), /告知书|意见书/);
  assert.match(await items.first().getByTestId('document-number').innerText(), /〔\d{4}〕\d+号/);
  const [file] = await Promise.all([page.waitForEvent('download'), items.first().getByTestId('document-download').click()]);
  assert.equal(readFileSync(await file.path()).subarray(0, 4).toString('latin1'), '%PDF');
  assert.match(file.suggestedFilename(), /\.pdf$/);
  await page.getByTestId('document-done').waitFor();

  // 补充材料 (the case is still open): the file picker, then the list after the case is looked up again.
  const panel = page.getByTestId('materials-panel');
  await panel.getByTestId('materials-input').setInputFiles([
    { name: '补充说明.txt', mimeType: 'text/plain', buffer: Buffer.from('补充说明：工资欠条复印件另行邮寄。\n') },
    { name: '现场.png', mimeType: 'image/png', buffer: png() },
  ]);
  await panel.getByTestId('materials-submit').filter({ hasText: '上传 2 个文件' }).click();
  await panel.getByTestId('materials-done').waitFor();
  await panel.getByTestId('material-item').filter({ hasText: '现场.png' }).waitFor();
  assert.equal(await panel.getByTestId('material-item').count(), 2);
  // The file input is labelled.
  assert.equal(await page.locator('label[for="pt-materials-input"]').count(), 1);
  await shot(page, 'portal-documents');

  // The handling office sees them, tagged 信访人上传.
  const number = (await page.getByTestId('track-number').innerText()).trim();
  // The demo's replied sample was sent on and answered by a department; which one depends on the demo's day, so the
  // first of these offices that holds it looks.
  let staff;
  let hit;
  for (const login of ['dept_handler', 'handler']) {
    staff = await as(login);
    hit = (await api(staff, 'GET', `/api/v1/petitions?number=${number}`)).body.items.find((i) => i.number === number);
    if (hit) break;
  }
  assert.ok(hit, `${number} is seen by the office that handled it`);
  await openCase(staff, server.url, hit.id);
  const uploaded = attachmentRow(staff, '现场.png');
  await uploaded.waitFor();
  assert.match(await uploaded.innerText(), /信访人上传/);
  assert.equal(await staff.getByTestId('attachment-table').getByText('信访人上传').count(), 2);
  await page.context().close();
});
