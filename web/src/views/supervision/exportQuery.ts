// 督办 → 导出Excel: a queue tab as the query of GET /api/v1/exports/petitions (the parameters of GET /petitions).
// The board reads GET /queues/overdue and /queues/due-soon?days=N, which are the list with overdue=1 and
// due_within=N (the server's due_within, like the queue, leaves out cases already overdue).
import type { PetitionQuery } from '@/api/petitions'
import type { Org } from '@/api/types'

export type ExportQueue = 'overdue' | 'due-soon'

export interface QueueExportOptions {
  /** Days of the 即将到期 tab (3, 7, 15) */
  days: number
  /** The org chosen in the tree; null = the whole data scope */
  orgId: number | null
}

/**
 * The list query of a queue tab: 超期 → `overdue=1`; N 日内到期 → `due_within=N`; the chosen org →
 * `org_id` with `subtree=1`, so that the file holds what the board shows: the org and its subordinates.
 */
export function queueExportQuery(queue: ExportQueue, { days, orgId }: QueueExportOptions): PetitionQuery {
  const query: PetitionQuery = queue === 'overdue' ? { overdue: true } : { due_within: days }
  if (orgId !== null) {
    query.org_id = orgId
    query.subtree = true
  }
  return query
}

/** Whether `orgId` has subordinate orgs (the hint then says they are included). */
export function hasSubordinates(orgs: readonly Pick<Org, 'id' | 'parent_id'>[], orgId: number | null): boolean {
  return orgId !== null && orgs.some((o) => o.parent_id === orgId && o.id !== orgId)
}

/** The file name used when the server sends none, e.g. `督办_超期_20260315.xlsx`. */
export function queueExportFilename(prefix: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${prefix}_${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}.xlsx`
}
