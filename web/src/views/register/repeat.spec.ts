// 疑似重复信访 while registering: when the form is worth asking about, what is sent, and the display helpers.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { emptyForm, newPetitionerRow, type RegisterForm } from './form'
import {
  REPEAT_DEBOUNCE_MS,
  buildRepeatRequest,
  debounce,
  isMarked,
  isMeaningful,
  requestKey,
  similarityPercent,
} from './repeat'

const VALID_ID = '110101199003074514'
const BAD_CHECK_ID = '110101199003074515'

function form(patch: Partial<RegisterForm> = {}, rows: Partial<RegisterForm['petitioners'][number]>[] = [{}]): RegisterForm {
  return {
    ...emptyForm({ region_code: '991021' }),
    ...patch,
    petitioners: rows.map((r) => ({ ...newPetitionerRow(), ...r })),
  }
}

describe('when to ask', () => {
  it('asks once the content has 10 characters or more', () => {
    expect(isMeaningful(form({ content: '拖欠工资' }))).toBe(false)
    expect(isMeaningful(form({ content: '  某工地拖欠工人的工资 ' }))).toBe(true) // 10, spaces trimmed
    expect(isMeaningful(form({ content: '  某工地拖欠工人工资  ' }))).toBe(false) // 9
    expect(isMeaningful(form({ title: '某工地拖欠十二名工人工资八万元' }))).toBe(false) // a title alone is not enough
  })

  it('asks for a complete, valid ID number or a valid phone', () => {
    expect(isMeaningful(form({}, [{ id_number: VALID_ID.slice(0, 17) }]))).toBe(false)
    expect(isMeaningful(form({}, [{ id_number: BAD_CHECK_ID }]))).toBe(false)
    expect(isMeaningful(form({}, [{ id_number: VALID_ID }]))).toBe(true)
    expect(isMeaningful(form({}, [{ id_number: '１１０１０１１９９００３０７４５１４' }]))).toBe(true) // full-width digits
    expect(isMeaningful(form({}, [{ phone: '1381234' }]))).toBe(false)
    expect(isMeaningful(form({}, [{ phone: '13812345678' }]))).toBe(true)
    expect(isMeaningful(form({}, [{ name: '张三' }, { phone: '0871-12345678' }]))).toBe(true)
    expect(isMeaningful(form())).toBe(false)
  })
})

describe('the request', () => {
  it('is null while nothing meaningful is typed', () => {
    expect(buildRepeatRequest(form({ title: '拆迁', content: '补偿' }))).toBeNull()
    expect(requestKey(null)).toBe('')
  })

  it('sends trimmed texts and only usable ID numbers and phones', () => {
    const body = buildRepeatRequest(
      form({ title: ' 拆迁安置 ', content: ' 两层砖混房屋因工业园区建设被拆除，安置房仍未动工。 ', region_code: '991021001' }, [
        { name: ' 李四 ', id_number: VALID_ID.toLowerCase(), phone: '1381234' },
        { name: '王五' },
        { name: '', id_number: BAD_CHECK_ID, phone: '13812345678' },
      ]),
    )
    expect(body).toEqual({
      region_code: '991021001',
      title: '拆迁安置',
      content: '两层砖混房屋因工业园区建设被拆除，安置房仍未动工。',
      petitioners: [{ name: '李四', id_number: VALID_ID }, { phone: '13812345678' }],
    })
  })

  it('leaves out empty fields', () => {
    expect(buildRepeatRequest(form({ region_code: '' }, [{ id_number: VALID_ID }]))).toEqual({
      petitioners: [{ id_number: VALID_ID }],
    })
  })

  it('has a stable key, so unchanged contents are not asked again', () => {
    const a = buildRepeatRequest(form({ content: '某工地拖欠十二名工人工资八万元' }))
    const b = buildRepeatRequest(form({ content: '某工地拖欠十二名工人工资八万元 ' }))
    expect(requestKey(a)).toBe(requestKey(b))
    expect(requestKey(a)).not.toBe(requestKey(buildRepeatRequest(form({ content: '某工地拖欠十三名工人工资八万元' }))))
  })
})

describe('display', () => {
  it('shows the similarity as a whole percentage', () => {
    expect(similarityPercent(0.876)).toBe('88%')
    expect(similarityPercent(1)).toBe('100%')
    expect(similarityPercent(1.2)).toBe('100%')
    expect(similarityPercent(-1)).toBe('0%')
    expect(similarityPercent(Number.NaN)).toBe('0%')
    expect(similarityPercent(undefined)).toBe('0%')
  })

  it('knows the candidate already marked', () => {
    expect(isMarked({ number: '991021-2025-000003' }, ' 991021-2025-000003 ')).toBe(true)
    expect(isMarked({ number: '991021-2025-000003' }, '991021-2025-000004')).toBe(false)
    expect(isMarked({ number: '991021-2025-000003' }, '')).toBe(false)
  })
})

describe('debounce', () => {
  afterEach(() => vi.useRealTimers())

  it('calls once, 600 ms after the last call, with the last arguments', () => {
    vi.useFakeTimers()
    const fn = vi.fn()
    const d = debounce(fn, REPEAT_DEBOUNCE_MS)
    d('a')
    vi.advanceTimersByTime(500)
    d('b')
    vi.advanceTimersByTime(500)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(fn).toHaveBeenCalledWith('b')
  })

  it('can be cancelled or flushed', () => {
    vi.useFakeTimers()
    const fn = vi.fn()
    const d = debounce(fn, 600)
    d(1)
    d.cancel()
    vi.advanceTimersByTime(1000)
    expect(fn).not.toHaveBeenCalled()
    d(2)
    d.flush()
    expect(fn).toHaveBeenCalledWith(2)
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(1)
    d.flush() // nothing pending
    expect(fn).toHaveBeenCalledTimes(1)
  })
})
