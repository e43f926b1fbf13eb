// The search and repeat-candidate API helpers against a stubbed fetch: URLs and parameters, the CSRF header on
// the POST, problem+json errors (the `q` field of an empty query), and a background 401 that does not count as
// session expiry.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, onUnauthenticated, setCsrfToken } from './client'
import { findRepeatCandidates, searchPetitions } from './search'

function respond(status: number, body: unknown) {
  return vi.fn().mockImplementation(
    async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' },
      }),
  )
}

const problem = (detail: string, field: string) => ({
  type: 'https://xinfang.example/problems/invalid_argument',
  title: '请求参数错误',
  status: 400,
  detail,
  field,
  code: 'invalid_argument',
})

beforeEach(() => setCsrfToken('tok-1'))
afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthenticated(null)
  setCsrfToken(null)
})

describe('searchPetitions', () => {
  it('GETs /api/v1/search with the words, order, filters and cursor (empty ones left out)', async () => {
    const page = {
      items: [{ id: 77, number: '991021-2025-000003', title_parts: [{ text: '拆迁', hit: true }], snippet: [], score: 6.2 }],
      total: 39,
      facets: [{ code: '02', name: '自然资源', count: 39 }],
      next_cursor: 's6.2_77',
    }
    const fetch = respond(200, page)
    vi.stubGlobal('fetch', fetch)
    const r = await searchPetitions({ q: '拆迁 补偿', order: 'newest', state: '', category: '02', from: '2025-01-01', open: true, limit: 20, cursor: null })
    expect(r.total).toBe(39)
    expect(r.facets[0].name).toBe('自然资源')
    expect(r.items[0].title_parts[0]).toEqual({ text: '拆迁', hit: true })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe(
      '/api/v1/search?q=%E6%8B%86%E8%BF%81+%E8%A1%A5%E5%81%BF&order=newest&category=02&from=2025-01-01&open=1&limit=20',
    )
    expect(init.method).toBe('GET')
    expect(init.headers['X-CSRF-Token']).toBeUndefined()
  })

  it('passes the cursor of a later page', async () => {
    const fetch = respond(200, { items: [], total: null, facets: [], next_cursor: null })
    vi.stubGlobal('fetch', fetch)
    const r = await searchPetitions({ q: '工资', cursor: 's6.1_572' })
    expect(r.total).toBeNull()
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/search?q=%E5%B7%A5%E8%B5%84&cursor=s6.1_572')
  })

  it('surfaces the 400 for an empty query with field q and the Chinese detail', async () => {
    vi.stubGlobal('fetch', respond(400, problem('请输入检索词', 'q')))
    const e = (await searchPetitions({ q: '' }).catch((x) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.isInvalid()).toBe(true)
    expect(e.field).toBe('q')
    expect(e.detail).toBe('请输入检索词')
  })
})

describe('findRepeatCandidates', () => {
  it('POSTs the form as typed so far, with the CSRF token', async () => {
    const items = [
      {
        id: 77,
        number: '991021-2025-000003',
        received_on: '2025-01-02',
        state: 'concluded',
        state_label: '已办结',
        current_org_name: '青山县信访局',
        reason: 'similar_text',
        reason_label: '内容相似',
        similarity: 0.88,
        visible: true,
        title: '反映房屋拆迁后安置不到位的问题',
        advice: '该事项已办结：告知信访人原处理结果及复查、复核途径',
      },
    ]
    const fetch = respond(200, { items })
    vi.stubGlobal('fetch', fetch)
    const body = { region_code: '991021001', content: '两层砖混房屋因工业园区建设被拆除', petitioners: [{ id_number: '110101199003074514' }] }
    const r = await findRepeatCandidates(body)
    expect(r.items[0].reason).toBe('similar_text')
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/petitions/repeat-candidates')
    expect(init.method).toBe('POST')
    expect(init.headers['X-CSRF-Token']).toBe('tok-1')
    expect(JSON.parse(init.body)).toEqual(body)
  })

  it('reports an invalid ID number with its field', async () => {
    vi.stubGlobal('fetch', respond(400, problem('证件号码校验位错误', 'petitioners[0].id_number')))
    const e = (await findRepeatCandidates({ petitioners: [{ id_number: '110101199003074515' }] }).catch((x) => x)) as ApiError
    expect(e.field).toBe('petitioners[0].id_number')
  })

  it('does not treat a 401 as session expiry (a background check must not leave the form)', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)
    vi.stubGlobal('fetch', respond(401, { status: 401, title: '未登录', detail: '请先登录', code: 'unauthenticated' }))
    const e = (await findRepeatCandidates({ content: '某工地拖欠十二名工人工资八万元' }).catch((x) => x)) as ApiError
    expect(e.isUnauthenticated()).toBe(true)
    expect(handler).not.toHaveBeenCalled()
  })

  it('passes the abort signal', async () => {
    const fetch = respond(200, { items: [] })
    vi.stubGlobal('fetch', fetch)
    const c = new AbortController()
    await findRepeatCandidates({}, c.signal)
    expect(fetch.mock.calls[0][1].signal).toBe(c.signal)
  })
})
