// The statistics API helpers against a stubbed fetch: URLs and parameters of the report, its workbook, the case
// list export and the trend alerts; file downloads named by Content-Disposition; problem+json on failure.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, filenameFromDisposition, onUnauthenticated, requestBlob } from './client'
import { getReportSummary, reportExportParams, reportExportUrl, reportParams } from './reports'
import { petitionsExportParams, petitionsExportUrl } from './exports'
import { getTrendAlerts } from './stats'

function respond(status: number, body: BodyInit | null, headers: Record<string, string> = {}) {
  return vi.fn().mockImplementation(async () => new Response(body, { status, headers }))
}

afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthenticated(null)
})

describe('reports API', () => {
  it('builds the report parameters (org optional, category level stated)', () => {
    expect(reportParams({ org: '991021000000', from: '2025-01-01', to: '2025-12-31' })).toEqual({
      org: '991021000000',
      from: '2025-01-01',
      to: '2025-12-31',
      category_level: 1,
    })
    expect(reportParams({ org: '', from: '2025-01-01', to: '2025-03-31', category_level: 2 })).toEqual({
      org: undefined,
      from: '2025-01-01',
      to: '2025-03-31',
      category_level: 2,
    })
  })

  it('GETs /api/v1/reports/summary with the query', async () => {
    const fetch = respond(200, JSON.stringify({ period: { label: '2025年' } }))
    vi.stubGlobal('fetch', fetch)
    const r = await getReportSummary({ org: '991021000000', from: '2025-01-01', to: '2025-12-31', category_level: 2 })
    expect(r.period.label).toBe('2025年')
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/reports/summary?org=991021000000&from=2025-01-01&to=2025-12-31&category_level=2')
    expect(init.method).toBe('GET')
    expect(init.credentials).toBe('same-origin')
  })

  it('omits an empty org (the server then uses the user’s own)', async () => {
    const fetch = respond(200, '{}')
    vi.stubGlobal('fetch', fetch)
    await getReportSummary({ org: null, from: '2025-03-01', to: '2025-03-31' })
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/reports/summary?from=2025-03-01&to=2025-03-31&category_level=1')
  })

  it('surfaces a problem+json field error (to before from)', async () => {
    vi.stubGlobal(
      'fetch',
      respond(
        400,
        JSON.stringify({ type: 'x', title: '请求参数错误', status: 400, detail: '结束日期早于开始日期', field: 'to', code: 'invalid_argument' }),
        { 'Content-Type': 'application/problem+json' },
      ),
    )
    const e = (await getReportSummary({ from: '2025-04-01', to: '2025-03-01' }).catch((x) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.field).toBe('to')
    expect(e.detail).toBe('结束日期早于开始日期')
  })

  it('asks for the workbook of the same report with format=xlsx', () => {
    const q = { org: '991021000000', from: '2025-01-01', to: '2025-03-31', category_level: 1 as const }
    expect(reportExportParams(q)).toMatchObject({ format: 'xlsx', from: '2025-01-01' })
    expect(reportExportUrl(q)).toBe(
      '/api/v1/reports/summary?org=991021000000&from=2025-01-01&to=2025-03-31&category_level=1&format=xlsx',
    )
  })
})

describe('case list export', () => {
  it('passes the list parameters without paging', () => {
    const q = { state: 'accepted' as const, open: true, org_id: 11, category: '04', limit: 50, cursor: 'abc' }
    expect(petitionsExportParams(q)).toEqual({ state: 'accepted', open: true, org_id: 11, category: '04' })
    expect(petitionsExportUrl(q)).toBe('/api/v1/exports/petitions?state=accepted&open=1&org_id=11&category=04')
    expect(petitionsExportUrl({})).toBe('/api/v1/exports/petitions')
  })
})

describe('trend alerts', () => {
  it('GETs /api/v1/stats/alerts, with the org when given', async () => {
    const fetch = respond(200, JSON.stringify({ month: '2025-11', as_of: '2025-11-20', rule: '规则', alerts: [] }))
    vi.stubGlobal('fetch', fetch)
    const a = await getTrendAlerts()
    expect(a.alerts).toEqual([])
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/stats/alerts')
    await getTrendAlerts('991021000000')
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/stats/alerts?org=991021000000')
  })
})

describe('file downloads', () => {
  it('reads the file name from Content-Disposition (UTF-8 form first)', () => {
    expect(filenameFromDisposition(`attachment; filename="report.xlsx"; filename*=UTF-8''%E7%BB%9F%E8%AE%A1.xlsx`)).toBe('统计.xlsx')
    expect(filenameFromDisposition('attachment; filename="petitions 2025.xlsx"')).toBe('petitions 2025.xlsx')
    expect(filenameFromDisposition('attachment; filename=plain.xlsx')).toBe('plain.xlsx')
    expect(filenameFromDisposition(`attachment; filename*=utf-8''bad%ZZ; filename="ok.xlsx"`)).toBe('ok.xlsx')
    expect(filenameFromDisposition('attachment')).toBeNull()
    expect(filenameFromDisposition(null)).toBeNull()
  })

  it('fetches a blob with the session cookie', async () => {
    const fetch = respond(200, 'PK\u0003\u0004', {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename*=UTF-8''%E4%BF%A1%E8%AE%BF%E4%BB%B6.xlsx`,
    })
    vi.stubGlobal('fetch', fetch)
    const r = await requestBlob('/exports/petitions', { open: true })
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/exports/petitions?open=1')
    expect(fetch.mock.calls[0][1].credentials).toBe('same-origin')
    expect(r.filename).toBe('信访件.xlsx')
    expect(r.contentType).toContain('spreadsheetml')
    expect(r.blob.size).toBeGreaterThan(0)
  })

  it('turns a refused download into an ApiError, a 401 into session expiry', async () => {
    vi.stubGlobal('fetch', respond(403, JSON.stringify({ status: 403, detail: '无权查看该单位的统计', code: 'permission_denied', field: 'org' })))
    const e = (await requestBlob('/reports/summary', { format: 'xlsx' }).catch((x) => x)) as ApiError
    expect(e.isForbidden()).toBe(true)
    expect(e.field).toBe('org')

    const handler = vi.fn()
    onUnauthenticated(handler)
    vi.stubGlobal('fetch', respond(401, JSON.stringify({ status: 401, detail: '请登录', code: 'unauthenticated' })))
    await expect(requestBlob('/exports/petitions')).rejects.toBeInstanceOf(ApiError)
    expect(handler).toHaveBeenCalledWith('expired', expect.any(ApiError))
  })
})
