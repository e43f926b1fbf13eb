import { describe, expect, it } from 'vitest'
import { csvCell, exportFilename, toCsv } from './csv'

describe('CSV export', () => {
  it('leaves plain cells alone', () => {
    expect(csvCell('拖欠工资')).toBe('拖欠工资')
    expect(csvCell(12)).toBe('12')
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(true)).toBe('1')
    expect(csvCell(Number.NaN)).toBe('')
  })

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('甲,乙')).toBe('"甲,乙"')
    expect(csvCell('他说"你好"')).toBe('"他说""你好"""')
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"')
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"')
  })

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"')
    expect(csvCell('+86 138')).toBe("'+86 138")
    expect(csvCell('-1')).toBe("'-1")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
  })

  it('writes a BOM, a header row and CRLF line ends', () => {
    const text = toCsv(['编号', '标题'], [['991021-2026-000001', '拖欠, 工资'], ['991021-2026-000002', null]])
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(text.slice(1)).toBe('编号,标题\r\n991021-2026-000001,"拖欠, 工资"\r\n991021-2026-000002,\r\n')
  })

  it('names the file with the time', () => {
    expect(exportFilename('信访件', new Date(2026, 2, 5, 9, 7))).toBe('信访件_20260305-0907.csv')
  })
})
