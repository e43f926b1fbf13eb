// 疑似重复信访（N）: hidden without candidates; a link only for cases the user may open; the reason and the
// similarity; 标记为重复件 hands the number up and then shows the candidate as marked.
import { describe, expect, it } from 'vitest'
import { mount, RouterLinkStub } from '@vue/test-utils'
import RepeatCandidatesPanel from './RepeatCandidatesPanel.vue'
import { i18n } from '@/i18n'
import type { RepeatCandidate } from '@/api/search'

const visible: RepeatCandidate = {
  id: 77,
  number: '991021-2025-000003',
  received_on: '2025-01-02',
  state: 'concluded',
  state_label: '已办结',
  current_org_name: '青山县信访局',
  reason: 'similar_text',
  reason_label: '内容相似',
  similarity: 0.876,
  visible: true,
  title: '反映房屋拆迁后安置不到位的问题',
  advice: '该事项已办结：告知信访人原处理结果及复查、复核途径',
}
const hidden: RepeatCandidate = {
  ...visible,
  id: null,
  number: '990000-2025-000070',
  state: 'final',
  state_label: '已终结',
  current_org_name: '云岭省信访局',
  reason: 'same_id_number',
  reason_label: '证件号码相同',
  similarity: 1,
  visible: false,
  title: null,
  advice: '该事项已终结：同一事实和理由不再受理（条例第36条第3款）',
}

function render(items: RepeatCandidate[], repeatOf = '') {
  return mount(RepeatCandidatesPanel, {
    props: { items, repeatOf },
    global: { plugins: [i18n], stubs: { RouterLink: RouterLinkStub } },
  })
}

describe('RepeatCandidatesPanel', () => {
  it('shows nothing without candidates', () => {
    const w = render([])
    expect(w.find('[data-testid="repeat-panel"]').exists()).toBe(false)
  })

  it('lists the candidates with their number, state, office, reason, similarity and advice', () => {
    const w = render([visible, hidden])
    expect(w.get('[data-testid="repeat-title"]').text()).toBe('疑似重复信访（2）')
    const rows = w.findAll('[data-testid="repeat-candidate"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('2025-01-02')
    expect(rows[0].text()).toContain('已办结')
    expect(rows[0].text()).toContain('青山县信访局')
    expect(rows[0].get('[data-testid="repeat-candidate-reason"]').text()).toBe('内容相似 · 相似度 88%')
    expect(rows[0].text()).toContain('该事项已办结')
    expect(rows[0].findComponent(RouterLinkStub).props('to')).toEqual({ name: 'petition-detail', params: { id: '77' } })
    // Outside the user's scope: the number without a link.
    expect(rows[1].findComponent(RouterLinkStub).exists()).toBe(false)
    expect(rows[1].text()).toContain('990000-2025-000070')
    expect(rows[1].text()).toContain('无权查看详情')
    expect(rows[1].get('[data-testid="repeat-candidate-reason"]').text()).toBe('证件号码相同 · 相似度 100%')
  })

  it('hands the number up on 标记为重复件 and shows the marked one', async () => {
    const w = render([visible, hidden])
    await w.findAll('[data-testid="repeat-mark"]')[1].trigger('click')
    expect(w.emitted('mark')).toEqual([['990000-2025-000070']])
    await w.setProps({ repeatOf: '990000-2025-000070' })
    const buttons = w.findAll('[data-testid="repeat-mark"]')
    expect(buttons[0].text()).toBe('标记为重复件')
    expect(buttons[1].text()).toBe('已标记为重复件')
    expect(buttons[1].attributes('disabled')).toBeDefined()
  })

  it('can be folded away', async () => {
    const w = render([visible])
    const toggle = w.get('[data-testid="repeat-toggle"]')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    await toggle.trigger('click')
    expect(w.get('[data-testid="repeat-toggle"]').attributes('aria-expanded')).toBe('false')
    expect(w.get('#xf-repeat-body').attributes('style')).toContain('display: none')
  })
})
