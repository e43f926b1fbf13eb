import { describe, expect, it } from 'vitest'
import { changedRows, isDirty, nextCategoryCode, rowForField, toEditRows, toTree, validateRows, type EditRow } from './categoryEdit'

const saved = toEditRows([
  { code: '01', parent: '', name: '农村农业' },
  { code: '0101', parent: '01', name: '土地承包经营' },
  { code: '0106', parent: '01', name: '水利' },
  { code: '02', parent: '', name: '自然资源' },
])

function newRow(code: string, parent: string, name: string, key = `new-${code}`): EditRow {
  return { key, code, parent, name, savedName: '', isNew: true }
}

describe('category editing', () => {
  it('suggests the next free code', () => {
    const codes = saved.map((r) => r.code)
    expect(nextCategoryCode('01', codes)).toBe('0107')
    expect(nextCategoryCode('02', codes)).toBe('0201')
    expect(nextCategoryCode('', codes)).toBe('03')
    expect(nextCategoryCode('', ['01', '03'])).toBe('04')
  })

  it('sends only new and renamed rows, parents first', () => {
    const rows = saved.map((r) => ({ ...r }))
    rows[2].name = '水利设施 '
    rows.push(newRow('0201', '02', '土地征收'), newRow('03', '', '城乡建设'))
    expect(rows.filter(isDirty)).toHaveLength(3)
    expect(changedRows(rows)).toEqual([
      { code: '03', parent: '', name: '城乡建设' },
      { code: '0106', parent: '01', name: '水利设施' },
      { code: '0201', parent: '02', name: '土地征收' },
    ])
  })

  it('checks codes and names like the server', () => {
    const rows = [
      ...saved,
      newRow('', '01', 'x', 'a'),
      newRow('0101', '01', 'dup', 'b'),
      newRow('01 01', '01', 'y', 'c'),
      newRow('0901', '09', 'z', 'd'),
      newRow('0107', '01', '', 'e'),
      newRow('0108', '01', '长'.repeat(51), 'f'),
    ]
    const e = validateRows(rows)
    expect(e.get('a')).toEqual({ code: 'codeRequired' })
    expect(e.get('b')).toEqual({ code: 'codeTaken' })
    expect(e.get('c')).toEqual({ code: 'codeChars' })
    expect(e.get('d')).toEqual({ code: 'parentMissing' })
    expect(e.get('e')).toEqual({ name: 'nameRequired' })
    expect(e.get('f')).toEqual({ name: 'nameTooLong' })
    expect(e.has('01')).toBe(false)
  })

  it('maps a server field back to the row', () => {
    const sent = [{ code: '03', parent: '', name: 'a' }, { code: '0301', parent: '03', name: '' }]
    expect(rowForField('rows[1].name', sent)).toEqual({ code: '0301', part: 'name' })
    expect(rowForField('rows[0].parent', sent)).toEqual({ code: '03', part: 'code' })
    expect(rowForField('rows[5].name', sent)).toBeNull()
    expect(rowForField('title', sent)).toBeNull()
  })

  it('builds a two-level tree over the same row objects', () => {
    const rows = [...saved, newRow('0107', '01', '新')]
    const tree = toTree(rows)
    expect(tree.map((n) => n.key)).toEqual(['01', '02'])
    expect(tree[0].children!.map((n) => n.key)).toEqual(['0101', '0106', 'new-0107'])
    expect(tree[1].children).toBeUndefined()
    tree[0].children![0].row.name = '改'
    expect(rows[1].name).toBe('改')
  })
})
