export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  status: 'active' | 'disabled';
  /** 1: the user sees every site; 0: only the sites in user_sites. */
  all_sites: number;
  locale: string;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
  password_changed_at: number;
}

export interface UserRolesTable {
  user_id: string;
  role_id: string;
}

export interface UserSitesTable {
  user_id: string;
  site_id: string;
}

export interface UsersTables {
  users: UsersTable;
  user_roles: UserRolesTable;
  user_sites: UserSitesTable;
}
