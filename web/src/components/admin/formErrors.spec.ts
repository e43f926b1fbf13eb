import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { formFieldError } from './formErrors'

describe('formFieldError', () => {
  it('maps 400s and taken codes to their field', () => {
    const bad = new ApiError(400, { code: 'invalid_argument', detail: '行政区划代码应为6位、9位或12位数字', field: 'region_code' })
    expect(formFieldError(bad, ['region_code'])).toEqual({ region_code: '行政区划代码应为6位、9位或12位数字' })
    const taken = new ApiError(409, { code: 'already_exists', detail: '登录名已存在：admin', field: 'login' })
    expect(formFieldError(taken, ['login'])).toEqual({ login: '登录名已存在：admin' })
  })

  it('leaves other errors to a toast', () => {
    expect(formFieldError(new ApiError(400, { code: 'invalid_argument', detail: 'x', field: 'body' }), ['name'])).toBeNull()
    expect(formFieldError(new ApiError(409, { code: 'aborted', detail: 'x', field: 'name' }), ['name'])).toBeNull()
    expect(formFieldError(new ApiError(403, { code: 'permission_denied', detail: 'x' }), ['name'])).toBeNull()
    expect(formFieldError(new Error('x'), ['name'])).toBeNull()
  })
})
