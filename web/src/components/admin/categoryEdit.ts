// Editing the 内容分类 table in the console: suggested codes for new rows, client-side checks that mirror the
// server's (code 1–16 characters and unique, name 1–50 characters, the parent exists), and the rows to send.
import type { Category } from '@/api/categories'

export interface EditRow {
  /** Stable key for the table (the code of saved rows, `new-N` for new ones) */
  key: string
  code: string
  parent: string
  name: string
  /** The saved name ('' for a new row) */
  savedName: string
  isNew: boolean
}

export function toEditRows(items: readonly Category[]): EditRow[] {
  return items.map((c) => ({ key: c.code, code: c.code, parent: c.parent, name: c.name, savedName: c.name, isNew: false }))
}

export function isDirty(r: EditRow): boolean {
  return r.isNew || r.name.trim() !== r.savedName
}

/**
 * The next free code: below `parent` it is the parent's code and a two-digit number (`01` → `0107` after
 * `0106`); at the top level a two-digit number (`10` → `11`).
 */
export function nextCategoryCode(parent: string, codes: readonly string[]): string {
  const taken = new Set(codes)
  const siblings = codes.filter((c) => (parent ? c.startsWith(parent) && c.length === parent.length + 2 : c.length === 2))
  let n = 0
  for (const c of siblings) {
    const v = Number(c.slice(parent.length))
    if (Number.isInteger(v) && v > n) n = v
  }
  for (let i = n + 1; i < 1000; i++) {
    const code = parent + String(i).padStart(2, '0')
    if (!taken.has(code)) return code
  }
  return parent + '99'
}

/** i18n keys (admin.categories.errors.*) of the problems of each row, by row key. */
export function validateRows(rows: readonly EditRow[]): Map<string, { code?: string; name?: string }> {
  const errors = new Map<string, { code?: string; name?: string }>()
  const counts = new Map<string, number>()
  for (const r of rows) counts.set(r.code.trim(), (counts.get(r.code.trim()) ?? 0) + 1)
  const codes = new Set(rows.map((r) => r.code.trim()))
  for (const r of rows) {
    const e: { code?: string; name?: string } = {}
    const code = r.code.trim()
    const name = r.name.trim()
    if (r.isNew) {
      if (!code) e.code = 'codeRequired'
      else if (code.length > 16) e.code = 'codeTooLong'
      else if (!/^[0-9A-Za-z_.-]+$/.test(code)) e.code = 'codeChars'
      else if ((counts.get(code) ?? 0) > 1) e.code = 'codeTaken'
      else if (r.parent && !codes.has(r.parent)) e.code = 'parentMissing'
    }
    if (!name) e.name = 'nameRequired'
    else if ([...name].length > 50) e.name = 'nameTooLong'
    if (e.code || e.name) errors.set(r.key, e)
  }
  return errors
}

/** The rows to PUT: new and renamed ones, parents before children. */
export function changedRows(rows: readonly EditRow[]): Category[] {
  return rows
    .filter(isDirty)
    .map((r) => ({ code: r.code.trim(), parent: r.parent, name: r.name.trim() }))
    .sort((a, b) => (a.parent ? 1 : 0) - (b.parent ? 1 : 0) || a.code.localeCompare(b.code))
}

/** Maps a server field such as `rows[2].name` back to the row sent at that index. */
export function rowForField(field: string | undefined, sent: readonly Category[]): { code: string; part: 'code' | 'name' } | null {
  const m = /^rows\[(\d+)\]\.(code|name|parent)$/.exec(field ?? '')
  if (!m) return null
  const row = sent[Number(m[1])]
  if (!row) return null
  return { code: row.code, part: m[2] === 'name' ? 'name' : 'code' }
}

export interface TreeRow {
  key: string
  /** The edited row itself (not a copy: inputs bound to it edit the list) */
  row: EditRow
  children?: TreeRow[]
}

/** Two-level tree for the table (children under their parent; orphans at the top; new rows last). */
export function toTree(rows: readonly EditRow[]): TreeRow[] {
  const byCode = new Map<string, TreeRow>()
  const top: TreeRow[] = []
  for (const r of rows) {
    if (r.parent) continue
    const node: TreeRow = { key: r.key, row: r, children: [] }
    top.push(node)
    if (!byCode.has(r.code)) byCode.set(r.code, node)
  }
  for (const r of rows) {
    if (!r.parent) continue
    const p = byCode.get(r.parent)
    if (p) p.children!.push({ key: r.key, row: r })
    else top.push({ key: r.key, row: r })
  }
  const cmp = (a: TreeRow, b: TreeRow) =>
    (a.row.isNew ? 1 : 0) - (b.row.isNew ? 1 : 0) || a.row.code.localeCompare(b.row.code)
  top.sort(cmp)
  for (const n of top) {
    if (n.children?.length) n.children.sort(cmp)
    else delete n.children
  }
  return top
}
