import { describe, expect, it, vi } from 'vitest'
import { createDetailCache, feedbackStatus, mapLimit, supervisionClock } from './details'
import type { Clock, PetitionView } from '@/api/petitions'

function clock(p: Partial<Clock>): Clock {
  return {
    kind: 'supervision', label: '督办反馈期限', article: '', unit: 'calendar_days', days: 0, started_on: '2026-11-01',
    due: '2026-11-10', extension_days: 0, paused_days: 0, paused: false, running: true, stopped_on: null,
    remaining_days: 3, overdue: false, duty: true, ...p,
  }
}

describe('supervision clock', () => {
  it('prefers the running clock, else the latest', () => {
    const old = clock({ started_on: '2026-10-01', running: false, stopped_on: '2026-10-05' })
    const cur = clock({ started_on: '2026-11-01' })
    const handling = clock({ kind: 'handling', started_on: '2026-11-05' })
    expect(supervisionClock({ clocks: [old, cur, handling] })).toBe(cur)
    const later = clock({ started_on: '2026-11-02', running: false })
    expect(supervisionClock({ clocks: [old, later] })).toBe(later)
    expect(supervisionClock({ clocks: [handling] })).toBeNull()
    expect(supervisionClock(null)).toBeNull()
  })

  it('tells pending, overdue and answered', () => {
    expect(feedbackStatus(clock({}))).toBe('pending')
    expect(feedbackStatus(clock({ remaining_days: -2, overdue: true }))).toBe('overdue')
    expect(feedbackStatus(clock({ running: false, stopped_on: '2026-11-08' }))).toBe('answered')
  })
})

describe('detail cache', () => {
  it('fetches each missing detail once, a few at a time', async () => {
    let running = 0
    let peak = 0
    const fetchOne = vi.fn(async (id: number | string) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, 1))
      running--
      return { id: Number(id), version: 1 } as PetitionView
    })
    const cache = createDetailCache(2, fetchOne)
    await cache.ensure([1, 2, 3, 4, 5].map((id) => ({ id })))
    expect(fetchOne).toHaveBeenCalledTimes(5)
    expect(peak).toBeLessThanOrEqual(2)
    await cache.ensure([{ id: 1 }, { id: 2, version: 1 }])
    expect(fetchOne).toHaveBeenCalledTimes(5)
    await cache.ensure([{ id: 2, version: 3 }]) // newer than the cached one
    expect(fetchOne).toHaveBeenCalledTimes(6)
    expect(cache.get(3)?.id).toBe(3)
  })

  it('remembers failures', async () => {
    const cache = createDetailCache(2, async () => {
      throw new Error('x')
    })
    await cache.ensure([{ id: 7 }])
    expect(cache.failed.has(7)).toBe(true)
    cache.put({ id: 7, version: 2 } as PetitionView)
    expect(cache.failed.has(7)).toBe(false)
  })

  it('mapLimit visits every item', async () => {
    const seen: number[] = []
    await mapLimit([1, 2, 3], 5, async (n) => void seen.push(n))
    expect(seen.sort()).toEqual([1, 2, 3])
    await mapLimit([], 3, async () => undefined)
  })
})
