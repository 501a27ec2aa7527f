export interface RolesTable {
  id: string;
  name: string;
  description: string;
  /** JSON array of permission keys. */
  permissions: string;
  built_in: number;
  created_at: number;
  updated_at: number;
}

export interface RolesTables {
  roles: RolesTable;
}
