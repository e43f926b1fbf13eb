// CSV export of the 信访件查询 results: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order mark so that
// Excel opens the Chinese text correctly. Text cells that a spreadsheet would run as a formula (=, +, -, @,
// tab, CR at the start) are prefixed with an apostrophe — titles come from petitioners.
import { saveBlob } from '@/utils/download'

export type CsvValue = string | number | boolean | null | undefined

const BOM = '\uFEFF'
const FORMULA_START = /^[=+\-@\t\r]/

/** One cell: numbers as they are, text quoted when it holds a comma, quote or line break. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  let s = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
  if (FORMULA_START.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The whole file: BOM, header row, data rows, CRLF after every row. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','))
  return BOM + lines.map((l) => l + '\r\n').join('')
}

/** Offers the text as a download (UTF-8). */
export function downloadCsv(filename: string, text: string): void {
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), filename)
}

/** `信访件_20260305-0930.csv` (local time). */
export function exportFilename(prefix: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${prefix}_${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.csv`
}
