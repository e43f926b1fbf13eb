/// <reference types="node" />
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { watch } from 'vue'
import { challengeStatus, parseRetryAfter, portalRequest, PortalError } from './client'
import { lookup } from './portal'
import { errorText } from '../utils/errors'

function zeroBits(text: string): number {
  let n = 0
  for (const byte of createHash('sha256').update(text).digest()) {
    if (byte === 0) {
      n += 8
      continue
    }
    return n + Math.clz32(byte) - 24
  }
  return n
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  })
}

afterEach(() => vi.unstubAllGlobals())

describe('portalRequest', () => {
  it('solves a 428 challenge and sends the same request again with {token, nonce}', async () => {
    const seen: { url: string; body: Record<string, unknown> }[] = []
    const overlay: boolean[] = []
    const stop = watch(() => challengeStatus.active, (v) => overlay.push(v), { flush: 'sync' })
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      seen.push({ url, body: JSON.parse(String(init.body)) })
      if (seen.length === 1) return reply(428, { type: 'x/challenge-required', challenge: { token: 'tok-123', bits: 10 } })
      return reply(200, { number: 'N1', access_token: 'a1', steps: [] })
    })
    vi.stubGlobal('fetch', fetchMock)
    const v = await lookup('ABCD-EFGH', { secret: 'S3CRET' })
    expect(v.number).toBe('N1')
    expect(seen).toHaveLength(2)
    expect(seen[0]).toEqual({ url: '/api/v1/portal/lookup', body: { query_code: 'ABCD-EFGH', secret: 'S3CRET' } })
    const { challenge, ...rest } = seen[1].body as { challenge: { token: string; nonce: string } }
    expect(rest).toEqual(seen[0].body)
    expect(challenge.token).toBe('tok-123')
    expect(zeroBits(`tok-123:${challenge.nonce}`)).toBeGreaterThanOrEqual(10)
    stop()
    // 正在进行安全验证… was shown while solving, and hidden before the request was sent again.
    expect(overlay).toEqual([true, false])
  })

  it('sends a GET’s answer as query parameters', async () => {
    const urls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        urls.push(url)
        return urls.length === 1 ? reply(428, { challenge: { token: 't', bits: 4 } }) : reply(200, { items: [] })
      }),
    )
    await portalRequest('GET', '/reception-days')
    expect(urls[1]).toMatch(/^\/api\/v1\/portal\/reception-days\?challenge_token=t&challenge_nonce=\d+$/)
  })

  it('gives up after three challenges in a row', async () => {
    const fetchMock = vi.fn(async () => reply(428, { challenge: { token: 't', bits: 2 } }))
    vi.stubGlobal('fetch', fetchMock)
    await expect(portalRequest('POST', '/lookup', {})).rejects.toMatchObject({ status: 428 })
    expect(fetchMock).toHaveBeenCalledTimes(4)
  })

  it('reports 429 with Retry-After in the citizen’s words', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(429, { title: '尝试次数过多，请15分钟后再试', status: 429 }, { 'Retry-After': '900' })))
    const e = (await portalRequest('POST', '/lookup', {}).catch((x) => x)) as PortalError
    expect(e).toBeInstanceOf(PortalError)
    expect(e.retryAfter).toBe(900)
    expect(errorText(e)).toBe('尝试次数过多，请15 分钟后再试。')
  })

  it('keeps the server’s field and detail of a 400, and says when the network failed', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(400, { title: '请求无效', detail: '请同意个人信息处理规则', field: 'consent' })))
    const e = (await portalRequest('POST', '/petitions', {}).catch((x) => x)) as PortalError
    expect([e.status, e.field, errorText(e)]).toEqual([400, 'consent', '请同意个人信息处理规则'])
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const n = (await portalRequest('GET', '/reference').catch((x) => x)) as PortalError
    expect(n.status).toBe(0)
    expect(errorText(n)).toBe('网络连接失败，请检查网络后重试。')
  })

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('120')).toBe(120)
    expect(parseRetryAfter('Wed, 02 Dec 2026 08:15:00 GMT', Date.parse('2026-12-02T08:00:00Z'))).toBe(900)
    expect(parseRetryAfter(null)).toBeNull()
  })
})
