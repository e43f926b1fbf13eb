// The supervision board needs figures the list endpoints do not carry (督办/催办 counts, the 督办反馈期限 clock,
// the actions allowed now): they come from GET /petitions/{id}, fetched lazily for the rows on screen, a few at
// a time, and kept for the page's life.
import { reactive } from 'vue'
import { getPetition, type Clock, type PetitionView } from '@/api/petitions'

export type SupervisionAction = 'remind' | 'supervise'

/** The supervision clock to show: the running one, else the most recently started. */
export function supervisionClock(v: Pick<PetitionView, 'clocks'> | null | undefined): Clock | null {
  const clocks = (v?.clocks ?? []).filter((c) => c.kind === 'supervision')
  if (!clocks.length) return null
  const running = clocks.filter((c) => c.running)
  const pool = running.length ? running : clocks
  return pool.reduce((a, b) => (b.started_on > a.started_on || (b.started_on === a.started_on && b.due > a.due) ? b : a))
}

export type FeedbackStatus = 'pending' | 'overdue' | 'answered'

/** 待反馈 (running), 反馈超期 (running past its due date) or 已反馈 (stopped). */
export function feedbackStatus(clock: Clock): FeedbackStatus {
  if (!clock.running) return 'answered'
  return clock.overdue || clock.remaining_days < 0 ? 'overdue' : 'pending'
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function mapLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]
      await work(item)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
}

export interface DetailCache {
  /** Loaded details by petition id (reactive). */
  readonly items: Map<number, PetitionView>
  /** Ids whose detail failed to load. */
  readonly failed: Set<number>
  get(id: number): PetitionView | undefined
  /** Loads the details not loaded yet (or older than `version`). */
  ensure(rows: readonly { id: number; version?: number }[], signal?: AbortSignal): Promise<void>
  /** Replaces one (e.g. with the view an action returned). */
  put(view: PetitionView): void
}

export function createDetailCache(concurrency = 6, fetchOne = getPetition): DetailCache {
  const items = reactive(new Map<number, PetitionView>()) as Map<number, PetitionView>
  const failed = reactive(new Set<number>()) as Set<number>
  const pending = new Map<number, Promise<void>>()
  // Results are committed to the reactive map in batches (every ~100 ms and when a call to ensure ends), so a
  // scan over hundreds of cases re-renders the tables a few times rather than once per case.
  let staged: PetitionView[] = []
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush() {
    if (timer) clearTimeout(timer)
    timer = null
    for (const v of staged) {
      items.set(v.id, v)
      failed.delete(v.id)
    }
    staged = []
  }

  function load(id: number, signal?: AbortSignal): Promise<void> {
    let p = pending.get(id)
    if (!p) {
      p = fetchOne(id, signal)
        .then((v) => {
          staged.push(v)
          timer ??= setTimeout(flush, 100)
        })
        .catch((e) => {
          if (!(e instanceof DOMException && e.name === 'AbortError')) failed.add(id)
        })
        .finally(() => pending.delete(id))
      pending.set(id, p)
    }
    return p
  }

  return {
    items,
    failed,
    get: (id) => items.get(id),
    async ensure(rows, signal) {
      const todo = rows.filter((r) => {
        const have = items.get(r.id)
        return !have || (r.version !== undefined && have.version < r.version)
      })
      await mapLimit(todo, concurrency, async (r) => {
        if (signal?.aborted) return
        await load(r.id, signal)
      })
      flush()
    },
    put(view) {
      items.set(view.id, view)
      failed.delete(view.id)
    },
  }
}
