import { describe, expect, it } from 'vitest'
import {
  emptyBookingForm,
  emptySubmitForm,
  normalizeQueryCode,
  SUBMIT_STEPS,
  toBookingBody,
  toSubmitBody,
  validateBooking,
  validateEmail,
  validateIdNumber,
  validateOtp,
  validatePhone,
  validateSubmit,
  type SubmitForm,
} from './validate'
import { msgText } from '../i18n'

function filled(over: Partial<SubmitForm> = {}): SubmitForm {
  return {
    ...emptySubmitForm(),
    purpose: 'complaint',
    category_code: '0402',
    region_code: '991021001',
    title: ' 拖欠工资 ',
    content: '某工地拖欠工人工资三个月。',
    name: '周八',
    id_number: '11010519491231002x',
    phone: '13812345678',
    address: '青山县城关镇人民路1号',
    consent: true,
    ...over,
  }
}

describe('ID numbers and phones', () => {
  it('accepts a valid ID (x, full-width digits) and says what is wrong with a bad one', () => {
    expect(validateIdNumber('11010519491231002X')).toBeNull()
    expect(validateIdNumber('11010519491231002x')).toBeNull()
    expect(validateIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBeNull()
    expect(validateIdNumber('1101051949123100')?.key).toBe('validation.idLength')
    expect(validateIdNumber('11010519491231002A')?.key).toBe('validation.idFormat')
    expect(validateIdNumber('110105194902300021')?.key).toBe('validation.idBirth')
    expect(validateIdNumber('110105194912310021')?.key).toBe('validation.idCheck')
  })

  it('accepts mobiles and landlines', () => {
    expect(validatePhone('13812345678')).toBeNull()
    expect(validatePhone('0991-1234567')).toBeNull()
    expect(validatePhone('1381234567')?.key).toBe('validation.phone')
    expect(validatePhone('12812345678')?.key).toBe('validation.phone')
    expect(validatePhone('phone')?.key).toBe('validation.phone')
  })

  it('checks e-mail, the SMS code and normalises the query code', () => {
    expect(validateEmail('zhou@example.cn')).toBeNull()
    expect(validateEmail('zhou@')?.key).toBe('validation.email')
    expect(validateOtp('123456')).toBeNull()
    expect(validateOtp('12345')?.key).toBe('validation.otp')
    expect(normalizeQueryCode(' abcd-ｅｆｇｈ jklm ')).toBe('ABCD-EFGHJKLM')
  })
})

describe('我要写信', () => {
  it('finds every missing field of each step, with the field named', () => {
    const empty = emptySubmitForm()
    expect(Object.keys(validateSubmit(empty, SUBMIT_STEPS[0]))).toEqual(SUBMIT_STEPS[0])
    expect(Object.keys(validateSubmit(empty, SUBMIT_STEPS[1]))).toEqual(['name', 'id_number', 'phone', 'address'])
    expect(Object.keys(validateSubmit(empty, SUBMIT_STEPS[2]))).toEqual(['consent'])
    expect(msgText(validateSubmit(empty).title)).toBe('请填写标题')
    expect(msgText(validateSubmit(empty).category_code)).toBe('请选择问题分类')
  })

  it('passes a complete form', () => {
    expect(validateSubmit(filled())).toEqual({})
  })

  it('limits title and content length', () => {
    expect(validateSubmit(filled({ title: '字'.repeat(101) })).title?.key).toBe('validation.tooLong')
    expect(validateSubmit(filled({ title: '字'.repeat(100) })).title).toBeUndefined()
    expect(msgText(validateSubmit(filled({ content: '字'.repeat(5001) })).content)).toBe('事情经过和诉求不能超过 5000 个字')
  })

  it('checks the person’s ID, phone and e-mail only when signed', () => {
    const bad = { id_number: '123', phone: '1', email: 'x@', name: '', address: '' }
    expect(Object.keys(validateSubmit(filled(bad), SUBMIT_STEPS[1]))).toEqual(['name', 'id_number', 'phone', 'address', 'email'])
    expect(validateSubmit(filled({ ...bad, anonymous: true }))).toEqual({})
  })

  it('cannot be submitted without consent', () => {
    expect(validateSubmit(filled({ consent: false })).consent?.key).toBe('validation.consent')
  })

  it('builds the request body: trimmed, ID normalised; an anonymous letter carries no person', () => {
    expect(toSubmitBody(filled({ email: ' zhou@example.cn ' }))).toEqual({
      purpose: 'complaint',
      category_code: '0402',
      region_code: '991021001',
      title: '拖欠工资',
      content: '某工地拖欠工人工资三个月。',
      anonymous: false,
      petitioners: [{ name: '周八', id_number: '11010519491231002X', phone: '13812345678', address: '青山县城关镇人民路1号' }],
      email: 'zhou@example.cn',
      consent: true,
    })
    const anon = toSubmitBody(filled({ anonymous: true, email: 'zhou@example.cn' }))
    expect(anon.petitioners).toEqual([])
    expect(anon.email).toBeUndefined()
    expect(anon.anonymous).toBe(true)
  })
})

describe('预约接访', () => {
  it('requires name, phone, region, summary and consent; the ID is optional but checked', () => {
    expect(Object.keys(validateBooking(emptyBookingForm()))).toEqual(['name', 'phone', 'region_code', 'summary', 'consent'])
    const ok = { name: '吴九', phone: '13900001111', id_number: '', region_code: '991021', summary: '土地承包', consent: true }
    expect(validateBooking(ok)).toEqual({})
    expect(Object.keys(validateBooking({ ...ok, id_number: '123' }))).toEqual(['id_number'])
    expect(toBookingBody(ok, 7, '09:30')).toEqual({
      day_id: 7,
      slot: '09:30',
      name: '吴九',
      phone: '13900001111',
      region_code: '991021',
      summary: '土地承包',
      consent: true,
    })
    expect(toBookingBody({ ...ok, id_number: '11010519491231002x' }, 7, '09:30').id_number).toBe('11010519491231002X')
  })
})
