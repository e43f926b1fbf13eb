// Clock helpers (tested in clocks.spec.ts): the nearest duty deadline for the header, and how a clock stands.
import type { Clock } from '@/api/petitions'

/**
 * The running legal duty clock that is due first — what the header's DeadlineBadge shows. A paused clock (复核
 * during a hearing) only counts when no other duty clock runs. Null when no duty clock runs.
 */
export function nearestDutyClock(clocks: readonly Clock[]): Clock | null {
  let best: Clock | null = null
  const rank = (c: Clock) => (c.paused ? 1 : 0)
  for (const c of clocks) {
    if (!c.running || !c.duty) continue
    if (
      !best ||
      rank(c) < rank(best) ||
      (rank(c) === rank(best) && (c.remaining_days < best.remaining_days ||
        (c.remaining_days === best.remaining_days && c.due < best.due)))
    )
      best = c
  }
  return best
}

/** How a clock stands: still counting, paused, or stopped on time / late. */
export type ClockStatus = 'running' | 'paused' | 'onTime' | 'late'

export function clockStatus(c: Clock): ClockStatus {
  if (c.running) return c.paused ? 'paused' : 'running'
  return c.stopped_on && c.due && c.stopped_on > c.due ? 'late' : 'onTime'
}

/** Calendar days from `a` to `b` (YYYY-MM-DD); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  const ms = Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)
  return Math.round(ms / 86_400_000)
}


/** Whose clock it is: a legal duty of the handling office, the receiving office's window to send a case back
 * (异议期限, 条例第23条第3款), or one of the petitioner's windows (申请复查/复核, 评价). */
export type ClockRole = 'duty' | 'objection' | 'window'

export function clockRole(c: Pick<Clock, 'kind' | 'duty'>): ClockRole {
  if (c.duty) return 'duty'
  return c.kind === 'objection' ? 'objection' : 'window'
}

/** A running window (not a duty) whose end has passed: it has lapsed, which is not an overdue duty. */
export function isLapsedWindow(c: Pick<Clock, 'duty' | 'running' | 'remaining_days'>): boolean {
  return !c.duty && c.running && c.remaining_days < 0
}
