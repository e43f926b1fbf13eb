// Highlighted parts from the search API: tidied for rendering, and rendered by HighlightText as text and <mark>
// — never as HTML.
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import HighlightText from '@/components/HighlightText.vue'
import { hitCount, normalizeParts, partsText } from './highlight'

describe('normalizeParts', () => {
  it('drops empty pieces and joins neighbours of the same kind', () => {
    expect(
      normalizeParts([
        { text: '反映', hit: false },
        { text: '', hit: true },
        { text: '房屋', hit: false },
        { text: '拆', hit: true },
        { text: '迁', hit: true },
        { text: '问题', hit: false },
      ]),
    ).toEqual([
      { text: '反映房屋', hit: false },
      { text: '拆迁', hit: true },
      { text: '问题', hit: false },
    ])
  })

  it('falls back to the plain text when there are no parts', () => {
    expect(normalizeParts([], '原标题')).toEqual([{ text: '原标题', hit: false }])
    expect(normalizeParts(null, '原标题')).toEqual([{ text: '原标题', hit: false }])
    expect(normalizeParts(undefined)).toEqual([])
  })

  it('treats anything but hit === true as plain', () => {
    expect(normalizeParts([{ text: 'a', hit: 1 as unknown as boolean }])).toEqual([{ text: 'a', hit: false }])
  })

  it('gives the plain text and the number of hits', () => {
    const parts = [
      { text: '拖欠', hit: true },
      { text: '农民工', hit: false },
      { text: '工资', hit: true },
    ]
    expect(partsText(parts)).toBe('拖欠农民工工资')
    expect(hitCount(parts)).toBe(2)
    expect(partsText(null)).toBe('')
  })
})

describe('HighlightText', () => {
  it('renders hits in <mark> and the rest as text', () => {
    const w = mount(HighlightText, {
      props: {
        parts: [
          { text: '反映房屋', hit: false },
          { text: '拆迁', hit: true },
          { text: '后安置不到位', hit: false },
        ],
      },
    })
    expect(w.element.tagName).toBe('SPAN')
    expect(w.text()).toBe('反映房屋拆迁后安置不到位')
    expect(w.findAll('mark').map((m) => m.text())).toEqual(['拆迁'])
  })

  it('never interprets the server text as HTML', () => {
    const w = mount(HighlightText, {
      props: { tag: 'div', parts: [{ text: '<img src=x onerror=alert(1)>', hit: false }, { text: '<b>拆迁</b>', hit: true }] },
    })
    expect(w.element.tagName).toBe('DIV')
    expect(w.find('img').exists()).toBe(false)
    expect(w.find('b').exists()).toBe(false)
    expect(w.find('mark').text()).toBe('<b>拆迁</b>')
  })

  it('shows the fallback when the parts are missing', () => {
    const w = mount(HighlightText, { props: { parts: [], fallback: '某工地拖欠工资' } })
    expect(w.text()).toBe('某工地拖欠工资')
    expect(w.find('mark').exists()).toBe(false)
  })
})
