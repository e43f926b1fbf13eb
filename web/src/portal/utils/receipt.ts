// The submission receipt (回执) as plain text: what the citizen downloads or copies. The secret is in it because
// this is the only time it is shown; the text says so.
import type { SubmitResult } from '../api/types'
import { formatInstant, type Translate } from './format'

/** The receipt's lines, label and value, in the order they are shown and written. */
export function receiptRows(t: Translate, r: SubmitResult): { label: string; value: string; key: string }[] {
  const rows = [{ key: 'number', label: t('receipt.number'), value: r.number }]
  if (r.query_code) {
    rows.push({ key: 'query_code', label: t('receipt.queryCode'), value: r.query_code })
    rows.push({ key: 'secret', label: t('receipt.secret'), value: r.secret })
  }
  rows.push({ key: 'received_at', label: t('receipt.receivedAt'), value: formatInstant(r.received_at) })
  if (r.org_name) rows.push({ key: 'org_name', label: t('receipt.org'), value: r.org_name })
  if (r.route_due) rows.push({ key: 'route_due', label: t('receipt.routeDue'), value: t('receipt.routeDueValue', { date: r.route_due }) })
  return rows
}

/** The downloadable text receipt; `trackUrl` is where to look the case up (…/portal/track). */
export function receiptText(t: Translate, r: SubmitResult, trackUrl: string): string {
  const title = t('receipt.textTitle')
  const rows = receiptRows(t, r)
  const sep = t('receipt.sep')
  const lines = [title, '='.repeat(24), '']
  for (const row of rows) lines.push(`${row.label}${sep}${row.value}`)
  lines.push('')
  if (r.query_code) {
    lines.push(t('receipt.secretOnce'))
    lines.push(t('receipt.textHowToTrack', { url: trackUrl }))
    lines.push(t('receipt.textNeverAsk'))
  } else {
    lines.push(t('receipt.anonymousNote'))
  }
  return lines.join('\r\n') + '\r\n'
}

/** File name of the text receipt: 信访回执-<信访件编号>.txt */
export function receiptFileName(t: Translate, r: SubmitResult): string {
  return `${t('receipt.fileName')}-${r.number.replace(/[^\w-]/g, '_')}.txt`
}
