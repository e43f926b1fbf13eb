// POST/GET/DELETE /api/v1/session — staff log-in. See stores/session.ts for the app-wide session state.
import { api, setCsrfToken } from './client'
import type { Org, User } from './types'

export interface LoginRequest {
  login: string
  password: string
}

export interface SessionInfo {
  user: User
  org: Org
  /** Not sent by the server today; picked up if a later version adds it to GET /session. */
  csrf_token?: string
}

export interface LoginResponse extends SessionInfo {
  csrf_token: string
}

/** Logs in; remembers the CSRF token for later calls. A wrong password is a 401 ApiError (no redirect). */
export async function login(body: LoginRequest): Promise<LoginResponse> {
  const r = await api.post<LoginResponse>('/session', body, { auth: false })
  setCsrfToken(r.csrf_token)
  return r
}

/** The current user and org; a 401 ApiError when not logged in (no redirect: the router guard decides). */
export async function getSession(): Promise<SessionInfo> {
  const r = await api.get<SessionInfo>('/session', undefined, { auth: false })
  if (r.csrf_token) setCsrfToken(r.csrf_token)
  return r
}

export async function logout(): Promise<void> {
  try {
    await api.delete('/session', { auth: false })
  } finally {
    setCsrfToken(null)
  }
}
