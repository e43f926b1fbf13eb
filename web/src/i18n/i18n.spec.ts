// Every module must exist in both languages with the same keys, so a page never shows a raw key.
import { describe, expect, it } from 'vitest'
import { enumLabel, i18n, mergeModules, setLocale, t } from './index'

type Tree = Record<string, unknown>
const zh = mergeModules(import.meta.glob<{ default: Tree }>('./zh-CN/*.ts', { eager: true }))
const en = mergeModules(import.meta.glob<{ default: Tree }>('./en/*.ts', { eager: true }))

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix]
  return Object.entries(tree as Tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('i18n modules', () => {
  it('zh-CN and en have the same files and keys', () => {
    const zhFiles = Object.keys(import.meta.glob('./zh-CN/*.ts')).map((p) => p.replace('./zh-CN/', ''))
    const enFiles = Object.keys(import.meta.glob('./en/*.ts')).map((p) => p.replace('./en/', ''))
    expect(enFiles.sort()).toEqual(zhFiles.sort())
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })

  it('each file is keyed by its own name', () => {
    for (const [path, mod] of Object.entries(import.meta.glob<{ default: Tree }>('./*/*.ts', { eager: true }))) {
      const name = path.split('/').pop()!.replace(/\.ts$/, '')
      expect(Object.keys(mod.default), path).toEqual([name])
    }
  })

  it('every message compiles and translates in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      setLocale(locale)
      for (const key of keys(locale === 'en' ? en : zh)) {
        const out = t(key, { n: 2, name: 'x', field: 'x', date: 'x', status: 'x', label: 'x', title: 'x', number: 'x', detail: 'x' })
        expect(out, key).not.toBe(key)
      }
    }
    setLocale('zh-CN')
  })

  it('labels enumerations per language, falling back to the server label', () => {
    expect(enumLabel('channel', 'leader_mailbox')).toBe('领导信箱')
    setLocale('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(enumLabel('channel', 'leader_mailbox')).toBe("Leader's mailbox")
    expect(enumLabel('state', 'not_accepted')).toBe('Not accepted')
    expect(enumLabel('state', 'brand_new', '新状态')).toBe('新状态')
    setLocale('zh-CN')
    expect(localStorage.getItem('xf.locale')).toBe('zh-CN')
  })
})
