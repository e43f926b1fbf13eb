// The 附件 section against a stubbed server: the list (信访人上传 tagged; deleted rows hidden until 显示已删除, then
// struck through with who, when and why), an upload sent as multipart/form-data field `file`, the server's message
// for a refused file, and 删除 that requires a reason and sends it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import { setCsrfToken } from '@/api/client'
import type { Attachment } from '@/api/attachments'
import AttachmentsSection from './AttachmentsSection.vue'

function file(id: number, extra: Partial<Attachment> = {}): Attachment {
  return {
    id,
    file_name: `f${id}.png`,
    media_type: 'image/png',
    size: 2048,
    sha256: 'ab',
    source: 'staff',
    uploaded_at: '2026-12-02T09:00:00+08:00',
    uploaded_by_name: '演示承办人',
    deleted: false,
    deleted_at: null,
    deleted_by_name: '',
    delete_reason: '',
    ...extra,
  }
}

let wrapper: VueWrapper | null = null
let calls: { url: string; init?: RequestInit }[] = []
let uploadReply: () => Response
const q = (sel: string) => document.body.querySelector<HTMLElement>(sel)
const qa = (sel: string) => [...document.body.querySelectorAll<HTMLElement>(sel)]
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

async function open() {
  wrapper = mount(AttachmentsSection, {
    props: { petitionId: 12, stamp: 1 },
    global: { plugins: [i18n], stubs: { transition: false } },
    attachTo: document.body,
  })
  await flushPromises()
  await nextTick()
}

async function choose(...files: File[]) {
  const input = q('[data-testid="attachment-upload"] input[type="file"]') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
  await nextTick()
}

beforeEach(() => {
  setCsrfToken('tok')
  calls = []
  uploadReply = () => json(201, { items: [file(9, { file_name: 'new.png' })] })
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init })
      if (url === '/api/v1/petitions/12/attachments?include_deleted=1')
        return json(200, {
          items: [
            file(1, { file_name: '来信扫描件.pdf', media_type: 'application/pdf' }),
            file(2, { file_name: '现场照片.jpg', source: 'portal', uploaded_by_name: '' }),
            file(3, {
              file_name: '旧照片.png',
              deleted: true,
              deleted_at: '2026-12-02T11:30:00+08:00',
              deleted_by_name: '演示承办人',
              delete_reason: '重复上传',
            }),
          ],
        })
      if (url === '/api/v1/petitions/12/attachments') return uploadReply()
      if (init?.method === 'DELETE') return new Response(null, { status: 204 })
      return json(404, {})
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

describe('AttachmentsSection', () => {
  it('lists the files, tags the petitioner’s own, and shows deleted ones struck through on request', async () => {
    await open()
    expect(calls[0].url).toBe('/api/v1/petitions/12/attachments?include_deleted=1')
    expect(qa('[data-testid="attachment-name"]').map((e) => e.textContent)).toEqual(['来信扫描件.pdf', '现场照片.jpg'])
    const rows = qa('[data-testid="attachment-table"] tbody tr')
    expect(rows[1].textContent).toContain('信访人上传')
    expect(rows[1].textContent).toContain('信访人') // no staff name: the petitioner
    expect(rows[0].textContent).toContain('2.0 KB')
    expect(q('.xf-attachments__hint')!.textContent).toContain('支持 PDF、图片、Word/Excel、文本和录音，单个文件不超过20MB')
    expect(q('.el-upload')!.getAttribute('aria-label')).toBe('上传附件')

    expect(q('[data-testid="attachment-show-deleted"]')!.textContent).toContain('显示已删除（1）')
    q('[data-testid="attachment-show-deleted"]')!.click()
    await nextTick()
    const deleted = qa('[data-testid="attachment-table"] tbody tr')[2]
    expect(deleted.classList.contains('is-deleted')).toBe(true)
    expect(deleted.querySelector('del')!.textContent).toBe('旧照片.png')
    expect(deleted.querySelector('[data-testid="attachment-deleted"]')!.textContent).toContain('演示承办人，2026-12-02 11:30，原因：重复上传')
    expect(deleted.querySelector('[data-testid="attachment-delete"]')).toBeNull()
  })

  it('uploads a chosen file as multipart/form-data field `file`, then reloads', async () => {
    await open()
    await choose(new File(['png'], 'new.png', { type: 'image/png' }))
    const post = calls.find((c) => c.init?.method === 'POST')!
    expect(post.url).toBe('/api/v1/petitions/12/attachments')
    const form = post.init!.body as FormData
    expect((form.getAll('file') as File[]).map((f) => f.name)).toEqual(['new.png'])
    expect((post.init!.headers as Record<string, string>)['Content-Type']).toBeUndefined()
    expect(calls.filter((c) => c.url.endsWith('include_deleted=1'))).toHaveLength(2)
  })

  it('shows the server’s message when a file is refused', async () => {
    uploadReply = () =>
      json(400, { status: 400, title: '请求参数错误', detail: '文件“x.pdf”的类型（HTML 文档）不能上传', field: 'file', code: 'invalid_argument' })
    await open()
    await choose(new File(['<html>'], 'x.pdf', { type: 'application/pdf' }))
    expect(q('.el-message')!.textContent).toContain('文件“x.pdf”的类型（HTML 文档）不能上传')
  })

  it('does not send a file over 20 MB', async () => {
    await open()
    const big = new File(['x'], 'big.wav')
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 })
    await choose(big)
    expect(calls.some((c) => c.init?.method === 'POST')).toBe(false)
    expect(q('.el-message')!.textContent).toContain('超过20MB')
  })

  it('deletes only with a reason, and sends it', async () => {
    await open()
    q('[data-testid="attachment-delete"]')!.click()
    await flushPromises()
    await nextTick()
    const box = q('.xf-attachment-delete')!
    expect(box.textContent).toContain('请填写删除“来信扫描件.pdf”的原因')
    const confirm = () => [...box.querySelectorAll('button')].find((b) => b.textContent?.trim() === '删除')!.click()
    confirm()
    await flushPromises()
    await nextTick()
    expect(box.textContent).toContain('请填写删除原因')
    expect(calls.some((c) => c.init?.method === 'DELETE')).toBe(false)
    const input = box.querySelector('input')!
    input.value = '重复上传'
    input.dispatchEvent(new Event('input'))
    await nextTick()
    confirm()
    await flushPromises()
    const del = calls.find((c) => c.init?.method === 'DELETE')!
    expect(del.url).toBe('/api/v1/attachments/1')
    expect(JSON.parse(String(del.init!.body))).toEqual({ reason: '重复上传' })
  })
})
