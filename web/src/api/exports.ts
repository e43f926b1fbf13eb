// GET /api/v1/exports/petitions — the filtered case list as an .xlsx workbook: every matching row (not one page),
// with the same query parameters as GET /api/v1/petitions.
import { API_BASE, buildQuery, type Query } from './client'
import type { PetitionQuery } from './petitions'

export const PETITIONS_EXPORT_PATH = '/exports/petitions'

/** The list query without the paging parameters (`limit`, `cursor`). */
export function petitionsExportParams(query: PetitionQuery): Query {
  const q: Query = { ...query }
  delete q.limit
  delete q.cursor
  return q
}

export function petitionsExportUrl(query: PetitionQuery): string {
  return API_BASE + PETITIONS_EXPORT_PATH + buildQuery(petitionsExportParams(query))
}
