import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { AuditLog } from '../audit/index.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { diffConfigs, normalizeConfig, type ConfigDiff, type ConfigFormat } from './config-content.ts';
import { CONFIG_VERSIONS_ORDER, configRecordsRepository, type ConfigSummaryRow } from './config-records.repository.ts';
import { invalidFields } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import { visibleDevice } from './devices.visible.ts';

const toVersion = (r: ConfigSummaryRow) => ({
  version: r.version,
  format: r.format,
  reason: r.reason,
  changeRef: r.change_ref,
  author: r.author_name,
  createdAt: toIso(r.created_at),
});

/**
 * Configuration records (SPEC C1.3): every saved configuration of a device is a new numbered version with who, when,
 * why and the incident or change request it belongs to; any two versions can be compared.
 */
export function createConfigRecordsService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  async function record(deviceId: string, version: number) {
    const row = await configRecordsRepository.find(k, deviceId, version);
    if (!row) throw new NotFoundError('Configuration version', `${version} of device ${deviceId}`);
    return row;
  }

  return {
    async list(ctx: RequestContext, deviceId: string, request: ListRequest) {
      requirePermission(ctx.actor, 'estate:read');
      await visibleDevice(k, ctx.actor, deviceId);
      return cursorPage(CONFIG_VERSIONS_ORDER, request, (page) => configRecordsRepository.list(k, deviceId, page), (rows) => rows.map(toVersion));
    },

    async get(ctx: RequestContext, deviceId: string, version: number) {
      requirePermission(ctx.actor, 'estate:read');
      await visibleDevice(k, ctx.actor, deviceId);
      const row = await record(deviceId, version);
      return { ...toVersion(row), content: row.content };
    },

    /** Saves the next version. A save identical to the newest version is refused: it would be a version without a change. */
    async create(ctx: RequestContext, deviceId: string, input: { format: ConfigFormat; content: string; reason: string; changeRef?: string | null }) {
      requirePermission(ctx.actor, 'estate:write');
      const normalized = normalizeConfig(input.format, input.content);
      if ('problem' in normalized) throw invalidFields([normalized.problem]);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const device = await visibleDevice(trx, ctx.actor, deviceId);
        await configRecordsRepository.lockDevice(trx, deviceId);
        const latest = await configRecordsRepository.latest(trx, deviceId);
        if (latest && latest.content === normalized.content && latest.format === input.format) {
          throw new ConflictError(`The configuration is the same as version ${latest.version}`, 'CONFIG_UNCHANGED', { version: latest.version });
        }
        const row = {
          id: newId(),
          device_id: deviceId,
          version: (latest?.version ?? 0) + 1,
          format: input.format,
          content: normalized.content,
          reason: input.reason,
          change_ref: input.changeRef ?? null,
          author_id: ctx.actor.userId,
          author_name: ctx.actor.username,
          created_at: now,
        };
        await configRecordsRepository.insert(trx, row);
        const view = toVersion(row);
        // The audit record holds a digest, not the content: the log stays small and still proves which text was saved.
        const sha256 = createHash('sha256').update(row.content).digest('hex');
        await audit.append(trx, ctx, {
          action: 'device.config',
          targetType: 'device',
          targetId: deviceId,
          after: { deviceCode: device.code, ...view, bytes: Buffer.byteLength(row.content), sha256 },
          reason: input.reason,
        });
        return view;
      });
    },

    /** What changed between two versions; by default between the newest and the one before it. */
    async diff(ctx: RequestContext, deviceId: string, query: { from?: number; to?: number }): Promise<ConfigDiff> {
      requirePermission(ctx.actor, 'estate:read');
      await visibleDevice(k, ctx.actor, deviceId);
      const to = query.to !== undefined ? await record(deviceId, query.to) : await configRecordsRepository.latest(k, deviceId);
      if (!to) throw new NotFoundError('Configuration version', `any of device ${deviceId}`);
      const fromVersion = query.from ?? Math.max(1, to.version - 1);
      const from = fromVersion === to.version ? to : await record(deviceId, fromVersion);
      return diffConfigs(from, to);
    },
  };
}

export type ConfigRecordsService = ReturnType<typeof createConfigRecordsService>;
