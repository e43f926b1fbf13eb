import { describe, expect, it } from 'vitest'
import type { DocumentTemplate } from '@/api/documents'
import { formOf, insertPlaceholder, isChanged, placeholder, requestBody } from './edit'

const TPL: DocumentTemplate = {
  kind: 'acceptance_notice',
  kind_label: '受理告知书',
  to_petitioner: true,
  version: 3,
  stored: true,
  title: '信访事项受理告知书',
  addressee: '{{信访人}}：',
  body: '第一段\n第二段',
  number_format: '{{机关简称}}信受〔{{年份}}〕{{序号}}号',
  note: '上次的说明',
  created_at: '2026-12-01T10:00:00+08:00',
  created_by: 7,
}

describe('template editing', () => {
  it('inserts a placeholder at the cursor, over a selection, or at the end', () => {
    expect(placeholder('信访人')).toBe('{{信访人}}')
    expect(insertPlaceholder('你好。', '信访人', 2)).toEqual({ text: '你好{{信访人}}。', caret: 9 })
    expect(insertPlaceholder('请于XX前反馈', '反馈期限', 2, 4)).toEqual({ text: '请于{{反馈期限}}前反馈', caret: 10 })
    expect(insertPlaceholder('末尾', '文号', null)).toEqual({ text: '末尾{{文号}}', caret: 8 })
    expect(insertPlaceholder('ab', '年份', 99, -1)).toEqual({ text: 'ab{{年份}}', caret: 8 })
  })

  it('starts a form from a template without its change note, and tells changes apart', () => {
    const form = formOf(TPL)
    expect(form).toEqual({ title: TPL.title, addressee: TPL.addressee, body: TPL.body, number_format: TPL.number_format, note: '' })
    expect(isChanged(form, TPL)).toBe(false)
    expect(isChanged({ ...form, body: '第一段\r\n第二段' }, TPL)).toBe(false)
    expect(isChanged({ ...form, note: '只写了说明' }, TPL)).toBe(false)
    expect(isChanged({ ...form, number_format: '' }, TPL)).toBe(true)
  })

  it('sends trimmed single-line parts and the body with \\n line ends', () => {
    expect(requestBody({ title: ' 标题 ', addressee: '{{信访人}}： ', body: '一\r\n二\r三', number_format: ' ', note: ' 改 ' })).toEqual({
      title: '标题',
      addressee: '{{信访人}}：',
      body: '一\n二\n三',
      number_format: '',
      note: '改',
    })
  })
})
