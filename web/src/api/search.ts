// 信访件检索 (GET /api/v1/search) and 疑似重复信访 (POST /api/v1/petitions/repeat-candidates).
//
// Search: full-text over title, content and petitioner names (simplified and traditional characters alike),
// with the filters of GET /petitions. Hits come back as parts ({text, hit}); render the hit parts in <mark>
// (see components/HighlightText.vue) — never as HTML. `total` and `facets` only on the first page.
import { api } from './client'
import type { DateString, State } from './types'
import type { PetitionListItem, PetitionQuery } from './petitions'

// ------------------------------------------------------------------ search

/** A piece of a highlighted text: `hit` pieces matched the query. */
export interface TextPart {
  text: string
  hit: boolean
}

export type SearchOrder = 'relevance' | 'newest'
export const SEARCH_ORDERS: readonly SearchOrder[] = ['relevance', 'newest']

/** Longest query the server accepts (characters). */
export const MAX_QUERY_CHARS = 200
export const DEFAULT_SEARCH_LIMIT = 20

export interface SearchHit extends PetitionListItem {
  /** Relevance (0 when ordered by newest) */
  score: number
  title_parts: TextPart[]
  /** Excerpt of the content around the hits; may begin/end with … */
  snippet: TextPart[]
}

/** Per top-level 内容分类 over all matches, biggest first. */
export interface SearchFacet {
  code: string
  name: string
  count: number
}

export interface SearchResult {
  items: SearchHit[]
  /** All matches — first page only (null on later pages) */
  total: number | null
  /** More than 2,000 matched: total, facets and the relevance order cover the newest 2,000 */
  capped?: boolean
  /** First page only (empty on later pages) */
  facets: SearchFacet[]
  next_cursor: string | null
}

export type SearchFilters = Pick<
  PetitionQuery,
  'state' | 'channel' | 'purpose' | 'category' | 'region' | 'from' | 'to' | 'open' | 'org_id' | 'subtree'
>

export interface SearchQuery extends SearchFilters {
  /** The words to look for (1–200 characters) */
  q: string
  order?: SearchOrder
  /** 1–100, default 20 */
  limit?: number
  cursor?: string | null
}

export function searchPetitions(query: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
  return api.get<SearchResult>('/search', { ...query }, { signal })
}

// ------------------------------------------------------------------ repeat candidates

export type RepeatReason = 'same_id_number' | 'same_contact' | 'similar_text'

/** The registration form as typed so far (every field optional). */
export interface RepeatCandidatesRequest {
  region_code?: string
  title?: string
  content?: string
  petitioners?: { name?: string; id_number?: string; phone?: string }[]
}

export interface RepeatCandidate {
  /** null when the user may not open the case */
  id: number | null
  number: string
  received_on: DateString
  state: State
  state_label: string
  current_org_name: string
  reason: RepeatReason
  reason_label: string
  /** 0..1 */
  similarity: number
  /** The user may open the case (then `id` and `title` are given) */
  visible: boolean
  title: string | null
  /** What to tell the petitioner (Chinese, from the server) */
  advice: string
}

export interface RepeatCandidates {
  /** At most 5, best first */
  items: RepeatCandidate[]
}

/**
 * Earlier cases that look like the one being registered. A 400 names the field (e.g. `petitioners[0].id_number`).
 * A background check while typing: a 401 is only thrown — it does not send the user to the log-in page in the
 * middle of the form (submitting will).
 */
export function findRepeatCandidates(body: RepeatCandidatesRequest, signal?: AbortSignal): Promise<RepeatCandidates> {
  return api.post<RepeatCandidates>('/petitions/repeat-candidates', body, { signal, auth: false })
}
