// GET /api/v1/orgs — organisations visible to the user.
import { api } from './client'
import type { ItemsResponse, Org } from './types'

export type { Org } from './types'

export async function listOrgs(): Promise<Org[]> {
  return (await api.get<ItemsResponse<Org>>('/orgs')).items
}
