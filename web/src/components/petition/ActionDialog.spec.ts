// The action dialog against a stubbed server: client-side errors beside the fields, a 400 `field` mapped onto
// its field, 409 aborted → `conflict`, 409 failed_precondition → the rule at the top, success → `done`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import ActionDialog from './ActionDialog.vue'
import { i18n } from '@/i18n'
import { setCsrfToken } from '@/api/client'
import type { PetitionView } from '@/api/petitions'
import type { Transition } from '@/api/workflow'

const petition = {
  id: 7,
  version: 4,
  number: '991021-2026-000007',
  title: '反映拖欠工资的问题',
  kind: 'original',
  state: 'accepted',
  current_org_id: 12,
  registered_org_id: 11,
  actions: [{ name: 'extend', label: '延期' }],
} as unknown as PetitionView

const transitions: Transition[] = [
  { action: 'extend', label: '延期', from: ['accepted'], kinds: ['original'], to: null, roles: ['approver'], petitioner: false, system: false, article: '条例第34条' },
]

let wrapper: VueWrapper | null = null

async function open(action = { name: 'extend' as const, label: '延期' }) {
  wrapper = mount(ActionDialog, {
    props: { modelValue: true, action, petition, transitions, orgs: [] },
    global: { plugins: [i18n], stubs: { transition: false, 'transition-group': false } },
    attachTo: document.body,
  })
  await flushPromises()
  await nextTick()
  return wrapper
}

const q = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector<T>(sel)

async function type(sel: string, value: string) {
  const el = q<HTMLInputElement | HTMLTextAreaElement>(sel)!
  el.value = value
  el.dispatchEvent(new Event('input'))
  el.dispatchEvent(new Event('change'))
  el.dispatchEvent(new Event('blur'))
  await nextTick()
}

async function fillExtend() {
  await type('[data-testid="field-extension_days"] input', '15')
  await type('[data-testid="field-reason"] textarea', '情况复杂')
  await type('[data-testid="field-approver_id"] input', '5')
}

async function submit() {
  q('[data-testid="action-submit"]')!.click()
  await flushPromises()
  // ElFormItem shows its message after a short debounce.
  await new Promise((r) => setTimeout(r, 150))
  await nextTick()
}

function errorOf(field: string) {
  return q(`[data-testid="field-${field}"] .el-form-item__error`)?.textContent?.trim() ?? ''
}

function respond(status: number, body: unknown) {
  const fetch = vi.fn().mockImplementation(async () => new Response(JSON.stringify(body), { status, headers: { ETag: '"5"' } }))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

beforeEach(() => setCsrfToken('tok'))
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('ActionDialog', () => {
  it('shows the article and the fields 延期 needs, and says what is missing without calling the server', async () => {
    const fetch = respond(200, {})
    await open()
    await flushPromises()
    expect(q('[data-testid="action-article"]')?.textContent).toContain('条例第34条')
    const fields = [...document.body.querySelectorAll('[data-field]')].map((e) => e.getAttribute('data-field'))
    expect(fields).toEqual(['extension_days', 'reason', 'approver_id', 'internal_note'])
    await submit()
    expect(fetch).not.toHaveBeenCalled()
    expect(errorOf('extension_days')).toBe('请填写延长天数')
    expect(errorOf('reason')).toBe('请填写延期理由')
    expect(errorOf('approver_id')).toBe('请填写批准人')
    expect(errorOf('internal_note')).toBe('')
  })

  it('sends If-Match and the body, and emits done with the new view', async () => {
    const fetch = respond(200, { ...petition, version: 5, extended: true })
    const w = await open()
    await fillExtend()
    await submit()
    expect(fetch).toHaveBeenCalledTimes(1)
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/petitions/7/actions/extend')
    expect(init.headers['If-Match']).toBe('"4"')
    expect(JSON.parse(init.body)).toEqual({ extension_days: 15, reason: '情况复杂', approver_id: 5 })
    const done = w.emitted('done')!
    expect(done).toHaveLength(1)
    expect((done[0][0] as PetitionView).version).toBe(5)
  })

  it('puts a 400 naming a field beside that field', async () => {
    respond(400, { status: 400, code: 'invalid_argument', field: 'approver_id', detail: '延期须经本单位负责人批准' })
    await open()
    await fillExtend()
    await submit()
    expect(errorOf('approver_id')).toBe('延期须经本单位负责人批准')
    expect(q('[data-testid="action-error"]')).toBeNull()
  })

  it('shows the rule of a 409 failed_precondition at the top', async () => {
    respond(409, { status: 409, code: 'failed_precondition', detail: '办理期限只能延长一次（条例第34条）' })
    const w = await open()
    await fillExtend()
    await submit()
    const alert = q('[data-testid="action-error"]')
    expect(alert?.textContent).toContain('当前不能执行该操作')
    expect(alert?.textContent).toContain('办理期限只能延长一次（条例第34条）')
    expect(w.emitted('conflict')).toBeUndefined()
  })

  it('emits conflict on a 409 aborted and keeps what was typed', async () => {
    respond(409, { status: 409, code: 'aborted', detail: '信访件已被他人修改' })
    const w = await open()
    await fillExtend()
    await submit()
    expect(w.emitted('conflict')).toHaveLength(1)
    expect(q('[data-testid="action-conflict"]')?.textContent).toContain('被他人修改')
    expect(q<HTMLTextAreaElement>('[data-testid="field-reason"] textarea')!.value).toBe('情况复杂')
  })

  it('names the opinion in the title of 答复', async () => {
    await open({ name: 'reply' as never, label: '答复' })
    await flushPromises()
    expect(q('.el-dialog__title')?.textContent).toBe('答复 — 出具信访处理意见书')
  })
})
