import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { routes } from '@/router'
import { activeMenuIndex, buildMenu } from './menu'
import type { Role } from '@/api/types'

const router = createRouter({ history: createMemoryHistory(), routes })
const menuFor = (...mine: Role[]) =>
  buildMenu(router.getRoutes(), (roles) => !roles || roles.some((r) => mine.includes(r)))
const flat = (roles: Role[]) =>
  menuFor(...roles).map((e) => (e.children ? `${e.index}[${e.children.map((c) => c.index).join(',')}]` : e.index))

describe('menu by role', () => {
  it('shows everyone the workbench, the query list and 信访件检索, approvers also 领导接访日 and 统计分析', () => {
    expect(flat(['approver'])).toEqual(['/', '/reception', '/petitions', '/search', '/statistics'])
  })
  it('shows 登记 and 领导接访日 to registrars and handlers', () => {
    expect(flat(['registrar'])).toEqual(['/', '/register', '/reception', '/petitions', '/search'])
    expect(flat(['handler'])).toEqual(['/', '/register', '/reception', '/petitions', '/search'])
  })
  it('shows 督办 and 统计 to supervisors, 统计 to statisticians', () => {
    expect(flat(['supervisor'])).toEqual(['/', '/petitions', '/search', '/supervision', '/dashboard', '/statistics'])
    expect(flat(['statistician'])).toEqual(['/', '/petitions', '/search', '/dashboard', '/statistics'])
  })
  it('shows 系统管理 with its six pages to admins only', () => {
    expect(flat(['admin'])).toEqual([
      '/',
      '/petitions',
      '/search',
      '/dashboard',
      '/statistics',
      'group:admin[/admin/orgs,/admin/users,/admin/categories,/admin/calendar,/admin/document-templates,/admin/jobs]',
    ])
  })
  it('highlights the list entry on a case page', () => {
    const entries = menuFor('admin')
    expect(activeMenuIndex('/petitions/12', entries)).toBe('/petitions')
    expect(activeMenuIndex('/', entries)).toBe('/')
    expect(activeMenuIndex('/admin/users', entries)).toBe('/admin/users')
  })
})
