// 文书 and 补充材料 on the case view: a document's PDF is POSTed for with the query code and the access token (never
// the secret, never in the URL) and saved under the server's name; files are uploaded as multipart/form-data with
// the credentials as fields, then the case is looked up again with the token; no upload once the matter is
// closed; a proof-of-work challenge on an upload is answered with two more form fields.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { i18n } from '../i18n'
import { normalizeView, uploadAttachments } from '../api/portal'
import { mayAddMaterials } from '../utils/review'
import DocumentsPanel from './DocumentsPanel.vue'
import MaterialsPanel from './MaterialsPanel.vue'

const DOCS = [
  { id: 560, kind_label: '受理告知书', doc_number: '青山信受〔2026〕24号', number: '991021-2026-000110', date: '2026-11-27' },
  { id: 561, kind_label: '信访处理意见书', doc_number: '青山信处〔2026〕25号', number: '991021-2026-000110', date: '2026-12-02' },
]

function view(over: Record<string, unknown> = {}) {
  return normalizeView({ number: '991021-2026-000110', state: 'accepted', state_label: '办理中', steps: [], documents: DOCS, ...over })
}

function render(component: typeof DocumentsPanel | typeof MaterialsPanel, v = view()) {
  return mount(component, {
    props: { view: v, queryCode: 'ABCD-EFGH-JKLM', accessToken: 'tok-1' },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
}

let saved: string[] = []
beforeEach(() => {
  saved = []
  URL.createObjectURL = vi.fn(() => 'blob:x')
  URL.revokeObjectURL = vi.fn()
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download)
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('the public view', () => {
  it('always has document and attachment lists', () => {
    const v = normalizeView({ number: 'N' })
    expect(v.documents).toEqual([])
    expect(v.attachments).toEqual([])
  })

  it('allows 补充材料 only while the matter is open', () => {
    for (const s of ['registered', 'forwarded', 'accepted', 'hearing', 'replied', 'under_review']) expect(mayAddMaterials(view({ state: s })), s).toBe(true)
    for (const s of ['concluded', 'final', 'not_accepted', 'transferred']) expect(mayAddMaterials(view({ state: s })), s).toBe(false)
  })
})

describe('DocumentsPanel', () => {
  it('lists the documents and downloads one with the access token in a POST body', async () => {
    const fetchMock = vi.fn(async () =>
      new Response('%PDF-1.7', {
        status: 200,
        headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename*=UTF-8''%E5%8F%97%E7%90%86%E5%91%8A%E7%9F%A5%E4%B9%A6.pdf` },
      }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const w = render(DocumentsPanel)
    const items = w.findAll('[data-testid="document-item"]')
    expect(items.map((i) => i.find('strong').text())).toEqual(['受理告知书', '信访处理意见书'])
    expect(items[0].find('[data-testid="document-number"]').text()).toBe('青山信受〔2026〕24号')
    const button = items[0].find('[data-testid="document-download"]')
    expect(button.attributes('aria-label')).toBe('下载受理告知书（青山信受〔2026〕24号）')
    await button.trigger('click')
    await flushPromises()
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/portal/documents/560')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('omit')
    expect(JSON.parse(String(init.body))).toEqual({ query_code: 'ABCD-EFGH-JKLM', access_token: 'tok-1' })
    expect(saved).toEqual(['受理告知书.pdf'])
    expect(w.find('[data-testid="document-done"]').text()).toBe('已下载 受理告知书.pdf')
  })

  it('says so when there is none, and asks again when the token has expired', async () => {
    expect(render(DocumentsPanel, view({ documents: [] })).text()).toContain('暂无向您出具的文书')
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ status: 401, detail: '请重新查询' }), { status: 401 })))
    const w = render(DocumentsPanel)
    await w.find('[data-testid="document-download"]').trigger('click')
    await flushPromises()
    expect(w.emitted('expired')).toHaveLength(1)
  })
})

describe('MaterialsPanel', () => {
  async function choose(w: ReturnType<typeof render>, files: File[]) {
    const input = w.find('input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: files, configurable: true })
    await input.trigger('change')
  }

  it('uploads the chosen files with the credentials as form fields, then looks the case up again', async () => {
    const sent: { url: string; init: RequestInit }[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        sent.push({ url, init })
        if (url.endsWith('/attachments'))
          return new Response(
            JSON.stringify({ items: [{ id: 1, file_name: 'a.png', size: 10, uploaded_at: 'x' }, { id: 2, file_name: '说明.txt', size: 3, uploaded_at: 'x' }] }),
            { status: 201 },
          )
        return new Response(JSON.stringify({ number: 'N', state: 'accepted', attachments: [{ id: 1, file_name: 'a.png', size: 10, uploaded_at: '2026-12-02T10:00:00+08:00' }, { id: 2, file_name: '说明.txt', size: 3, uploaded_at: '2026-12-02T10:00:00+08:00' }] }))
      }),
    )
    const w = render(MaterialsPanel, view({ attachments: [] }))
    expect(w.text()).toContain('您尚未上传补充材料')
    expect(w.find('label[for="pt-materials-input"]').exists()).toBe(true)
    expect(w.find('[data-testid="materials-submit"]').attributes('disabled')).toBeDefined()
    await choose(w, [new File(['png'], 'a.png', { type: 'image/png' }), new File(['txt'], '说明.txt')])
    expect(w.find('[data-testid="materials-submit"]').text()).toBe('上传 2 个文件')
    await w.find('form').trigger('submit')
    await flushPromises()

    expect(sent[0].url).toBe('/api/v1/portal/attachments')
    const form = sent[0].init.body as FormData
    expect(form.get('query_code')).toBe('ABCD-EFGH-JKLM')
    expect(form.get('access_token')).toBe('tok-1')
    expect((form.getAll('file') as File[]).map((f) => f.name)).toEqual(['a.png', '说明.txt'])
    expect((sent[0].init.headers as Record<string, string>)['Content-Type']).toBeUndefined()
    expect(sent[1].url).toBe('/api/v1/portal/lookup')
    expect(JSON.parse(String(sent[1].init.body))).toEqual({ query_code: 'ABCD-EFGH-JKLM', access_token: 'tok-1' })
    const updated = w.emitted('updated')![0][0] as { attachments: { file_name: string }[] }
    expect(updated.attachments.map((a) => a.file_name)).toEqual(['a.png', '说明.txt'])
    expect(w.find('[data-testid="materials-done"]').text()).toContain('已上传 2 个文件')
  })

  it('shows the server’s message for a refused file, and refuses a file over 20 MB itself', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ status: 400, detail: '文件“x.pdf”的类型（HTML 文档）不能上传' }), { status: 400 })),
    )
    const w = render(MaterialsPanel)
    const big = new File(['x'], '录音.wav')
    Object.defineProperty(big, 'size', { value: 25 * 1024 * 1024 })
    await choose(w, [big])
    expect(w.find('[data-testid="materials-error"]').text()).toContain('超过20MB')
    await choose(w, [new File(['<html>'], 'x.pdf')])
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid="materials-error"]').text()).toContain('文件“x.pdf”的类型（HTML 文档）不能上传')
  })

  it('lists the files but offers no upload once the matter is closed', () => {
    const w = render(MaterialsPanel, view({ state: 'concluded', attachments: [{ id: 1, file_name: '补充.pdf', size: 3 * 1024 * 1024, uploaded_at: '2026-12-02T10:00:00+08:00' }] }))
    expect(w.find('[data-testid="material-item"]').text()).toContain('补充.pdf')
    expect(w.find('[data-testid="material-item"]').text()).toContain('3.0 MB · 2026-12-02 10:00')
    expect(w.find('input[type="file"]').exists()).toBe(false)
    expect(w.find('[data-testid="materials-closed"]').text()).toBe('本事项已办结，不能再上传材料。')
  })
})

describe('an upload asked for a proof of work', () => {
  it('is sent again with challenge_token and challenge_nonce as form fields', async () => {
    const forms: FormData[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        forms.push(init.body as FormData)
        if (forms.length === 1) return new Response(JSON.stringify({ challenge: { token: 'tk', bits: 2 } }), { status: 428 })
        return new Response(JSON.stringify({ items: [] }), { status: 201 })
      }),
    )
    await uploadAttachments('ABCD', 'tok-1', [new File(['a'], 'a.txt')])
    expect(forms).toHaveLength(2)
    expect(forms[0].get('challenge_token')).toBeNull()
    expect(forms[1].get('challenge_token')).toBe('tk')
    expect(forms[1].get('challenge_nonce')).toBeTruthy()
    expect(forms[1].get('access_token')).toBe('tok-1')
    expect((forms[1].getAll('file') as File[]).map((f) => f.name)).toEqual(['a.txt'])
  })
})
