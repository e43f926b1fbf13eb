import { describe, expect, it } from 'vitest'
import {
  MAX_REPRESENTATIVES,
  buildRegisterRequest,
  canMarkRepresentative,
  emptyForm,
  isBlankRow,
  isCollective,
  isFutureTime,
  isPetitionNumber,
  newPetitionerRow,
  personsError,
  representativeCount,
  representativesError,
  sentRowIndex,
  serverFieldToProp,
  textLength,
  toOffsetIso,
  visitKind,
  type PetitionerRow,
} from './form'

function rows(...specs: Partial<PetitionerRow>[]): PetitionerRow[] {
  return specs.map((s) => ({ ...newPetitionerRow(), ...s }))
}
const reps = (n: number, total = n) =>
  rows(...Array.from({ length: total }, (_, i) => ({ name: `人${i}`, representative: i < n })))

describe('collective petitions (5 人及以上)', () => {
  it('detects a collective petition from the number of persons', () => {
    expect(isCollective(1)).toBe(false)
    expect(isCollective(4)).toBe(false)
    expect(isCollective(5)).toBe(true)
    expect(isCollective(30)).toBe(true)
    expect(isCollective(null)).toBe(false)
    expect(isCollective(undefined)).toBe(false)
  })

  it('calls a visit 个访 or 集体访, other channels neither', () => {
    expect(visitKind('visit', 1)).toBe('individual')
    expect(visitKind('visit', 4)).toBe('individual')
    expect(visitKind('visit', 5)).toBe('collective')
    expect(visitKind('letter', 30)).toBeNull()
    expect(visitKind('online', 1)).toBeNull()
  })
})

describe('representatives (条例第20条: ≤ 5)', () => {
  it('counts representatives', () => {
    expect(representativeCount(reps(0, 3))).toBe(0)
    expect(representativeCount(reps(2, 3))).toBe(2)
  })

  it('allows up to five', () => {
    expect(MAX_REPRESENTATIVES).toBe(5)
    expect(representativesError(reps(0, 2), 30)).toBeNull()
    expect(representativesError(reps(2, 2), 30)).toBeNull()
    expect(representativesError(reps(5, 7), 30)).toBeNull()
    expect(representativesError(reps(6, 7), 30)).toBe('register.validation.tooManyRepresentatives')
  })

  it('wants no representatives when fewer than 5 persons came', () => {
    expect(representativesError(reps(1, 2), 4)).toBe('register.validation.representativesNotCollective')
    expect(representativesError(reps(0, 2), 4)).toBeNull()
  })

  it('lets a row be switched on only while fewer than five are chosen, and always off', () => {
    const r = reps(4, 7)
    expect(canMarkRepresentative(r, 5)).toBe(true)
    r[5].representative = true
    expect(canMarkRepresentative(r, 6)).toBe(false)
    expect(canMarkRepresentative(r, 0)).toBe(true) // already one: may be switched off
    expect(canMarkRepresentative(r, 99)).toBe(false)
  })
})

describe('persons', () => {
  it('must be 1–100000 and not fewer than the petitioners listed', () => {
    expect(personsError(1, rows({ name: '甲' }))).toBeNull()
    expect(personsError(0, rows())).toBe('register.validation.personsRange')
    expect(personsError(100001, rows())).toBe('register.validation.personsRange')
    expect(personsError(2.5, rows())).toBe('register.validation.personsRange')
    expect(personsError(null, rows())).toBe('register.validation.personsRange')
    expect(personsError(1, rows({ name: '甲' }, { name: '乙' }))).toBe('register.validation.personsFewerThanRows')
    // blank rows do not count
    expect(personsError(1, rows({ name: '甲' }, {}))).toBeNull()
    expect(personsError(30, reps(2, 2))).toBeNull()
  })
})

describe('server field paths → form items', () => {
  it('maps top-level fields to themselves', () => {
    expect(serverFieldToProp('title')).toBe('title')
    expect(serverFieldToProp('region_code')).toBe('region_code')
    expect(serverFieldToProp('received_at')).toBe('received_at')
    expect(serverFieldToProp('repeat_of_number')).toBe('repeat_of_number')
    expect(serverFieldToProp('accused_org_code')).toBe('accused_org_code')
    expect(serverFieldToProp('petitioners')).toBe('petitioners')
  })

  it('maps a petitioner field to that row', () => {
    expect(serverFieldToProp('petitioners[0].id_number')).toBe('petitioners.0.id_number')
    expect(serverFieldToProp('petitioners[3].phone')).toBe('petitioners.3.phone')
    expect(serverFieldToProp('petitioners[12].name')).toBe('petitioners.12.name')
  })

  it('falls back to the petitioners list, or to null for fields the form does not show', () => {
    expect(serverFieldToProp('petitioners[1]')).toBe('petitioners')
    expect(serverFieldToProp('petitioners[1].shoe_size')).toBe('petitioners')
    expect(serverFieldToProp('body')).toBeNull()
    expect(serverFieldToProp('')).toBeNull()
    expect(serverFieldToProp(undefined)).toBeNull()
    expect(serverFieldToProp('petitioners[x].name')).toBeNull()
  })

  it('accounts for blank rows that were not sent', () => {
    const form = rows({ name: '甲' }, {}, { name: '丙', id_number: '1' })
    const toRow = sentRowIndex(form)
    expect(toRow(0)).toBe(0)
    expect(toRow(1)).toBe(2)
    expect(toRow(2)).toBeUndefined()
    expect(serverFieldToProp('petitioners[1].id_number', toRow)).toBe('petitioners.2.id_number')
    expect(serverFieldToProp('petitioners[5].id_number', toRow)).toBe('petitioners')
  })
})

