// The 文书模板 page against a stubbed server: the ten kinds with their versions, the editor (a field clicked goes in
// at the cursor), 预览 in a frame, 保存 with If-Match and the new version, a 400 shown beside the part it names, a
// 409 asking for a reload, and 历史版本 newest first.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import { setCsrfToken } from '@/api/client'
import type { DocumentTemplate } from '@/api/documents'
import AdminDocumentTemplatesView from './AdminDocumentTemplatesView.vue'

function tpl(kind: string, label: string, extra: Partial<DocumentTemplate> = {}): DocumentTemplate {
  return {
    kind,
    kind_label: label,
    to_petitioner: kind.endsWith('notice') || kind.endsWith('opinion'),
    version: 1,
    stored: true,
    title: `信访事项${label}`,
    addressee: '{{信访人}}：',
    body: '你于{{信访日期}}提出的信访事项收悉。\n特此告知。',
    number_format: '{{机关简称}}信受〔{{年份}}〕{{序号}}号',
    note: '内置模板',
    created_at: '2026-12-01T10:00:00+08:00',
    created_by: 0,
    ...extra,
  }
}

const KINDS: [string, string][] = [
  ['acceptance_notice', '受理告知书'],
  ['non_acceptance_notice', '不予受理告知书'],
  ['no_further_acceptance_notice', '不再受理告知书'],
  ['forward_letter', '转送函'],
  ['assign_letter', '交办函'],
  ['extension_notice', '延期告知书'],
  ['handling_opinion', '信访处理意见书'],
  ['review_opinion', '复查意见书'],
  ['re_review_opinion', '复核意见书'],
  ['supervision_notice', '督办通知'],
]

let wrapper: VueWrapper | null = null
let calls: { url: string; init?: RequestInit }[] = []
let putReply: () => Response
const q = <T extends HTMLElement = HTMLElement>(sel: string) => document.body.querySelector<T>(sel)
const qa = (sel: string) => [...document.body.querySelectorAll<HTMLElement>(sel)]
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

async function settle() {
  await flushPromises()
  await nextTick()
}

async function open() {
  wrapper = mount(AdminDocumentTemplatesView, {
    global: { plugins: [i18n], stubs: { transition: false } },
    attachTo: document.body,
  })
  await settle()
}

async function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.value = value
  el.dispatchEvent(new Event('input'))
  await nextTick()
}

async function editAcceptance() {
  q('[data-testid="template-edit-acceptance_notice"]')!.click()
  await settle()
  return q<HTMLTextAreaElement>('textarea[data-testid="template-body"]')!
}

