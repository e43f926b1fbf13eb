import { describe, expect, it } from 'vitest'
import {
  idCheckChar,
  idNumberRule,
  isValidIdNumber,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  validateIdNumber,
  validatePhone,
} from './idNumber'

describe('validateIdNumber (GB 11643)', () => {
  it('accepts valid numbers', () => {
    expect(validateIdNumber('110101199003074514')).toBeNull()
    expect(validateIdNumber('11010519491231002X')).toBeNull()
    expect(validateIdNumber('440304200002291236')).toBeNull() // 29 Feb of a leap year
    expect(isValidIdNumber(' 110101199003074514 ')).toBe(true)
  })

  it('accepts a lower-case x check character (normalised to X)', () => {
    expect(validateIdNumber('11010519491231002x')).toBeNull()
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X')
  })

  it('accepts full-width digits like the server', () => {
    expect(normalizeIdNumber('１１０１０１１９９００３０７４５１４')).toBe('110101199003074514')
    expect(validateIdNumber('１１０１０１１９９００３０７４５１４')).toBeNull()
  })

  it('rejects a wrong check character', () => {
    expect(validateIdNumber('110101199003074515')).toBe('common.validation.idNumber.check')
    expect(validateIdNumber('110105194912310021')).toBe('common.validation.idNumber.check')
  })

  it('rejects an impossible birth date', () => {
    expect(validateIdNumber('440304199902291236')).toBe('common.validation.idNumber.birth') // 1999 not leap
    const month13 = '11010119901307' + '451'
    expect(validateIdNumber(month13 + idCheckChar(month13))).toBe('common.validation.idNumber.birth')
    const year1850 = '11010118500101' + '123'
    expect(validateIdNumber(year1850 + idCheckChar(year1850))).toBe('common.validation.idNumber.birth')
  })

  it('rejects a wrong length', () => {
    expect(validateIdNumber('11010119900307451')).toBe('common.validation.idNumber.length')
    expect(validateIdNumber('1101011990030745141')).toBe('common.validation.idNumber.length')
    expect(validateIdNumber('110101900307451')).toBe('common.validation.idNumber.length') // old 15-digit form
    expect(validateIdNumber('')).toBe('common.validation.idNumber.length')
  })

  it('rejects letters inside', () => {
    expect(validateIdNumber('1101011990030745X4')).toBe('common.validation.idNumber.format')
    expect(validateIdNumber('11010119900307451Y')).toBe('common.validation.idNumber.format')
  })
})

describe('masks (as the server masks)', () => {
  it('keeps the first 4 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('110101199003074514')).toBe('1101**********4514')
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X')
    expect(maskIdNumber('')).toBe('')
    expect(maskIdNumber(null)).toBe('')
  })

  it('masks a mobile number as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('0871-1234567')).toBe('087*****4567')
    expect(maskPhone('1234567')).toBe('*****67')
    expect(maskPhone(undefined)).toBe('')
  })
})

describe('validatePhone', () => {
  it('follows the server rules', () => {
    expect(validatePhone('13812345678')).toBeNull()
    expect(validatePhone('0871-65123456')).toBeNull()
    expect(validatePhone('12812345678')).toBe('common.validation.phone')
    expect(validatePhone('1381234567')).toBe('common.validation.phone')
    expect(validatePhone('138-')).toBe('common.validation.phone')
    expect(validatePhone('abc')).toBe('common.validation.phone')
  })
})

describe('idNumberRule', () => {
  const run = (rule: ReturnType<typeof idNumberRule>, value: string) =>
    new Promise<string | undefined>((resolve) => {
      ;(rule.validator as (r: unknown, v: string, cb: (e?: Error) => void) => void)({}, value, (e) =>
        resolve(e?.message),
      )
    })

  it('passes valid and empty values, reports a translated message otherwise', async () => {
    expect(await run(idNumberRule(), '110101199003074514')).toBeUndefined()
    expect(await run(idNumberRule(), '')).toBeUndefined()
    expect(await run(idNumberRule(), '110101199003074515')).toBe('身份证号码校验位不正确，请核对')
    expect(await run(idNumberRule({ required: true }), '')).toBe('请填写身份证号码')
  })
})
