// The 文书 and 附件 API helpers against a stubbed fetch: URLs, If-Match on saving a template, a preview POSTed as
// JSON and answered with a PDF, files named by Content-Disposition, uploads as multipart/form-data (field `file`,
// no hand-made Content-Type), a delete with its reason, and problem+json (400 with `field`, 409, 413) on failure.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, onUnauthenticated, setCsrfToken } from './client'
import {
  getDocumentFile,
  listDocuments,
  listTemplateVersions,
  listTemplates,
  previewTemplate,
  regenerateDocument,
  saveTemplate,
} from './documents'
import { deleteAttachment, getAttachmentFile, listAttachments, uploadAttachments } from './attachments'
import { formatFileSize } from '@/utils/files'

type Init = RequestInit & { headers: Record<string, string> }
let calls: { url: string; init: Init }[] = []

function stub(status: number, body: BodyInit | null, headers: Record<string, string> = {}) {
  calls = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: Init) => {
      calls.push({ url, init })
      return new Response(status === 204 ? null : body, { status, headers })
    }),
  )
}
const json = (v: unknown) => JSON.stringify(v)
const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) =>
  stub(status, json({ type: 'x', title: 't', status, detail, ...extra }), { 'Content-Type': 'application/problem+json' })

const TEMPLATE = { title: '信访事项受理告知书', addressee: '{{信访人}}：', body: '第一段\n第二段', number_format: '{{机关简称}}信受〔{{年份}}〕{{序号}}号', note: '改' }

beforeEach(() => setCsrfToken('tok-9'))
afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthenticated(null)
  setCsrfToken(null)
})

