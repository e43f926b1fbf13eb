// Small helpers for Element Plus widgets, addressed by data-testid.
export async function fill(page, testid, value) {
  const el = page.getByTestId(testid);
  const tag = await el.evaluate((e) => e.tagName);
  const input = tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input, textarea').first();
  await input.fill(String(value));
  await input.blur();
}

// Picks a category by name in the searchable two-level tree.
export async function pickCategory(page, name) {
  await page.locator('#xf-reg-category').click();
  await page.locator('#xf-reg-category').fill(name);
  await page.locator('.el-tree-node__content:visible').filter({ hasText: name }).first().click();
}

export async function register(page, base, fields) {
  await page.goto(`${base}/register`);
  await page.getByTestId(`channel-${fields.channel}`).click();
  if (fields.persons) await fill(page, 'register-persons', fields.persons);
  await pickCategory(page, fields.category);
  await fill(page, 'region-code', fields.region);
  await fill(page, 'register-title', fields.title);
  await fill(page, 'register-content', fields.content);
  for (const [i, p] of (fields.petitioners || []).entries()) {
    if (i > 0) await page.getByTestId('petitioner-add').click();
    await fill(page, `petitioner-name-${i}`, p.name);
    if (p.id) await fill(page, `petitioner-id-${i}`, p.id);
    if (p.phone) await fill(page, `petitioner-phone-${i}`, p.phone);
    if (p.rep) await page.getByTestId(`petitioner-rep-${i}`).click();
  }
}

export async function submitRegistration(page) {
  await page.getByTestId('register-submit').click();
  await page.getByTestId('register-success').waitFor();
  const number = (await page.getByTestId('register-result-number').innerText()).trim();
  await page.getByTestId('register-open-case').click();
  await page.waitForURL(/\/petitions\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  return { number, id };
}

// ---- case detail -------------------------------------------------------------------------------------------

export async function openCase(page, base, id) {
  await page.goto(`${base}/petitions/${id}`);
  await page.getByTestId('detail-state').or(page.getByText('信访件不存在或无权查看')).first().waitFor();
}

// The action buttons offered now, e.g. ['forward', 'accept_directly', …].
export async function offeredActions(page) {
  await page.getByTestId('action-bar').or(page.getByTestId('action-none')).first().waitFor();
  return page.locator('[data-testid^="action-"]').evaluateAll((els) => els
    .map((e) => e.getAttribute('data-testid'))
    .filter((x) => !['action-bar', 'action-none'].includes(x))
    .map((x) => x.slice('action-'.length)));
}

export async function openDialog(page, name) {
  await page.getByTestId(`action-${name}`).click();
  const dlg = page.locator(`.xf-action-dialog[data-action="${name}"]`);
  await dlg.waitFor({ state: 'visible' });
  return dlg;
}

export async function submitDialog(page, dlg, expectedState) {
  await dlg.getByTestId('action-submit').click();
  await dlg.waitFor({ state: 'hidden' });
  if (expectedState) await page.getByTestId('detail-state').filter({ hasText: expectedState }).waitFor();
}
