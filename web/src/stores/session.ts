// The logged-in user and org, shared by the router guard, the layout and every page.
//   const session = useSession(); session.user?.display_name; hasRole('admin', 'supervisor')
import { reactive, readonly } from 'vue'
import * as sessionApi from '@/api/session'
import { isApiError, setCsrfToken } from '@/api/client'
import type { Org, Role, User } from '@/api/types'

interface SessionState {
  user: User | null
  org: Org | null
  /** GET /session has been answered (successfully or with 401) */
  checked: boolean
}

const state = reactive<SessionState>({ user: null, org: null, checked: false })
let probe: Promise<User | null> | null = null

export function useSession() {
  return readonly(state)
}

/** Resolves to the current user, asking the server once per page load (or after a log-out / expiry). */
export function ensureSession(): Promise<User | null> {
  if (state.checked) return Promise.resolve(state.user)
  if (!probe) {
    probe = sessionApi
      .getSession()
      .then((s) => {
        state.user = s.user
        state.org = s.org
        return s.user
      })
      .catch((e) => {
        if (isApiError(e) && (e.isUnauthenticated() || e.isForbidden())) {
          state.user = null
          state.org = null
          return null
        }
        throw e
      })
      .finally(() => {
        state.checked = true
        probe = null
      })
  }
  return probe
}

export async function signIn(login: string, password: string): Promise<User> {
  const r = await sessionApi.login({ login, password })
  state.user = r.user
  state.org = r.org
  state.checked = true
  return r.user
}

export async function signOut(): Promise<void> {
  try {
    await sessionApi.logout()
  } catch {
    /* the session may already be gone */
  }
  clearSession()
}

/** Forgets the user locally (session expired or logged out). */
export function clearSession(): void {
  state.user = null
  state.org = null
  state.checked = true
  setCsrfToken(null)
}

export function hasRole(...roles: Role[]): boolean {
  const mine = state.user?.roles ?? []
  return roles.some((r) => mine.includes(r))
}

/** True when the route's `meta.roles` (if any) allow the current user. */
export function allowedFor(roles: readonly Role[] | undefined): boolean {
  return !roles || roles.length === 0 || hasRole(...roles)
}
