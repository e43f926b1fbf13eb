// The portal's fetch wrapper: same-origin JSON (or a multipart upload, or a PDF back) without cookies,
// problem+json → PortalError, and the proof-of-work challenge: a 428 with {challenge: {token, bits}} is solved here
// (the page shows 正在进行安全验证… meanwhile) and the same request is sent again with {challenge: {token, nonce}}
// (as form fields challenge_token / challenge_nonce in an upload).
import { reactive } from 'vue'
import { solveChallenge } from '../challenge/solve'
import { filenameFromDisposition } from '../../utils/files'

export const API_BASE = '/api/v1/portal'

/** Shown by ChallengeOverlay while a challenge is being solved. */
export const challengeStatus = reactive({ active: false, tried: 0 })

export class PortalError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  /** The server's Chinese explanation (detail, else title). */
  readonly detail: string
  /** Seconds from Retry-After on a 429, when sent. */
  readonly retryAfter: number | null

  constructor(status: number, init: { code?: string; field?: string; detail?: string; retryAfter?: number | null }) {
    super(init.detail || `HTTP ${status}`)
    this.name = 'PortalError'
    this.status = status
    this.code = init.code ?? ''
    this.field = init.field || undefined
    this.detail = init.detail ?? ''
    this.retryAfter = init.retryAfter ?? null
  }
}

export function isPortalError(e: unknown): e is PortalError {
  return e instanceof PortalError
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v)
  const when = Date.parse(v)
  if (Number.isNaN(when)) return null
  return Math.max(0, Math.round((when - now) / 1000))
}

function parseJson(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

interface ChallengeAnswer {
  token: string
  nonce: string
}

/** At most this many challenges are solved for one call (the server may ask again if the first expired). */
const MAX_CHALLENGES = 3

async function send(method: 'GET' | 'POST', path: string, body: object | FormData | undefined, challenge?: ChallengeAnswer) {
  let url = API_BASE + path
  let payload: string | FormData | undefined
  if (method === 'GET') {
    // A GET has no body: the answer travels as query parameters.
    if (challenge)
      url += `${url.includes('?') ? '&' : '?'}challenge_token=${encodeURIComponent(challenge.token)}` +
        `&challenge_nonce=${encodeURIComponent(challenge.nonce)}`
  } else if (body instanceof FormData) {
    // A multipart upload: the answer travels as two more form fields (the browser sets the boundary).
    payload = body
    if (challenge) {
      payload = new FormData()
      body.forEach((v, k) => (payload as FormData).append(k, v))
      payload.append('challenge_token', challenge.token)
      payload.append('challenge_nonce', challenge.nonce)
    }
  } else {
    payload = JSON.stringify(challenge ? { ...body, challenge } : (body ?? {}))
  }
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  if (typeof payload === 'string') headers['Content-Type'] = 'application/json'
  return fetch(url, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' })
}

/** A file the server sent: its bytes and the name from Content-Disposition (null when none). */
export interface PortalFile {
  blob: Blob
  filename: string | null
}

/**
 * Sends the call, solving a proof-of-work challenge when the server asks for one (428), and returns the response
 * when it is a success; otherwise throws a PortalError.
 */
async function exchange(method: 'GET' | 'POST', path: string, body?: object | FormData): Promise<Response> {
  let challenge: ChallengeAnswer | undefined
  for (let round = 0; ; round++) {
    let response: Response
    try {
      response = await send(method, path, body, challenge)
    } catch {
      throw new PortalError(0, { code: 'network' })
    }
    if (response.ok) return response
    const doc = parseJson(await response.text()) as Record<string, unknown> | undefined

    const c = doc?.challenge as { token?: unknown; bits?: unknown } | undefined
    if (response.status === 428 && c && typeof c.token === 'string' && round < MAX_CHALLENGES) {
      challengeStatus.active = true
      challengeStatus.tried = 0
      try {
        const nonce = await solveChallenge(
          { token: c.token, bits: Number(c.bits) || 0 },
          { onProgress: (n) => (challengeStatus.tried = n) },
        )
        challenge = { token: c.token, nonce }
      } finally {
        challengeStatus.active = false
      }
      continue
    }
    throw new PortalError(response.status, {
      code: typeof doc?.code === 'string' ? doc.code : '',
      field: typeof doc?.field === 'string' ? doc.field : undefined,
      detail: String(doc?.detail || doc?.title || ''),
      retryAfter: response.status === 429 ? parseRetryAfter(response.headers.get('Retry-After')) : null,
    })
  }
}

/** A JSON call (`body` may be a FormData: a multipart upload). */
export async function portalRequest<T>(method: 'GET' | 'POST', path: string, body?: object | FormData): Promise<T> {
  const response = await exchange(method, path, body)
  return parseJson(response.status === 204 ? '' : await response.text()) as T
}

/** A POST answered with a file (a document's PDF). */
export async function portalBlob(path: string, body: object): Promise<PortalFile> {
  const response = await exchange('POST', path, body)
  return { blob: await response.blob(), filename: filenameFromDisposition(response.headers.get('Content-Disposition')) }
}