beforeEach(() => {
  setCsrfToken('tok')
  calls = []
  putReply = () => json(200, tpl('acceptance_notice', '受理告知书', { version: 2, body: 'new', note: '改', created_by: 5 }))
  // (happy-dom loads no pages into frames: an about: URL stands in for the blob: URL of the PDF)
  URL.createObjectURL = vi.fn(() => 'about:blank#preview')
  URL.revokeObjectURL = vi.fn()
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init })
      if (url === '/api/v1/document-templates')
        return json(200, {
          items: KINDS.map(([k, l]) => tpl(k, l)),
          fields: [
            { name: '信访人', description: '信访人姓名' },
            { name: '信访件编号', description: '信访件编号' },
          ],
        })
      if (url === '/api/v1/users') return json(200, { items: [{ id: 5, display_name: '演示管理员' }] })
      if (url === '/api/v1/document-templates/acceptance_notice/preview')
        return new Response('%PDF-1.7', { status: 200, headers: { 'Content-Type': 'application/pdf' } })
      if (url === '/api/v1/document-templates/acceptance_notice' && init?.method === 'PUT') return putReply()
      if (url === '/api/v1/document-templates/acceptance_notice/versions')
        return json(200, {
          items: [
            tpl('acceptance_notice', '受理告知书', { version: 2, note: '增加途径', created_by: 5 }),
            tpl('acceptance_notice', '受理告知书'),
          ],
        })
      return json(404, { status: 404, detail: 'x' })
    }),
  )
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('AdminDocumentTemplatesView', () => {
  it('lists the ten kinds with their current version', async () => {
    await open()
    const rows = qa('[data-testid="template-table"] tbody tr')
    expect(rows).toHaveLength(10)
    expect(rows[0].textContent).toContain('受理告知书')
    expect(rows[0].textContent).toContain('信访人')
    expect(rows[3].textContent).toContain('有关机关')
    expect(q('[data-testid="template-version-acceptance_notice"]')!.textContent).toBe('第1版')
    expect(rows[0].textContent).toContain('内置')
  })

  it('inserts a clicked field at the cursor of the field last focused', async () => {
    await open()
    const body = await editAcceptance()
    expect(q('[data-testid="template-editor-title"]')!.textContent).toContain('编辑：受理告知书（第1版）')
    body.focus()
    body.dispatchEvent(new FocusEvent('focus'))
    body.setSelectionRange(2, 2)
    const field = q('[data-field="信访件编号"]')!
    expect(field.getAttribute('aria-label')).toBe('插入字段 信访件编号：信访件编号')
    field.click()
    await settle()
    expect(body.value.startsWith('你于{{信访件编号}}{{信访日期}}')).toBe(true)

    const addressee = q<HTMLInputElement>('input[data-testid="template-addressee"]')!
    addressee.dispatchEvent(new FocusEvent('focus'))
    addressee.setSelectionRange(0, 0)
    q('[data-field="信访人"]')!.click()
    await settle()
    expect(addressee.value).toBe('{{信访人}}{{信访人}}：')
  })

  it('previews the text in a frame and saves with If-Match, showing the new version', async () => {
    await open()
    const body = await editAcceptance()
    await typeInto(body, '新的正文\n第二段')
    q('[data-testid="template-preview-button"]')!.click()
    await settle()
    const preview = calls.find((c) => c.url.endsWith('/preview'))!
    expect(preview.init!.method).toBe('POST')
    expect(JSON.parse(String(preview.init!.body)).body).toBe('新的正文\n第二段')
    expect(q('iframe[data-testid="template-preview"]')!.getAttribute('src')).toBe('about:blank#preview')
    expect(q('iframe[data-testid="template-preview"]')!.getAttribute('title')).toBe('受理告知书预览')

    await typeInto(q<HTMLInputElement>('input[data-testid="template-note"]')!, '改')
    q('[data-testid="template-save"]')!.click()
    await settle()
    const put = calls.find((c) => c.init?.method === 'PUT')!
    expect((put.init!.headers as Record<string, string>)['If-Match']).toBe('"1"')
    expect(JSON.parse(String(put.init!.body))).toEqual({
      title: '信访事项受理告知书',
      addressee: '{{信访人}}：',
      body: '新的正文\n第二段',
      number_format: '{{机关简称}}信受〔{{年份}}〕{{序号}}号',
      note: '改',
    })
    expect(q('[data-testid="template-version-acceptance_notice"]')!.textContent).toBe('第2版')
    expect(q('[data-testid="template-editor-title"]')!.textContent).toContain('第2版')
  })

  it('shows a 400 beside the part it names, and a 409 as a conflict to reload', async () => {
    putReply = () => json(400, { status: 400, detail: '未知的字段“{{不存在}}”', field: 'body', code: 'invalid_argument' })
    await open()
    const body = await editAcceptance()
    await typeInto(body, '{{不存在}}')
    q('[data-testid="template-save"]')!.click()
    await settle()
    const item = wrapper!.findAllComponents({ name: 'ElFormItem' }).find((w) => w.element.contains(body))!
    expect(item.props('error')).toBe('未知的字段“{{不存在}}”')
    expect(item.classes()).toContain('is-error')

    putReply = () => json(409, { status: 409, detail: '模板已被他人修改', code: 'aborted' })
    q('[data-testid="template-save"]')!.click()
    await settle()
    expect(q('[data-testid="template-conflict"]')!.textContent).toContain('请重新加载后再编辑')
    expect(q<HTMLButtonElement>('[data-testid="template-save"]')!.disabled).toBe(true)
  })

  it('lists the versions newest first in the history drawer', async () => {
    await open()
    q('[data-testid="template-history-acceptance_notice"]')!.click()
    await settle()
    const versions = qa('[data-testid="template-versions"] article')
    expect(versions.map((v) => v.dataset.version)).toEqual(['2', '1'])
    expect(versions[0].textContent).toContain('增加途径')
    expect(versions[0].textContent).toContain('演示管理员')
    expect(versions[1].textContent).toContain('内置')
  })
})