describe('documents API', () => {
  it('lists a case’s documents', async () => {
    stub(200, json({ items: [{ id: 5, kind_label: '受理告知书', doc_number: '青山信受〔2026〕3号' }] }))
    const items = await listDocuments(12)
    expect(items[0].doc_number).toBe('青山信受〔2026〕3号')
    expect(calls[0].url).toBe('/api/v1/petitions/12/documents')
    expect(calls[0].init.method).toBe('GET')
  })

  it('fetches the PDF or Word file with the session cookie, named by the server (filename*)', async () => {
    stub(200, '%PDF-1.7', {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="notice.pdf"; filename*=UTF-8''%E5%8F%97%E7%90%86%E5%91%8A%E7%9F%A5%E4%B9%A6.pdf`,
    })
    const r = await getDocumentFile(5, 'pdf')
    expect(calls[0].url).toBe('/api/v1/documents/5/pdf')
    expect(calls[0].init.credentials).toBe('same-origin')
    expect(r.filename).toBe('受理告知书.pdf')
    expect(await r.blob.text()).toBe('%PDF-1.7')
    await getDocumentFile(5, 'docx')
    expect(calls[1].url).toBe('/api/v1/documents/5/docx')
  })

  it('regenerates with a POST and the CSRF token', async () => {
    stub(201, json({ id: 9, revision: 2, latest: true }))
    const d = await regenerateDocument(5)
    expect(d.revision).toBe(2)
    expect(calls[0].url).toBe('/api/v1/documents/5/regenerate')
    expect(calls[0].init.method).toBe('POST')
    expect(calls[0].init.headers['X-CSRF-Token']).toBe('tok-9')
  })

  it('lists the templates with the placeholder fields, and a kind’s versions', async () => {
    stub(200, json({ items: [{ kind: 'acceptance_notice', version: 1 }], fields: [{ name: '信访人', description: '信访人姓名' }] }))
    const r = await listTemplates()
    expect(calls[0].url).toBe('/api/v1/document-templates')
    expect(r.fields[0].name).toBe('信访人')
    stub(200, json({ items: [{ version: 2 }, { version: 1 }] }))
    expect((await listTemplateVersions('acceptance_notice')).map((v) => v.version)).toEqual([2, 1])
    expect(calls[0].url).toBe('/api/v1/document-templates/acceptance_notice/versions')
  })

  it('saves a template with PUT and If-Match: "<version>"', async () => {
    stub(200, json({ kind: 'acceptance_notice', version: 4, ...TEMPLATE }), { ETag: '"4"' })
    const saved = await saveTemplate('acceptance_notice', 3, TEMPLATE)
    expect(saved.version).toBe(4)
    const { url, init } = calls[0]
    expect(url).toBe('/api/v1/document-templates/acceptance_notice')
    expect(init.method).toBe('PUT')
    expect(init.headers['If-Match']).toBe('"3"')
    expect(init.headers['X-CSRF-Token']).toBe('tok-9')
    expect(JSON.parse(String(init.body))).toEqual(TEMPLATE)
  })

  it('reports a stale version (409) and a bad placeholder (400 naming the part)', async () => {
    problem(409, '模板已被修改', { code: 'aborted' })
    expect(((await saveTemplate('acceptance_notice', 3, TEMPLATE).catch((e) => e)) as ApiError).isConflict()).toBe(true)
    problem(400, '正文中的字段“{{不存在}}”不存在', { field: 'body', code: 'invalid_argument' })
    const e = (await saveTemplate('acceptance_notice', 3, TEMPLATE).catch((x) => x)) as ApiError
    expect(e.field).toBe('body')
    expect(e.detail).toContain('不存在')
  })

  it('previews with a JSON POST answered by a PDF', async () => {
    stub(200, '%PDF-1.7 preview', { 'Content-Type': 'application/pdf' })
    const pdf = await previewTemplate('acceptance_notice', TEMPLATE)
    const { url, init } = calls[0]
    expect(url).toBe('/api/v1/document-templates/acceptance_notice/preview')
    expect(init.method).toBe('POST')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.headers['X-CSRF-Token']).toBe('tok-9')
    expect(JSON.parse(String(init.body))).toEqual(TEMPLATE)
    expect(await pdf.text()).toBe('%PDF-1.7 preview')
    problem(400, '标题不能为空', { field: 'title' })
    expect(((await previewTemplate('acceptance_notice', TEMPLATE).catch((e) => e)) as ApiError).field).toBe('title')
  })

  it('asks for a new log-in instead of sending a change without the CSRF token', async () => {
    setCsrfToken(null)
    const handler = vi.fn()
    onUnauthenticated(handler)
    stub(200, '%PDF')
    await expect(previewTemplate('acceptance_notice', TEMPLATE)).rejects.toMatchObject({ status: 401 })
    expect(calls).toHaveLength(0)
    expect(handler).toHaveBeenCalledWith('csrf', expect.any(ApiError))
  })
})

describe('attachments API', () => {
  it('lists with the deleted ones when asked', async () => {
    stub(200, json({ items: [{ id: 1, deleted: true }] }))
    expect(await listAttachments(12)).toHaveLength(1)
    expect(calls[0].url).toBe('/api/v1/petitions/12/attachments?include_deleted=1')
    await listAttachments(12, false)
    expect(calls[1].url).toBe('/api/v1/petitions/12/attachments')
  })

  it('uploads multipart/form-data with each file as a `file` part', async () => {
    stub(201, json({ items: [{ id: 3, file_name: 'a.png' }, { id: 4, file_name: '说明.pdf' }] }))
    const files = [new File(['png'], 'a.png', { type: 'image/png' }), new File(['%PDF'], '说明.pdf')]
    const added = await uploadAttachments(12, files)
    expect(added.map((a) => a.id)).toEqual([3, 4])
    const { url, init } = calls[0]
    expect(url).toBe('/api/v1/petitions/12/attachments')
    expect(init.method).toBe('POST')
    expect(init.headers['X-CSRF-Token']).toBe('tok-9')
    // The browser writes the multipart Content-Type with its boundary.
    expect(init.headers['Content-Type']).toBeUndefined()
    const form = init.body as FormData
    expect(form).toBeInstanceOf(FormData)
    expect((form.getAll('file') as File[]).map((f) => f.name)).toEqual(['a.png', '说明.pdf'])
  })

  it('surfaces the server’s message for a refused type (400) and an oversized file (413)', async () => {
    problem(400, '文件“x.pdf”的类型（HTML 文档）不能上传', { field: 'file' })
    const e = (await uploadAttachments(12, [new File(['<html>'], 'x.pdf')]).catch((x) => x)) as ApiError
    expect(e.status).toBe(400)
    expect(e.detail).toBe('文件“x.pdf”的类型（HTML 文档）不能上传')
    problem(413, '文件超过20MB')
    expect(((await uploadAttachments(12, [new File(['x'], 'big.bin')]).catch((x) => x)) as ApiError).status).toBe(413)
  })

  it('downloads one and deletes one with its reason (204)', async () => {
    stub(200, 'bytes', { 'Content-Disposition': `attachment; filename*=UTF-8''%E7%85%A7%E7%89%87.png` })
    expect((await getAttachmentFile(3)).filename).toBe('照片.png')
    expect(calls[0].url).toBe('/api/v1/attachments/3')
    stub(204, null)
    await deleteAttachment(3, '重复上传')
    const { url, init } = calls[0]
    expect(url).toBe('/api/v1/attachments/3')
    expect(init.method).toBe('DELETE')
    expect(JSON.parse(String(init.body))).toEqual({ reason: '重复上传' })
    expect(init.headers['X-CSRF-Token']).toBe('tok-9')
  })

  it('formats sizes for people', () => {
    expect(formatFileSize(532)).toBe('532 B')
    expect(formatFileSize(20480)).toBe('20.0 KB')
    expect(formatFileSize(3 * 1024 * 1024)).toBe('3.0 MB')
  })
})
