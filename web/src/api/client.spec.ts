import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, buildQuery, onUnauthenticated, request, setCsrfToken } from './client'
import { actOnPetition } from './petitions'

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body)
  return vi.fn().mockImplementation(async () => new Response(status === 204 ? null : text, { status, headers }))
}

beforeEach(() => setCsrfToken('tok-123'))
afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthenticated(null)
  setCsrfToken(null)
})

describe('api client', () => {
  it('builds query strings without empty values', () => {
    expect(buildQuery({ org_id: 11, open: true, state: '', cursor: null, x: undefined })).toBe('?org_id=11&open=1')
    expect(buildQuery({})).toBe('')
  })

  it('sends JSON and the CSRF token on non-GET calls only', async () => {
    const fetch = respond(200, { ok: 1 })
    vi.stubGlobal('fetch', fetch)
    await api.post('/petitions', { title: 'x' })
    let [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/petitions')
    expect(init.method).toBe('POST')
    expect(init.headers['X-CSRF-Token']).toBe('tok-123')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{"title":"x"}')
    expect(init.credentials).toBe('same-origin')

    await api.get('/petitions', { open: true })
    ;[url, init] = fetch.mock.calls[1]
    expect(url).toBe('/api/v1/petitions?open=1')
    expect(init.headers['X-CSRF-Token']).toBeUndefined()
  })

  it('parses problem+json into ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      respond(400, {
        type: 'https://xinfang.example/problems/invalid_argument',
        title: '请求参数错误',
        status: 400,
        detail: '缺少标题',
        field: 'title',
        code: 'invalid_argument',
      }),
    )
    const e = (await api.post('/petitions', {}).catch((x) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.code).toBe('invalid_argument')
    expect(e.field).toBe('title')
    expect(e.detail).toBe('缺少标题')
    expect(e.isInvalid()).toBe(true)
    expect(e.isConflict()).toBe(false)
  })

  it('recognises a version conflict (409 aborted) and sends If-Match', async () => {
    const fetch = respond(409, { status: 409, code: 'aborted', title: '冲突', detail: '已被他人修改' })
    vi.stubGlobal('fetch', fetch)
    const e = (await actOnPetition(7, 'accept', {}, 3).catch((x) => x)) as ApiError
    expect(e.isConflict()).toBe(true)
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/petitions/7/actions/accept')
    expect(fetch.mock.calls[0][1].headers['If-Match']).toBe('"3"')
  })

  it('calls the session-expiry handler on 401, except when auth is off', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)
    vi.stubGlobal('fetch', respond(401, { status: 401, code: 'unauthenticated', detail: '未登录' }))
    await expect(api.get('/workbench')).rejects.toBeInstanceOf(ApiError)
    expect(handler).toHaveBeenCalledWith('expired', expect.any(ApiError))
    handler.mockClear()
    await expect(request('POST', '/session', { body: {}, auth: false })).rejects.toMatchObject({ status: 401 })
    expect(handler).not.toHaveBeenCalled()
  })

  it('asks for a new log-in instead of sending a change without a CSRF token', async () => {
    setCsrfToken(null)
    const handler = vi.fn()
    onUnauthenticated(handler)
    const fetch = respond(200, {})
    vi.stubGlobal('fetch', fetch)
    await expect(api.post('/petitions', {})).rejects.toMatchObject({ status: 401 })
    expect(fetch).not.toHaveBeenCalled()
    expect(handler).toHaveBeenCalledWith('csrf', expect.any(ApiError))
  })

  it('reports network failures as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const e = (await api.get('/workbench').catch((x) => x)) as ApiError
    expect(e.isNetwork()).toBe(true)
    expect(e.code).toBe('network')
  })

  it('returns undefined for 204', async () => {
    vi.stubGlobal('fetch', respond(204, undefined))
    await expect(api.delete('/session')).resolves.toBeUndefined()
  })
})
