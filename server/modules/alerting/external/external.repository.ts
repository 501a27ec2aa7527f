import type { Db } from '../../../db/database.ts';
import type { Executor } from '../../../db/types.ts';
import { findDeviceByAddress, kyselyDeviceTelemetry } from '../../estate/index.ts';
import { siteRecords } from '../../sites/index.ts';
import type { AlertsTable } from '../alerting.tables.ts';
import type { ExternalSource } from './external-alert.ts';

/** What an external alert is attached to in the estate. */
export interface KnownDevice {
  id: string;
  code: string;
  siteId: string;
  subsystem: string;
}

/** Looked up by address or case-insensitive code at most this many values a notification: each is a scan of devices. */
export const MAX_ADDRESS_LOOKUPS = 50;

const CHUNK = 500;

export const externalAlertsRepository = {
  /** The open (pending, firing or acknowledged) alerts with these fingerprints; at most one each (unique index). */
  async openByFingerprints(trx: Executor, fingerprints: readonly string[]): Promise<AlertsTable[]> {
    const unique = [...new Set(fingerprints)];
    const rows: AlertsTable[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) {
      rows.push(...(await trx.selectFrom('alerts').selectAll().where('fingerprint', 'in', unique.slice(i, i + CHUNK)).where('state', '<>', 'resolved').execute()));
    }
    return rows;
  },

  openByFingerprint: (trx: Executor, fingerprint: string): Promise<AlertsTable | undefined> =>
    trx.selectFrom('alerts').selectAll().where('fingerprint', '=', fingerprint).where('state', '<>', 'resolved').executeTakeFirst(),

  /** Every open alert of one source, oldest first: what a module raising its own conditions may have to resolve. */
  openOfSource: (db: Executor, source: ExternalSource) =>
    db
      .selectFrom('alerts')
      .select(['id', 'external_id', 'labels', 'annotations', 'state'])
      .where('source', '=', source)
      .where('state', '<>', 'resolved')
      .orderBy('active_at')
      .orderBy('id')
      .execute(),

  /** Site ids by code, for the codes that name a site. */
  async sitesByCodes(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    return new Map((await siteRecords.findByCodes(db.kysely, codes)).map((s) => [s.code, s.id]));
  },

  /**
   * The registered devices the values name: by exact code for all of them at once (the code is unique and indexed),
   * then the rest one by one by IP address or code in any case (estate's `findDeviceByAddress`, as syslog finds its
   * senders), at most MAX_ADDRESS_LOOKUPS of them.
   */
  async devicesByValues(db: Db, values: readonly string[]): Promise<Map<string, KnownDevice>> {
    const found = new Map<string, KnownDevice>();
    if (values.length === 0) return found;
    const unique = [...new Set(values)];
    // The estate's telemetry reader is the one device lookup by code it offers; `greatest` only matters to its writes.
    const estate = kyselyDeviceTelemetry(db.kysely, db.dialect === 'postgres' ? 'greatest' : 'max');
    for (let i = 0; i < unique.length; i += CHUNK) {
      for (const d of await estate.devicesByCodes(unique.slice(i, i + CHUNK))) {
        found.set(d.code, { id: d.id, code: d.code, siteId: d.site_id, subsystem: d.subsystem });
      }
    }
    const byAddress = new Map<string, string>();
    for (const value of unique.filter((v) => !found.has(v)).slice(0, MAX_ADDRESS_LOOKUPS)) {
      const hit = await findDeviceByAddress(db.kysely, value, value);
      if (hit) byAddress.set(value, hit.code);
    }
    const addressed = [...new Set(byAddress.values())].filter((code) => !found.has(code));
    for (const d of addressed.length > 0 ? await estate.devicesByCodes(addressed) : []) {
      found.set(d.code, { id: d.id, code: d.code, siteId: d.site_id, subsystem: d.subsystem });
    }
    for (const [value, code] of byAddress) {
      const device = found.get(code);
      if (device) found.set(value, device);
    }
    return found;
  },

  /** Site codes by id, for devices whose site the alert's labels do not name. */
  async siteCodes(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      const site = await siteRecords.findById(db.kysely, id);
      if (site) out.set(id, site.code);
    }
    return out;
  },
};
