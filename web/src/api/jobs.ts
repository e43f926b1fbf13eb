// 定时任务 (系统管理, admin role): GET /api/v1/jobs — the catalog of scheduled jobs and each one's last run.
import { api } from './client'

export interface JobRow {
  name: string
  /** 中文名称 */
  title: string
  /** 0 for the shared claim both deadline jobs take ("recompute_deadlines") */
  period_seconds: number
  enabled: boolean
  /** started and not finished (or cut off by a server that died) */
  running: boolean
  last_started_at: string | null
  last_finished_at: string | null
  duration_seconds: number | null
  /** "error: …" when the last run failed */
  last_result: string | null
  ok: boolean | null
  next_run_at: string | null
  owner: string | null
}

export function getJobs(signal?: AbortSignal): Promise<{ items: JobRow[] }> {
  return api.get<{ items: JobRow[] }>('/jobs', undefined, { signal })
}

export type JobState = 'ok' | 'failed' | 'running' | 'disabled' | 'never'

export function jobState(j: JobRow): JobState {
  if (!j.enabled) return 'disabled'
  if (j.running) return 'running'
  if (!j.last_started_at) return 'never'
  return j.ok === false ? 'failed' : 'ok'
}

/** A period as the largest whole unit: 600 → {unit: 'minutes', n: 10}. */
export function periodParts(seconds: number): { unit: 'seconds' | 'minutes' | 'hours' | 'days' | 'claim'; n: number } {
  if (seconds <= 0) return { unit: 'claim', n: 0 }
  if (seconds % 86400 === 0) return { unit: 'days', n: seconds / 86400 }
  if (seconds % 3600 === 0) return { unit: 'hours', n: seconds / 3600 }
  if (seconds % 60 === 0) return { unit: 'minutes', n: seconds / 60 }
  return { unit: 'seconds', n: seconds }
}
