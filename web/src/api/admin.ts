// 系统管理 (admin role): organisations, users, categories and the holiday calendar.
//   POST/PATCH /api/v1/orgs, POST/PATCH /api/v1/users, PUT /api/v1/categories, POST /api/v1/categories/import,
//   GET /api/v1/calendar?year=, PUT /api/v1/calendar/{year}
// Lists (GET /orgs, /users, /categories) are in orgs.ts, users.ts and categories.ts.
import { API_BASE, ApiError, api, getCsrfToken, requestRaw } from './client'
import type { Category } from './categories'
import type { DataScope, Org, OrgKind, OrgLevel, Problem, Role, User } from './types'
import { t } from '@/i18n'

// ------------------------------------------------------------------ organisations

export interface OrgCreate {
  code: string
  /** Parent org code; '' = top level (needs scope 全部) */
  parent_code: string
  name: string
  level: OrgLevel
  kind: OrgKind
  /** 6, 9 or 12 digits */
  region_code: string
}

export type OrgPatch = Partial<Pick<OrgCreate, 'name' | 'level' | 'kind' | 'region_code'>>

export function createOrg(body: OrgCreate): Promise<Org> {
  return api.post<Org>('/orgs', body)
}

export function updateOrg(id: number, patch: OrgPatch): Promise<Org> {
  return api.patch<Org>(`/orgs/${id}`, patch)
}

// ------------------------------------------------------------------ users

export interface UserCreate {
  login: string
  display_name: string
  org_code: string
  /** At least 8 characters */
  password: string
  roles: Role[]
  scope?: DataScope
}

export interface UserPatch {
  display_name?: string
  org_code?: string
  /** 重置密码 (at least 8 characters) */
  password?: string
  roles?: Role[]
  scope?: DataScope
  /** false = 停用 */
  active?: boolean
}

export function createUser(body: UserCreate): Promise<User> {
  return api.post<User>('/users', body)
}

export function updateUser(id: number, patch: UserPatch): Promise<User> {
  return api.patch<User>(`/users/${id}`, patch)
}

// ------------------------------------------------------------------ categories

export interface Saved {
  saved: number
}

/** Adds or renames categories (rows not sent are kept). A 400 names the row, e.g. `rows[2].name`. */
export function saveCategories(rows: Category[]): Promise<Saved> {
  return api.put<Saved>('/categories', { rows })
}

/** Imports a categories.tsv (`code<TAB>parent<TAB>name`), merged into the table like saveCategories. */
export function importCategories(tsv: string): Promise<Saved> {
  return sendText<Saved>('POST', '/categories/import', tsv)
}

// ------------------------------------------------------------------ calendar

export type CalendarDayKind = 'holiday' | 'workday'

export interface CalendarDay {
  date: string
  /** holiday 放假 / workday 调休上班 */
  kind: CalendarDayKind
  name: string
}

export interface CalendarYear {
  year: number
  days: CalendarDay[]
}

export interface CalendarImported {
  year: number
  /** Open cases whose deadlines changed */
  recomputed_cases: number
}

export function getCalendar(year: number, signal?: AbortSignal): Promise<CalendarYear> {
  return api.get<CalendarYear>('/calendar', { year }, { signal })
}

/** Replaces one year's holidays with a cn-YYYY.tsv text (`date<TAB>kind<TAB>name`); deadlines are recomputed. */
export function importCalendarYear(year: number, tsv: string): Promise<CalendarImported> {
  return sendText<CalendarImported>('PUT', `/calendar/${year}`, tsv)
}

// ------------------------------------------------------------------ raw text bodies

/**
 * Sends a UTF-8 text body (Content-Type text/tab-separated-values) — the JSON client cannot, as it encodes every
 * body as JSON. Same behaviour otherwise: X-CSRF-Token, problem+json → ApiError, and session expiry (a missing
 * token or a 401 is handed to the client, which sends the user to the log-in page).
 */
export async function sendText<T>(method: 'POST' | 'PUT', path: string, text: string): Promise<T> {
  const token = getCsrfToken()
  // Without a token the client raises the "log in again" flow itself (no request is sent).
  if (!token) return (await requestRaw<T>(method, path, {})).data

  let response: Response
  try {
    response = await fetch(API_BASE + path, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        'Content-Type': 'text/tab-separated-values; charset=utf-8',
        'X-CSRF-Token': token,
      },
      body: text,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, { code: 'network', detail: t('common.errors.network') })
  }
  const body = await response.text()
  let doc: unknown
  try {
    doc = body ? JSON.parse(body) : undefined
  } catch {
    doc = undefined
  }
  if (response.ok) return doc as T

  const p = (doc && typeof doc === 'object' ? doc : {}) as Partial<Problem>
  const err = new ApiError(response.status, {
    type: p.type,
    title: p.title ?? response.statusText,
    status: response.status,
    detail: p.detail ?? p.title ?? `HTTP ${response.status}`,
    field: p.field,
    code: p.code ?? (response.status >= 500 ? 'internal' : 'http_error'),
  })
  if (response.status === 401) {
    // Let the client see the 401 too, so its session-expiry handler runs (log-in page, then back here).
    await api.get('/session').catch(() => undefined)
  }
  throw err
}
