export interface SitesTable {
  id: string;
  code: string;
  name: string;
  timezone: string;
  created_at: number;
  updated_at: number;
}

export interface SitesTables {
  sites: SitesTable;
}
