// The 文书 section against a stubbed server: its columns (文号, 出具单位, 第N版 / 模板第N版, older versions greyed),
// downloads named by Content-Disposition, 重新生成 only on the latest version and only after a confirmation, and a
// reload whenever the page shows the case anew (after a workflow action).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import { setCsrfToken } from '@/api/client'
import type { CaseDocument } from '@/api/documents'
import DocumentsSection from './DocumentsSection.vue'

function doc(id: number, extra: Partial<CaseDocument> = {}): CaseDocument {
  return {
    id,
    petition_id: 12,
    kind: 'acceptance_notice',
    kind_label: '受理告知书',
    to_petitioner: true,
    revision: 1,
    latest: true,
    doc_number: '青山信受〔2026〕3号',
    template_version: 1,
    org_name: '青山县信访局',
    created_at: '2026-12-02T10:20:00+08:00',
    created_by_name: '演示承办人',
    sha256: 'ab',
    size: 1000,
    ...extra,
  }
}

let wrapper: VueWrapper | null = null
let calls: { url: string; init?: RequestInit }[] = []
let saved: { name: string; href: string }[] = []
let items: CaseDocument[] = []
const q = (sel: string) => document.body.querySelector<HTMLElement>(sel)
const qa = (sel: string) => [...document.body.querySelectorAll<HTMLElement>(sel)]

async function open() {
  wrapper = mount(DocumentsSection, {
    props: { petitionId: 12, stamp: 1 },
    global: { plugins: [i18n], stubs: { transition: false } },
    attachTo: document.body,
  })
  await flushPromises()
  await nextTick()
}

beforeEach(() => {
  setCsrfToken('tok')
  calls = []
  saved = []
  items = [doc(8, { revision: 2, template_version: 2 }), doc(7, { latest: false })]
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init })
      if (url === '/api/v1/petitions/12/documents') return new Response(JSON.stringify({ items }), { status: 200 })
      if (url === '/api/v1/documents/8/regenerate')
        return new Response(JSON.stringify(doc(9, { revision: 3 })), { status: 201 })
      return new Response('%PDF-1.7', {
        status: 200,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="n.pdf"; filename*=UTF-8''991021-2026-000001_%E5%8F%97%E7%90%86%E5%91%8A%E7%9F%A5%E4%B9%A6.pdf`,
        },
      })
    }),
  )
  URL.createObjectURL = vi.fn(() => 'blob:doc')
  URL.revokeObjectURL = vi.fn()
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, href: this.href })
  })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('DocumentsSection', () => {
  it('lists each version with its 文号, office and template version; older ones greyed, without 重新生成', async () => {
    await open()
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/petitions/12/documents'])
    const rows = qa('[data-testid="document-table"] tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('青山信受〔2026〕3号')
    expect(rows[0].textContent).toContain('青山县信访局')
    expect(rows[0].textContent).toContain('2026-12-02 10:20')
    expect(rows[0].querySelector('[data-testid="document-revision"]')!.textContent).toBe('第2版')
    expect(rows[0].textContent).toContain('模板第2版')
    expect(rows[1].classList.contains('is-old')).toBe(true)
    expect(rows[1].textContent).toContain('已有新版')
    expect(rows[0].querySelector('[data-testid="document-regenerate"]')).not.toBeNull()
    expect(rows[1].querySelector('[data-testid="document-regenerate"]')).toBeNull()
    expect(rows[0].querySelector('[data-testid="document-pdf"]')!.getAttribute('aria-label')).toBe('下载PDF：受理告知书 青山信受〔2026〕3号 第2版')
  })

  it('downloads the PDF and the Word file through fetch, named by the server', async () => {
    await open()
    q('[data-testid="document-table"] tbody tr [data-testid="document-pdf"]')!.click()
    await flushPromises()
    expect(calls.at(-1)!.url).toBe('/api/v1/documents/8/pdf')
    expect(calls.at(-1)!.init!.credentials).toBe('same-origin')
    expect(saved).toEqual([{ name: '991021-2026-000001_受理告知书.pdf', href: 'blob:doc' }])
    qa('[data-testid="document-docx"]')[1].click()
    await flushPromises()
    expect(calls.at(-1)!.url).toBe('/api/v1/documents/7/docx')
  })

  it('prints in a new tab opened within the click, or downloads when the tab is blocked', async () => {
    await open()
    const tab = { document: { title: '' }, location: { href: '' }, closed: false, close: vi.fn() }
    const openSpy = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window)
    q('[data-testid="document-print"]')!.click()
    expect(openSpy).toHaveBeenCalledWith('', '_blank') // before the PDF is fetched
    await flushPromises()
    expect(calls.at(-1)!.url).toBe('/api/v1/documents/8/pdf')
    expect(tab.location.href).toBe('blob:doc')
    expect(tab.document.title).toBe('受理告知书 青山信受〔2026〕3号 第2版')
    expect(saved).toEqual([])

    openSpy.mockReturnValue(null)
    q('[data-testid="document-print"]')!.click()
    await flushPromises()
    expect(saved).toEqual([{ name: '991021-2026-000001_受理告知书.pdf', href: 'blob:doc' }])
  })

  it('regenerates after a confirmation that keeps the 文号, then reloads', async () => {
    await open()
    q('[data-testid="document-regenerate"]')!.click()
    await flushPromises()
    await nextTick()
    const box = q('.xf-doc-regenerate')!
    expect(box.textContent).toContain('最新模板')
    expect(box.textContent).toContain('文号（青山信受〔2026〕3号）不变')
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false)
    ;[...box.querySelectorAll('button')].find((b) => b.textContent?.trim() === '重新生成')!.click()
    await flushPromises()
    const post = calls.find((c) => c.init?.method === 'POST')!
    expect(post.url).toBe('/api/v1/documents/8/regenerate')
    expect((post.init!.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
    expect(calls.filter((c) => c.url === '/api/v1/petitions/12/documents')).toHaveLength(2)
  })

  it('reloads when the page shows the case anew (after an action)', async () => {
    await open()
    items = [doc(10, { kind: 'extension_notice', kind_label: '延期告知书', doc_number: '青山信延〔2026〕1号' }), ...items]
    await wrapper!.setProps({ stamp: 2 })
    await flushPromises()
    expect(calls.filter((c) => c.url === '/api/v1/petitions/12/documents')).toHaveLength(2)
    expect(qa('[data-testid="document-kind"]').map((e) => e.textContent)).toEqual(['延期告知书', '受理告知书', '受理告知书'])
  })
})
