// Timeline helpers (tested in timeline.spec.ts).

/** Keys of a timeline event's `detail` worth showing beside its texts, in display order. */
export const TIMELINE_DETAIL_KEYS = ['feedback_due', 'extension_days', 'legal_route', 'approver_id'] as const
export type TimelineDetailKey = (typeof TIMELINE_DETAIL_KEYS)[number]

export function timelineDetails(detail: Record<string, unknown> | undefined): { key: TimelineDetailKey; value: string }[] {
  if (!detail) return []
  const out: { key: TimelineDetailKey; value: string }[] = []
  for (const key of TIMELINE_DETAIL_KEYS) {
    const v = detail[key]
    if (v === undefined || v === null || v === '') continue
    out.push({ key, value: String(v) })
  }
  return out
}
