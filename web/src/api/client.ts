// The one fetch wrapper of the console: same-origin JSON, the X-CSRF-Token header on every non-GET call,
// problem+json → ApiError, and graceful session expiry (any 401 sends the user to /login?redirect=<where they
// were>; after logging in again they land back there).
import type { Problem } from './types'
import { t } from '@/i18n'
import { filenameFromDisposition } from '@/utils/files'

export const CSRF_STORAGE_KEY = 'xf.csrf'

export class ApiError extends Error {
  readonly status: number
  /** Stable machine-readable code (`invalid_argument`, `aborted`, …); `network` when the server was not reached. */
  readonly code: string
  /** The offending request field, e.g. `title` or `petitioners[0].phone`, when the server names one. */
  readonly field?: string
  /** Chinese explanation from the server (fit to show to the user). */
  readonly detail: string
  readonly title: string
  readonly type: string

  constructor(status: number, problem: Partial<Problem> & { code: string; detail: string }) {
    super(problem.detail || problem.title || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = problem.code
    this.field = problem.field || undefined
    this.detail = problem.detail
    this.title = problem.title ?? ''
    this.type = problem.type ?? ''
  }

  /** 409 `aborted`: somebody else changed the record (version mismatch) — reload and retry. */
  isConflict(): boolean {
    return this.status === 409 && this.code === 'aborted'
  }
  /** 409 `failed_precondition`: the current state does not allow the operation. */
  isFailedPrecondition(): boolean {
    return this.status === 409 && this.code === 'failed_precondition'
  }
  /** 400 `invalid_argument`; `field` names the field. */
  isInvalid(): boolean {
    return this.status === 400
  }
  isUnauthenticated(): boolean {
    return this.status === 401
  }
  isForbidden(): boolean {
    return this.status === 403
  }
  isNotFound(): boolean {
    return this.status === 404
  }
  isNetwork(): boolean {
    return this.status === 0
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

// ------------------------------------------------------------------ CSRF token

let csrfToken: string | null = readStoredCsrf()

function readStoredCsrf(): string | null {
  try {
    return sessionStorage.getItem(CSRF_STORAGE_KEY)
  } catch {
    return null
  }
}

export function getCsrfToken(): string | null {
  return csrfToken
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token
  try {
    if (token) sessionStorage.setItem(CSRF_STORAGE_KEY, token)
    else sessionStorage.removeItem(CSRF_STORAGE_KEY)
  } catch {
    /* storage unavailable: memory only */
  }
}

// ------------------------------------------------------------------ session expiry

export type UnauthenticatedReason = 'expired' | 'csrf'
type UnauthenticatedHandler = (reason: UnauthenticatedReason, error: ApiError) => void
let unauthenticatedHandler: UnauthenticatedHandler | null = null

/** Registered once by main.ts: clears the session and routes to /login?redirect=… */
export function onUnauthenticated(handler: UnauthenticatedHandler | null): void {
  unauthenticatedHandler = handler
}

// ------------------------------------------------------------------ requests

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue | QueryValue[]>

export interface RequestOptions {
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  /**
   * false: a 401 is only thrown, not treated as session expiry (used by the log-in call, where 401 means a
   * wrong password, and by the initial session probe).
   */
  auth?: boolean
}

export interface ApiResponse<T> {
  data: T
  status: number
  headers: Headers
  /** Version from the `ETag: "N"` header, when present. */
  version: number | null
}

export const API_BASE = '/api/v1'

export function buildQuery(query?: Query): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v === undefined || v === null || v === '') continue
      params.append(key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v))
    }
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

function parseVersion(etag: string | null): number | null {
  if (!etag) return null
  const m = /^(?:W\/)?"(\d+)"$/.exec(etag.trim())
  return m ? Number(m[1]) : null
}

/** The ApiError for a failed response (problem+json when the server sent one); reports a 401 as session expiry. */
function problemError(response: Response, text: string, doc: unknown, options: RequestOptions): ApiError {
  const p = (doc && typeof doc === 'object' ? doc : {}) as Partial<Problem>
  const err = new ApiError(response.status, {
    type: p.type,
    title: p.title ?? response.statusText,
    status: response.status,
    detail: p.detail ?? p.title ?? (text.slice(0, 200) || `HTTP ${response.status}`),
    field: p.field,
    code: p.code ?? (response.status >= 500 ? 'internal' : 'http_error'),
  })
  if (response.status === 401 && options.auth !== false) unauthenticatedHandler?.('expired', err)
  return err
}

function parseJson(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Sends the request: a JSON body (or FormData as multipart/form-data, its boundary set by the browser), the
 * X-CSRF-Token on a change. Without a token no request is sent: the user is asked to log in again.
 */
async function send(method: string, url: string, headers: Record<string, string>, options: RequestOptions): Promise<Response> {
  const body = options.body
  const form = typeof FormData !== 'undefined' && body instanceof FormData
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) {
      headers['X-CSRF-Token'] = csrfToken
    } else if (options.auth !== false) {
      // The session cookie may be valid (e.g. in a new browser tab), but without the token every change would
      // be refused with 403: ask the user to log in again and come back here.
      const err = new ApiError(401, { code: 'unauthenticated', detail: t('common.errors.csrfMissing') })
      unauthenticatedHandler?.('csrf', err)
      throw err
    }
  }
  try {
    return await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, { code: 'network', detail: t('common.errors.network') })
  }
}

export async function requestRaw<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const url = (path.startsWith('/api/') || path.startsWith('/healthz') ? path : API_BASE + path) + buildQuery(options.query)
  const response = await send(method, url, { Accept: 'application/json, application/problem+json', ...options.headers }, options)
  const text = response.status === 204 ? '' : await response.text()
  const doc = parseJson(text)

  if (!response.ok) throw problemError(response, text, doc, options)

  return {
    data: doc as T,
    status: response.status,
    headers: response.headers,
    version: parseVersion(response.headers.get('ETag')),
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await requestRaw<T>(method, path, options)).data
}

export { filenameFromDisposition }

export interface BlobResult {
  blob: Blob
  /** From Content-Disposition, when the server named the file */
  filename: string | null
  contentType: string
}

/**
 * A file (an .xlsx export, a PDF): GET by default, or e.g. a POST with a JSON body (a template preview) — the
 * same-origin session cookie authenticates it (and the CSRF token a change); a failure is parsed as problem+json
 * into an ApiError like every other call (a 401 is session expiry).
 */
export async function requestBlob(
  path: string,
  query?: Query,
  options: { signal?: AbortSignal; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<BlobResult> {
  const url = (path.startsWith('/api/') ? path : API_BASE + path) + buildQuery(query)
  const response = await send(options.method ?? 'GET', url, { Accept: '*/*', ...options.headers }, options)
  if (!response.ok) {
    const text = await response.text()
    throw problemError(response, text, parseJson(text), {})
  }
  return {
    blob: await response.blob(),
    filename: filenameFromDisposition(response.headers.get('Content-Disposition')),
    contentType: response.headers.get('Content-Type') ?? '',
  }
}

export const api = {
  get: <T>(path: string, query?: Query, options: Omit<RequestOptions, 'query' | 'body'> = {}) =>
    request<T>('GET', path, { ...options, query }),
  /** `body` may be a FormData (multipart/form-data, e.g. file uploads). */
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PUT', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PATCH', path, { ...options, body: body ?? {} }),
  delete: <T = void>(path: string, options: Omit<RequestOptions, 'body'> = {}) => request<T>('DELETE', path, options),
}
