import { toIso } from '../../clock.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { isValidTimeZone } from '../calendar/index.ts';
import { DEFAULT_CHANNELS, defaultChannelRow } from './channels.ts';
import { reconRepository as repo } from './recon.repository.ts';
import type { Channel } from './recon.schemas.ts';
import type { ReconChannelsTable } from './recon.tables.ts';
import type { Source } from './sources.ts';
import { BALANCE_SOURCE } from './balances.service.ts';

export function channelView(row: ReconChannelsTable): Channel {
  return {
    id: row.id,
    name: row.name,
    leftSources: JSON.parse(row.left_sources) as Source[],
    rightSources: JSON.parse(row.right_sources) as Source[],
    leftCutoff: { time: row.left_cutoff_time, timeZone: row.left_cutoff_zone },
    rightCutoff: { time: row.right_cutoff_time, timeZone: row.right_cutoff_zone },
    carryWindowMinutes: row.carry_window_minutes,
    amountAbsFen: row.amount_abs_fen,
    amountPctBp: row.amount_pct_bp,
    timeWindowSeconds: row.time_window_seconds,
    timeDirection: row.time_direction,
    autoConfirmPct: row.auto_confirm_pct,
    scheduleTime: row.schedule_time,
    scheduleZone: row.schedule_zone,
    billDueTime: row.bill_due_time,
    openAlertThreshold: row.open_alert_threshold,
    enabled: row.enabled === 1,
    version: row.version,
    updatedAt: toIso(row.updated_at),
  };
}

export interface ChannelPatch {
  version: number;
  name?: string | undefined;
  leftSources?: Source[] | undefined;
  rightSources?: Source[] | undefined;
  leftCutoff?: { time: string; timeZone: string } | undefined;
  rightCutoff?: { time: string; timeZone: string } | undefined;
  carryWindowMinutes?: number | undefined;
  amountAbsFen?: number | undefined;
  amountPctBp?: number | undefined;
  timeWindowSeconds?: number | undefined;
  timeDirection?: ReconChannelsTable['time_direction'] | undefined;
  autoConfirmPct?: number | undefined;
  scheduleTime?: string | null | undefined;
  scheduleZone?: string | undefined;
  billDueTime?: string | null | undefined;
  openAlertThreshold?: number | undefined;
  enabled?: boolean | undefined;
}

/** The channels' settings: shipped defaults on a new database, read by everyone with recon:read, changed with recon:write. */
export function createChannelsService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  return {
    /** wechat, alipay, bank and unionpay with the card centre's usual settings; existing channels are left as they are. */
    async ensureDefaults(): Promise<void> {
      for (const d of DEFAULT_CHANNELS) await repo.insertChannelIfAbsent(k, defaultChannelRow(d, clock.now()));
    },

    async list(rc: RequestContext): Promise<{ items: Channel[] }> {
      requirePermission(rc.actor, 'recon:read');
      return { items: (await repo.channels(k)).map(channelView) };
    },

    async update(rc: RequestContext, id: string, body: ChannelPatch): Promise<Channel> {
      requirePermission(rc.actor, 'recon:write');
      const row = await repo.findChannel(k, id);
      if (!row) throw new NotFoundError('Channel', id);
      const problems: FieldProblem[] = [];
      for (const [field, zone] of [
        ['leftCutoff.timeZone', body.leftCutoff?.timeZone],
        ['rightCutoff.timeZone', body.rightCutoff?.timeZone],
        ['scheduleZone', body.scheduleZone],
      ] as const) {
        if (zone !== undefined && !isValidTimeZone(zone)) problems.push(fieldProblem(field, 'timeZone', { value: zone }));
      }
      // the account daily settlement holds balances, not transactions: every job takes it for the balance checks, no side matches it
      for (const side of ['leftSources', 'rightSources'] as const) {
        body[side]?.forEach((s, i) => {
          if (s === BALANCE_SOURCE) problems.push(fieldProblem(`${side}.${i}`, 'enum', { allowedValues: 'a source of transactions (balances is taken by every job for its balance checks)' }));
        });
      }
      if (problems.length > 0) throw invalidFields(problems);
      const patch: Partial<ReconChannelsTable> = {
        ...(body.name !== undefined && { name: body.name.trim() }),
        ...(body.leftSources !== undefined && { left_sources: JSON.stringify(body.leftSources) }),
        ...(body.rightSources !== undefined && { right_sources: JSON.stringify(body.rightSources) }),
        ...(body.leftCutoff !== undefined && { left_cutoff_time: body.leftCutoff.time, left_cutoff_zone: body.leftCutoff.timeZone }),
        ...(body.rightCutoff !== undefined && { right_cutoff_time: body.rightCutoff.time, right_cutoff_zone: body.rightCutoff.timeZone }),
        ...(body.carryWindowMinutes !== undefined && { carry_window_minutes: body.carryWindowMinutes }),
        ...(body.amountAbsFen !== undefined && { amount_abs_fen: body.amountAbsFen }),
        ...(body.amountPctBp !== undefined && { amount_pct_bp: body.amountPctBp }),
        ...(body.timeWindowSeconds !== undefined && { time_window_seconds: body.timeWindowSeconds }),
        ...(body.timeDirection !== undefined && { time_direction: body.timeDirection }),
        ...(body.autoConfirmPct !== undefined && { auto_confirm_pct: body.autoConfirmPct }),
        ...(body.scheduleTime !== undefined && { schedule_time: body.scheduleTime }),
        ...(body.scheduleZone !== undefined && { schedule_zone: body.scheduleZone }),
        ...(body.billDueTime !== undefined && { bill_due_time: body.billDueTime }),
        ...(body.openAlertThreshold !== undefined && { open_alert_threshold: body.openAlertThreshold }),
        ...(body.enabled !== undefined && { enabled: body.enabled ? 1 : 0 }),
        updated_by: rc.actor.userId,
        updated_at: clock.now(),
      };
      await k.transaction().execute(async (trx) => {
        if (!(await repo.updateChannelIfVersion(trx, id, body.version, patch))) throw new ConflictError('The channel changed since you read it: reload it', 'CHANNEL_CHANGED');
        await audit.append(trx, rc, { action: 'recon_channel.update', targetType: 'recon_channel', targetId: id, before: channelView(row), after: { ...body } });
      });
      return channelView((await repo.findChannel(k, id))!);
    },
  };
}

export type ChannelsService = ReturnType<typeof createChannelsService>;
