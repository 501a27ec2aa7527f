export interface SitesTable {
  id: string;
  code: string;
  name: string;
  timezone: string;
  /** JSON: weekly opening hours, e.g. {"mon":[["06:30","21:00"]],…}; null: always open */
  opening_hours: string | null;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface SitesTables {
  sites: SitesTable;
}
