// The 信访件查询 filters and the URL query string. The URL uses the names of GET /api/v1/petitions (state,
// channel, purpose, category, region, number, from, to, open, org_id, overdue, due_within), plus the workbench
// links' `queue=overdue`, `queue=due-soon&days=N` and `queue=my-approval`; a reload or a shared link shows
// the same list.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { PetitionQuery } from '@/api/petitions'
import { CHANNELS, PURPOSES, STATES, type Channel, type Purpose, type State } from '@/api/types'

/** '' all; overdue 超期; due-soon N 日内到期（未超期）; due-within N 日内到期（含超期, the API's due_within). */
export type DeadlineFilter = '' | 'overdue' | 'due-soon' | 'due-within'

export const DEFAULT_SOON_DAYS = 3

export interface ListFilters {
  number: string
  state: State | ''
  channel: Channel | ''
  purpose: Purpose | ''
  /** Category code prefix */
  category: string
  /** Region code prefix */
  region: string
  /** YYYY-MM-DD */
  from: string
  to: string
  open: boolean
  org_id: number | null
  deadline: DeadlineFilter
  /** Days for due-soon / due-within */
  days: number
}

export function emptyFilters(): ListFilters {
  return {
    number: '',
    state: '',
    channel: '',
    purpose: '',
    category: '',
    region: '',
    from: '',
    to: '',
    open: false,
    org_id: null,
    deadline: '',
    days: DEFAULT_SOON_DAYS,
  }
}

function first(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}
function flag(v: string): boolean {
  return v === '1' || v === 'true'
}
function oneOf<T extends string>(list: readonly T[], v: string): T | '' {
  return (list as readonly string[]).includes(v) ? (v as T) : ''
}
function days(v: string): number | null {
  if (!/^\d{1,3}$/.test(v)) return null
  const n = Number(v)
  return n <= 365 ? n : null
}
const DATE = /^\d{4}-\d{2}-\d{2}$/

export interface QueryContext {
  /** The user's org id, for `queue=my-approval` (办理中 in my office) */
  myOrgId?: number | null
}

/** Filters from the URL query; unknown or malformed values are ignored. */
export function filtersFromQuery(q: LocationQuery, ctx: QueryContext = {}): ListFilters {
  const f = emptyFilters()
  f.number = first(q.number)
  f.state = oneOf(STATES, first(q.state))
  f.channel = oneOf(CHANNELS, first(q.channel))
  f.purpose = oneOf(PURPOSES, first(q.purpose))
  f.category = /^\d{1,8}$/.test(first(q.category)) ? first(q.category) : ''
  f.region = /^\d{1,12}$/.test(first(q.region)) ? first(q.region) : ''
  f.from = DATE.test(first(q.from)) ? first(q.from) : ''
  f.to = DATE.test(first(q.to)) ? first(q.to) : ''
  f.open = flag(first(q.open))
  const org = first(q.org_id)
  f.org_id = /^\d{1,18}$/.test(org) ? Number(org) : null

  const queue = first(q.queue)
  if (queue === 'overdue' || flag(first(q.overdue))) {
    f.deadline = 'overdue'
  } else if (queue === 'due-soon') {
    f.deadline = 'due-soon'
    f.days = days(first(q.days)) ?? DEFAULT_SOON_DAYS
  } else if (first(q.due_within) !== '' && days(first(q.due_within)) !== null) {
    f.deadline = 'due-within'
    f.days = days(first(q.due_within))!
  }
  if (queue === 'my-approval') {
    // 待我审批: cases of my office in 办理中 (see WorkbenchCounts.awaiting_my_approval).
    f.state ||= 'accepted'
    if (f.org_id === null && ctx.myOrgId) f.org_id = ctx.myOrgId
  }
  return f
}

/** The URL query for the filters (empty values left out; canonical names). */
export function filtersToQuery(f: ListFilters): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  if (f.number.trim()) q.number = f.number.trim()
  if (f.state) q.state = f.state
  if (f.channel) q.channel = f.channel
  if (f.purpose) q.purpose = f.purpose
  if (f.category) q.category = f.category
  if (f.region) q.region = f.region
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  if (f.open) q.open = '1'
  if (f.org_id !== null) q.org_id = String(f.org_id)
  if (f.deadline === 'overdue') q.overdue = '1'
  if (f.deadline === 'due-soon') {
    q.queue = 'due-soon'
    q.days = String(f.days)
  }
  if (f.deadline === 'due-within') q.due_within = String(f.days)
  return q
}

/** Same query strings (order-insensitive), so a search with unchanged filters just reloads. */
export function sameQuery(a: LocationQueryRaw | LocationQuery, b: LocationQueryRaw | LocationQuery): boolean {
  const norm = (q: LocationQueryRaw | LocationQuery) =>
    JSON.stringify(
      Object.keys(q)
        .filter((k) => q[k] !== undefined && q[k] !== null && q[k] !== '')
        .sort()
        .map((k) => [k, String(q[k])]),
    )
  return norm(a) === norm(b)
}

export interface ListRequest {
  /** GET /petitions, or GET /queues/due-soon */
  source: 'list' | 'due-soon'
  query: PetitionQuery & { days?: number }
  /** Keep only rows not yet overdue (the due-soon queue may also return overdue ones) */
  notOverdue: boolean
}

/** What to ask the server for these filters. */
export function toListRequest(f: ListFilters, limit: number): ListRequest {
  const query: PetitionQuery & { days?: number } = { limit }
  if (f.number.trim()) query.number = f.number.trim()
  if (f.state) query.state = f.state
  if (f.channel) query.channel = f.channel
  if (f.purpose) query.purpose = f.purpose
  if (f.category) query.category = f.category
  if (f.region) query.region = f.region
  if (f.from) query.from = f.from
  if (f.to) query.to = f.to
  if (f.open) query.open = true
  if (f.org_id !== null) query.org_id = f.org_id
  if (f.deadline === 'overdue') query.overdue = true
  if (f.deadline === 'due-within') query.due_within = f.days
  if (f.deadline === 'due-soon') {
    query.days = f.days
    return { source: 'due-soon', query, notOverdue: true }
  }
  return { source: 'list', query, notOverdue: false }
}

/**
 * A region code as a prefix filter: `990000` (province) → `99`, `991000` (city) → `9910`, other codes unchanged
 * — so choosing a province or city also finds the cases of the counties and townships under it.
 */
export function regionPrefix(code: string): string {
  if (/^\d{2}0000$/.test(code)) return code.slice(0, 2)
  if (/^\d{4}00$/.test(code)) return code.slice(0, 4)
  return code
}

/** The inverse of regionPrefix for the picker: `99` → `990000`, `9910` → `991000`. */
export function regionFromPrefix(prefix: string): string {
  if (/^\d{2}$/.test(prefix)) return `${prefix}0000`
  if (/^\d{4}$/.test(prefix)) return `${prefix}00`
  return prefix
}

/**
 * The query of GET /exports/petitions (the .xlsx of every matching row) for the filters: the list's parameters
 * without paging. 即将到期 (the due-soon queue, not a list parameter) becomes `due_within=N`, which, like the queue,
 * leaves out cases already overdue.
 */
export function toExportQuery(f: ListFilters): PetitionQuery {
  const req = toListRequest(f, 1)
  const { limit: _limit, days, ...query } = req.query
  void _limit
  if (req.source === 'due-soon' && days !== undefined) query.due_within = days
  return query
}
