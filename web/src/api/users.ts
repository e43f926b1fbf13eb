// GET /api/v1/users — users visible to the user.
import { api } from './client'
import type { ItemsResponse, User } from './types'

export type { User } from './types'

export async function listUsers(): Promise<User[]> {
  return (await api.get<ItemsResponse<User>>('/users')).items
}
