import { describe, expect, it } from 'vitest'
import { categoryMatches, categoryOptions, isRegionCode, regionCodePath, regionPath, regionTree, type Region } from './reference'

const regions: Region[] = [
  { code: '991021', parent_code: '991000', name: '青山县' },
  { code: '990000', parent_code: '', name: '云岭省' },
  { code: '991000', parent_code: '990000', name: '安平市' },
  { code: '991021001', parent_code: '991021', name: '青山镇' },
  { code: '991022', parent_code: '991000', name: '河西区' },
]

describe('regions', () => {
  it('builds the tree in code order, leaves without children', () => {
    const tree = regionTree(regions)
    expect(tree.map((r) => r.code)).toEqual(['990000'])
    const city = tree[0].children![0]
    expect(city.children!.map((r) => r.name)).toEqual(['青山县', '河西区'])
    expect(city.children![1].children).toBeUndefined()
    expect(city.children![0].children![0].code).toBe('991021001')
  })

  it('gives the full name and code path', () => {
    expect(regionPath(regions, '991021001')).toBe('云岭省 / 安平市 / 青山县 / 青山镇')
    expect(regionPath(regions, '123456')).toBe('')
    expect(regionCodePath(regions, '991021')).toEqual(['990000', '991000', '991021'])
  })

  it('accepts 6, 9 or 12 digit codes', () => {
    expect(isRegionCode('991021')).toBe(true)
    expect(isRegionCode('991021001')).toBe(true)
    expect(isRegionCode('991021001001')).toBe(true)
    expect(isRegionCode('99102')).toBe(false)
    expect(isRegionCode('9910210')).toBe(false)
    expect(isRegionCode('99102a')).toBe(false)
  })
})

describe('categories for the tree select', () => {
  const items = [
    { code: '04', parent: '', name: '劳动和社会保障' },
    { code: '0401', parent: '04', name: '劳动关系' },
    { code: '0402', parent: '04', name: '拖欠农民工工资' },
    { code: '05', parent: '', name: '卫生健康' },
  ]

  it('converts to value/label nodes, leaves without children', () => {
    const opts = categoryOptions(items)
    expect(opts.map((o) => o.value)).toEqual(['04', '05'])
    expect(opts[0].children!.map((o) => o.label)).toEqual(['劳动关系', '拖欠农民工工资'])
    expect(opts[1].children).toBeUndefined()
  })

  it('matches by name, code prefix or parent name', () => {
    const [labour] = categoryOptions(items)
    const wages = labour.children![1]
    expect(categoryMatches('拖欠', wages, labour)).toBe(true)
    expect(categoryMatches('0402', wages, labour)).toBe(true)
    expect(categoryMatches('04', wages, labour)).toBe(true)
    expect(categoryMatches('劳动和社会', wages, labour)).toBe(true)
    expect(categoryMatches('卫生', wages, labour)).toBe(false)
    expect(categoryMatches('', wages)).toBe(true)
  })
})
