// A server error for `petitioners[0].id_number` is shown beside row 1's 证件号码; the 代表 switch appears only
// for a collective petition and is locked once five are chosen.
import { describe, expect, it } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { defineComponent, h, reactive } from 'vue'
import { ElForm } from 'element-plus'
import PetitionerFields from './PetitionerFields.vue'
import { i18n } from '@/i18n'
import { newPetitionerRow, serverFieldToProp } from '@/views/register/form'

function render(props: { collective?: boolean; canMark?: boolean; errors?: Record<string, string> }) {
  const model = reactive({ petitioners: [{ ...newPetitionerRow(), name: '王小明' }] })
  const Host = defineComponent({
    setup() {
      return () =>
        h(ElForm, { model, labelPosition: 'top' }, () =>
          h(PetitionerFields, {
            modelValue: model.petitioners[0],
            index: 0,
            anonymous: false,
            collective: props.collective ?? false,
            canMarkRepresentative: props.canMark ?? true,
            removable: false,
            errors: props.errors ?? {},
          }),
        )
    },
  })
  return mount(Host, { global: { plugins: [i18n], stubs: { transition: false, 'transition-group': false } }, attachTo: document.body })
}

describe('PetitionerFields', () => {
  it('labels every field and names the row', async () => {
    const w = render({})
    await flushPromises()
    const labels = w.findAll('label').map((l) => l.text())
    expect(labels).toEqual(expect.arrayContaining(['信访人姓名', '证件号码', '联系电话', '住址']))
    for (const l of w.findAll('label')) expect(w.find(`#${l.attributes('for')}`).exists()).toBe(true)
    expect(w.find('fieldset').attributes('aria-label')).toBe('信访人 1')
    expect(w.find('[data-testid="petitioner-rep-0"]').exists()).toBe(false)
    w.unmount()
  })

  it('shows a server error beside the field it names', async () => {
    const prop = serverFieldToProp('petitioners[0].id_number')!
    const w = render({ errors: { [prop]: '身份证号码校验位错误' } })
    await flushPromises()
    await new Promise((r) => setTimeout(r, 250)) // Element Plus debounces the error state
    const item = w.find('label[for$="-id"]').element.closest('.el-form-item')!
    expect(item.classList.contains('is-error')).toBe(true)
    expect(item.textContent).toContain('身份证号码校验位错误')
    const nameItem = w.find('label[for$="-name"]').element.closest('.el-form-item')!
    expect(nameItem.textContent).not.toContain('身份证号码校验位错误')
    w.unmount()
  })

  it('offers the 代表 switch for a collective petition, locked when five are chosen', async () => {
    const open = render({ collective: true, canMark: true })
    await flushPromises()
    expect(open.find('[data-testid="petitioner-rep-0"]').classes()).not.toContain('is-disabled')
    open.unmount()
    const full = render({ collective: true, canMark: false })
    expect(full.find('[data-testid="petitioner-rep-0"]').classes()).toContain('is-disabled')
    full.unmount()
  })
})