describe('buildRegisterRequest', () => {
  const base = () => {
    const f = emptyForm({ now: new Date(2026, 2, 5, 9, 30, 0), region_code: '991021', org_code: 'qs-xfj' })
    f.category_code = '0402'
    f.title = '  拖欠工资  '
    f.content = '内容\n第二行'
    return f
  }

  it('builds a 30-person collective visit with two representatives', () => {
    const f = base()
    f.channel = 'visit'
    f.persons = 30
    f.petitioners = rows(
      { name: ' 王小明 ', id_number: '11010519491231002x', phone: ' 13812345678 ', representative: true },
      { name: '李四', representative: true },
      {},
    )
    const body = buildRegisterRequest(f)
    expect(body).toMatchObject({
      channel: 'visit',
      purpose: 'complaint',
      category_code: '0402',
      region_code: '991021',
      org_code: 'qs-xfj',
      title: '拖欠工资',
      content: '内容\n第二行',
      persons: 30,
      anonymous: false,
      involves_litigation: false,
      skipped_level: false,
    })
    expect(body.received_at).toMatch(/^2026-03-05T09:30:00[+-]\d{2}:\d{2}$/)
    expect(body.petitioners).toEqual([
      { name: '王小明', id_number: '11010519491231002X', phone: '13812345678', representative: true },
      { name: '李四', representative: true },
    ])
    expect(body).not.toHaveProperty('accused_name')
    expect(body).not.toHaveProperty('repeat_of_number')
  })

  it('drops representatives when the petition is not collective', () => {
    const f = base()
    f.persons = 2
    f.petitioners = rows({ name: '甲', representative: true })
    expect(buildRegisterRequest(f).petitioners).toEqual([{ name: '甲', representative: false }])
  })

  it('sends the accused only for 检举控告', () => {
    const f = base()
    f.accused_name = '某局'
    f.accused_org_code = 'qs-zjj'
    expect(buildRegisterRequest(f)).not.toHaveProperty('accused_name')
    f.purpose = 'accusation'
    expect(buildRegisterRequest(f)).toMatchObject({ accused_name: '某局', accused_org_code: 'qs-zjj' })
  })

  it('sends an anonymous petition without petitioners, and the repeat number when given', () => {
    const f = base()
    f.anonymous = true
    f.repeat_of_number = ' 991021-2026-000001 '
    const body = buildRegisterRequest(f)
    expect(body.anonymous).toBe(true)
    expect(body.petitioners).toEqual([])
    expect(body.repeat_of_number).toBe('991021-2026-000001')
  })
})

describe('small helpers', () => {
  it('tells blank rows', () => {
    expect(isBlankRow({ name: ' ', id_number: '', phone: '', address: '' })).toBe(true)
    expect(isBlankRow({ name: '', id_number: '', phone: '138', address: '' })).toBe(false)
  })

  it('counts characters as the server does (code points)', () => {
    expect(textLength('信访')).toBe(2)
    expect(textLength('𠮷a')).toBe(2)
    expect(textLength('')).toBe(0)
    expect(textLength(null)).toBe(0)
  })

  it('recognises petition numbers', () => {
    expect(isPetitionNumber('991021-2026-000001')).toBe(true)
    expect(isPetitionNumber('991021001-2026-000001')).toBe(true)
    expect(isPetitionNumber('2026-000001')).toBe(false)
    expect(isPetitionNumber('abc')).toBe(false)
  })

  it('refuses received times in the future (5 minutes of tolerance)', () => {
    const now = new Date(2026, 2, 5, 12, 0, 0)
    expect(isFutureTime(new Date(2026, 2, 5, 11, 0), now)).toBe(false)
    expect(isFutureTime(new Date(2026, 2, 5, 12, 4), now)).toBe(false)
    expect(isFutureTime(new Date(2026, 2, 5, 12, 6), now)).toBe(true)
  })

  it('formats instants with the local offset', () => {
    const d = new Date(2026, 0, 2, 3, 4, 5)
    const s = toOffsetIso(d)
    expect(s).toMatch(/^2026-01-02T03:04:05[+-]\d{2}:\d{2}$/)
    expect(new Date(s).getTime()).toBe(d.getTime())
  })
})
