// GET /api/v1/workbench — counts within the user's data scope.
import { api } from './client'

export interface WorkbenchCounts {
  /** 超期 */
  overdue: number
  /** 三日内到期（未超期） */
  due_soon: number
  /** 待分流：held by my org, state registered */
  awaiting_routing: number
  /** 待受理：held by my org, state forwarded */
  awaiting_acceptance: number
  /** 未办结总数 */
  open_total: number
  /** 待我审批 — announced, not yet sent by every server version */
  awaiting_my_approval?: number
}

export function getWorkbench(signal?: AbortSignal): Promise<WorkbenchCounts> {
  return api.get<WorkbenchCounts>('/workbench', undefined, { signal })
}
