import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n'
import type { Translate } from './format'
import { receiptFileName, receiptRows, receiptText } from './receipt'

function translator(locale: 'zh-CN' | 'en'): Translate {
  const g = i18n.global as unknown as { t: (k: string, p?: unknown, o?: unknown) => string }
  return (key, params) => g.t(key, params ?? {}, { locale })
}

const receipt = {
  number: '991021-2026-000123',
  query_code: 'ABCD-EFGH-JKLM',
  secret: 'QWERTYUP',
  received_at: '2026-12-02T16:20:53+08:00',
  org_name: '青山县信访局',
  route_due: '2026-12-17',
}

describe('receipt text', () => {
  it('holds number, query code, secret, time, org, deadline and how to track, in Chinese', () => {
    const text = receiptText(translator('zh-CN'), receipt, 'https://xf.example/portal/track')
    expect(text.split('\r\n')).toEqual([
      '网上信访回执',
      '========================',
      '',
      '信访件编号：991021-2026-000123',
      '查询码：ABCD-EFGH-JKLM',
      '密码：QWERTYUP',
      '提交时间：2026-12-02 16:20',
      '受理机关：青山县信访局',
      '处理期限：2026-12-17 前登记分流并告知您',
      '',
      '密码只显示一次，请妥善保存。凭查询码和密码可以查询办理进度、评价和申请复查；不要告诉他人。',
      '查询办理进度：https://xf.example/portal/track',
      '工作人员不会向您索要密码。',
      '',
    ])
  })

  it('is written in English when the page is', () => {
    const text = receiptText(translator('en'), receipt, 'https://xf.example/portal/track')
    expect(text).toContain('Query code: ABCD-EFGH-JKLM\r\n')
    expect(text).toContain('Password: QWERTYUP\r\n')
    expect(text).toContain('The password is shown only once')
  })

  it('leaves out what the server did not send (an anonymous letter has no query code)', () => {
    const t = translator('zh-CN')
    const anon = { ...receipt, query_code: '', secret: '', route_due: null }
    expect(receiptRows(t, anon).map((r) => r.key)).toEqual(['number', 'received_at', 'org_name'])
    const text = receiptText(t, anon, 'x')
    expect(text).not.toContain('查询码')
    expect(text).toContain(t('receipt.anonymousNote'))
    expect(t('receipt.anonymousNote')).toContain('匿名信件')
  })

  it('names the file after the case number', () => {
    expect(receiptFileName(translator('zh-CN'), receipt)).toBe('信访回执-991021-2026-000123.txt')
  })
})
