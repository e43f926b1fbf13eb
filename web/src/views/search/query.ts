// 信访件检索: the search form and the URL query string (?q=…&order=newest&state=…&category=04…), so a search
// can be bookmarked, shared or reloaded. The filter names are those of GET /api/v1/search (= GET /petitions).
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { DEFAULT_SEARCH_LIMIT, MAX_QUERY_CHARS, SEARCH_ORDERS, type SearchOrder, type SearchQuery } from '@/api/search'
import { CHANNELS, STATES, type Channel, type State } from '@/api/types'

export interface SearchForm {
  q: string
  order: SearchOrder
  state: State | ''
  channel: Channel | ''
  /** Category code prefix (a facet chip sets a top-level code) */
  category: string
  /** YYYY-MM-DD */
  from: string
  to: string
}

export function emptySearchForm(): SearchForm {
  return { q: '', order: 'relevance', state: '', channel: '', category: '', from: '', to: '' }
}

function first(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s : ''
}
function oneOf<T extends string>(list: readonly T[], v: string): T | '' {
  return (list as readonly string[]).includes(v) ? (v as T) : ''
}
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The form from the URL; malformed values are ignored. `q` is kept as typed (trimmed). */
export function searchFormFromQuery(query: LocationQuery): SearchForm {
  const f = emptySearchForm()
  f.q = first(query.q).trim()
  f.order = oneOf(SEARCH_ORDERS, first(query.order).trim()) || 'relevance'
  f.state = oneOf(STATES, first(query.state).trim())
  f.channel = oneOf(CHANNELS, first(query.channel).trim())
  const category = first(query.category).trim()
  f.category = /^\d{1,8}$/.test(category) ? category : ''
  const from = first(query.from).trim()
  const to = first(query.to).trim()
  f.from = DATE.test(from) ? from : ''
  f.to = DATE.test(to) ? to : ''
  return f
}

/** The URL query for the form: empty values and the default order left out. */
export function searchFormToQuery(f: SearchForm): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  if (f.q.trim()) q.q = f.q.trim()
  if (f.order !== 'relevance') q.order = f.order
  if (f.state) q.state = f.state
  if (f.channel) q.channel = f.channel
  if (f.category) q.category = f.category
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  return q
}

/** Any filter besides the words and the order. */
export function hasFilters(f: SearchForm): boolean {
  return !!(f.state || f.channel || f.category || f.from || f.to)
}

/** Characters as the server counts them (code points). */
export function queryLength(q: string): number {
  return Array.from(q.trim()).length
}

/**
 * What is wrong with the words before asking the server: 'empty' or 'tooLong' (> 200 characters), else null.
 * (The server says the same in its 400; checking first saves a round trip.)
 */
export function queryProblem(q: string): 'empty' | 'tooLong' | null {
  const n = queryLength(q)
  if (n === 0) return 'empty'
  if (n > MAX_QUERY_CHARS) return 'tooLong'
  return null
}

/** The GET /search parameters for the form. */
export function toSearchQuery(f: SearchForm, cursor: string | null = null, limit = DEFAULT_SEARCH_LIMIT): SearchQuery {
  const query: SearchQuery = { q: f.q.trim(), limit }
  if (f.order !== 'relevance') query.order = f.order
  if (f.state) query.state = f.state
  if (f.channel) query.channel = f.channel
  if (f.category) query.category = f.category
  if (f.from) query.from = f.from
  if (f.to) query.to = f.to
  if (cursor) query.cursor = cursor
  return query
}

/** A facet chip toggles its category: choosing the one already chosen clears it. */
export function toggleCategory(current: string, code: string): string {
  return current === code ? '' : code
}
