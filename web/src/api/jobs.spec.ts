// The scheduled-jobs page's helpers: a job's state from its last run, and its period in the largest whole unit.
import { describe, expect, it } from 'vitest'
import { jobState, periodParts, type JobRow } from './jobs'

const base: JobRow = {
  name: 'stats_sample_check',
  title: '统计汇总抽样核对',
  period_seconds: 86400,
  enabled: true,
  running: false,
  last_started_at: '2026-12-03T16:00:00+08:00',
  last_finished_at: '2026-12-03T16:00:02+08:00',
  duration_seconds: 2,
  last_result: 'orgs 3 cases 120 cells 900 mismatches 0',
  ok: true,
  next_run_at: '2026-12-04T16:00:00+08:00',
  owner: 'vm:1234',
}

describe('jobs', () => {
  it('derives the state shown in the table', () => {
    expect(jobState(base)).toBe('ok')
    expect(jobState({ ...base, ok: false, last_result: 'error: 统计汇总与逐件重算不一致' })).toBe('failed')
    expect(jobState({ ...base, running: true, ok: null })).toBe('running')
    expect(jobState({ ...base, enabled: false })).toBe('disabled')
    expect(jobState({ ...base, last_started_at: null, last_finished_at: null, ok: null })).toBe('never')
  })
  it('writes a period in its largest whole unit', () => {
    expect(periodParts(86400)).toEqual({ unit: 'days', n: 1 })
    expect(periodParts(3600)).toEqual({ unit: 'hours', n: 1 })
    expect(periodParts(600)).toEqual({ unit: 'minutes', n: 10 })
    expect(periodParts(90)).toEqual({ unit: 'seconds', n: 90 })
    expect(periodParts(0)).toEqual({ unit: 'claim', n: 0 })
  })
})
