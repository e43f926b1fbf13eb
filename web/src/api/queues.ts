// /api/v1/queues/overdue and /api/v1/queues/due-soon — the same filters and page shape as GET /petitions.
import { api } from './client'
import type { PetitionList, PetitionQuery } from './petitions'

export type QueueQuery = Omit<PetitionQuery, 'overdue' | 'due_within'>

/** Overdue petitions (超期). */
export function listOverdue(query: QueueQuery = {}, signal?: AbortSignal): Promise<PetitionList> {
  return api.get<PetitionList>('/queues/overdue', { ...query }, { signal })
}

/** Petitions due within `days` days (default 3) and not yet overdue (临期). */
export function listDueSoon(query: QueueQuery & { days?: number } = {}, signal?: AbortSignal): Promise<PetitionList> {
  return api.get<PetitionList>('/queues/due-soon', { ...query }, { signal })
}
