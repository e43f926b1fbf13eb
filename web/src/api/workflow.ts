// GET /api/v1/workflow — the transition table (which action from which state, by which role, which article).
import { api } from './client'
import type { Action, CaseKind, Role, State } from './types'

export interface Transition {
  action: Action
  label: string
  from: State[]
  kinds: CaseKind[]
  /** null: the state does not change */
  to: State | null
  roles: Role[]
  petitioner: boolean
  system: boolean
  /** e.g. 条例第22条 */
  article: string
}

export async function getWorkflow(): Promise<Transition[]> {
  return (await api.get<{ transitions: Transition[] }>('/workflow')).transitions
}
