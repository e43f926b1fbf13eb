// What the case view offers the petitioner: rating and 复查/复核 after a reply, each open until a date; 补充材料
// while the matter is still being handled.
import type { PublicView } from '../api/types'
import { windowState, todayInChina } from './format'

export type RatingPanel = 'hidden' | 'done' | 'open' | 'closed'
export type ReviewPanel = 'hidden' | 'open' | 'closed' | 'final'

/** Rating: only after a reply; once rated it shows the rating; a window without a date counts as closed. */
export function ratingPanel(v: PublicView, today = todayInChina()): RatingPanel {
  if (v.rating) return 'done'
  if (!v.decision) return 'hidden'
  return windowState(v.rating_until, today) === 'open' ? 'open' : 'closed'
}

/** 复查/复核: open until review_until; a final matter says so; under review there is nothing to ask. */
export function reviewPanel(v: PublicView, today = todayInChina()): ReviewPanel {
  if (v.state === 'final') return 'final'
  if (!v.decision || v.state === 'under_review') return 'hidden'
  const w = windowState(v.review_until, today)
  if (w === 'open') return 'open'
  if (w === 'closed' || ['replied', 'concluded'].includes(v.state)) return 'closed'
  return 'hidden'
}

/** States in which the matter is closed: no more 补充材料 can be added. */
export const CLOSED_STATES = ['concluded', 'final', 'not_accepted', 'transferred']

/** 补充材料: the petitioner may add files while the case is open. */
export function mayAddMaterials(v: PublicView): boolean {
  return !!v.state && !CLOSED_STATES.includes(v.state)
}
