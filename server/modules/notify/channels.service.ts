import { toIso } from '../../clock.ts';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields, throwIfProblems, type FieldProblem } from '../../field-problems.ts';
import { newId } from '../../ids.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import type { ChannelPlugin } from './channels/channel.ts';
import { settingsProblems } from './channel-input.ts';
import { channelSettings, secretsSetOf, splitSecrets } from './channel-settings.ts';
import { channelsRepository } from './notify.repository.ts';
import type { Channel, CreateChannelBody, UpdateChannelBody } from './notify.schemas.ts';
import type { NotifyChannelsTable } from './notify.tables.ts';
import type { ChannelRegistry } from './channels/registry.ts';
import { testMessage } from './outbox/messages.ts';
import { reachable, recipientOf } from './outbox/people.ts';

export interface ChannelsServiceDeps {
  registry: ChannelRegistry;
  box: SecretBox;
  publicUrl: string;
  /** how long a test send may take */
  sendTimeoutMs: number;
  /** whether an escalation policy uses the channel (it cannot be deleted then) */
  usedBy: (channelId: string) => Promise<string[]>;
}

/**
 * Notification channels (SPEC C4.1): each a configured instance of a plug-in (an SMTP server, a DingTalk robot…).
 * Settings are checked by the plug-in's schema and its own checks; secret fields are sealed at rest and never come
 * back out of the API — an edit that leaves one out keeps it. The in-console channel is made on first start.
 */
export function createChannelsService(ctx: ModuleContext, deps: ChannelsServiceDeps) {
  const { db, clock, audit } = ctx;
  const { registry, box } = deps;
  const k = db.kysely;

  function pluginOf(kind: string): ChannelPlugin {
    const plugin = registry.get(kind);
    if (!plugin) throw invalidFields([fieldProblem('kind', 'unknownChannelKind', { kind, allowed: registry.kinds.join(', ') })]);
    return plugin;
  }

  function toView(row: NotifyChannelsTable): Channel {
    const plugin = registry.get(row.kind);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      settings: JSON.parse(row.settings) as Record<string, unknown>,
      secretsSet: secretsSetOf(row, box),
      ratePerMinute: row.rate_per_minute,
      effectiveRatePerMinute: row.rate_per_minute ?? plugin?.describe.defaultRatePerMinute ?? null,
      enabled: row.enabled === 1,
      builtin: row.builtin === 1,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    };
  }

  /**
   * The settings checked against the plug-in: its schema and its own checks, every problem at once (a field the schema
   * refused is not judged twice). Throws 400 naming every field.
   */
  function checked(plugin: ChannelPlugin, settings: Record<string, unknown>): Record<string, unknown> {
    const copy = structuredClone(settings);
    const problems = settingsProblems(plugin.settingsSchema, copy);
    let own: FieldProblem[] = [];
    try {
      own = plugin.validate(copy);
    } catch {
      // Settings the schema refused may not be what the plug-in's checks can read; the schema's words suffice then.
    }
    throwIfProblems([...problems, ...own.filter((p) => !problems.some((q) => q.field === p.field))]);
    return copy;
  }

  async function found(id: string): Promise<NotifyChannelsTable> {
    const row = await channelsRepository.findById(k, id);
    if (!row) throw new NotFoundError('Notification channel', id);
    return row;
  }

  async function nameFree(name: string, except: string | null): Promise<void> {
    const other = await channelsRepository.findByName(k, name);
    if (other && other.id !== except) throw invalidFields([fieldProblem('name', 'nameTaken', { name })]);
  }

  return {
    kinds(rc: RequestContext) {
      requirePermission(rc.actor, 'notify:read');
      return {
        items: registry.list().map((p) => ({
          kind: p.kind,
          label: p.describe.label,
          addresses: p.describe.addresses,
          defaultRatePerMinute: p.describe.defaultRatePerMinute,
          secretFields: [...p.describe.secretFields],
          settingsSchema: p.settingsSchema,
        })),
      };
    },

    async list(rc: RequestContext) {
      requirePermission(rc.actor, 'notify:read');
      return { items: (await channelsRepository.list(k)).map(toView) };
    },

    async get(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'notify:read');
      return toView(await found(id));
    },

    async create(rc: RequestContext, body: CreateChannelBody): Promise<Channel> {
      requirePermission(rc.actor, 'notify:write');
      const plugin = pluginOf(body.kind);
      if (plugin.kind === 'console') throw new ConflictError('There is one in-console channel, and opsdesk makes it', 'CHANNEL_BUILTIN');
      const settings = checked(plugin, body.settings);
      await nameFree(body.name, null);
      const now = clock.now();
      const sealed = splitSecrets(settings, plugin.describe.secretFields, box);
      const row: NotifyChannelsTable = {
        id: newId(),
        name: body.name,
        kind: plugin.kind,
        settings: sealed.settings,
        secrets: sealed.secrets,
        rate_per_minute: body.ratePerMinute ?? null,
        enabled: body.enabled === false ? 0 : 1,
        builtin: 0,
        created_by: rc.actor.userId,
        created_at: now,
        updated_at: now,
      };
      return k.transaction().execute(async (trx) => {
        await channelsRepository.insert(trx, row);
        const view = toView(row);
        await audit.append(trx, rc, { action: 'notify_channel.create', targetType: 'notify_channel', targetId: row.id, after: view });
        return view;
      });
    },

    async update(rc: RequestContext, id: string, body: UpdateChannelBody): Promise<Channel> {
      requirePermission(rc.actor, 'notify:write');
      const before = await found(id);
      const plugin = pluginOf(before.kind);
      const patch: Partial<NotifyChannelsTable> = { updated_at: clock.now() };
      if (body.name !== undefined) {
        await nameFree(body.name, id);
        patch.name = body.name;
      }
      if (body.settings !== undefined) {
        // A secret left out keeps its value (the console never has it); null or '' clears it.
        const stored = channelSettings(before, box);
        const merged: Record<string, unknown> = { ...body.settings };
        for (const field of plugin.describe.secretFields) if (!(field in merged) && stored[field] !== undefined) merged[field] = stored[field];
        for (const field of plugin.describe.secretFields) if (merged[field] === null || merged[field] === '') delete merged[field];
        const sealed = splitSecrets(checked(plugin, merged), plugin.describe.secretFields, box);
        patch.settings = sealed.settings;
        patch.secrets = sealed.secrets;
      }
      if (body.ratePerMinute !== undefined) patch.rate_per_minute = body.ratePerMinute;
      if (body.enabled !== undefined) patch.enabled = body.enabled ? 1 : 0;
      return k.transaction().execute(async (trx) => {
        await channelsRepository.update(trx, id, patch);
        const after = toView({ ...before, ...patch });
        await audit.append(trx, rc, { action: 'notify_channel.update', targetType: 'notify_channel', targetId: id, before: toView(before), after });
        return after;
      });
    },

    async remove(rc: RequestContext, id: string): Promise<void> {
      requirePermission(rc.actor, 'notify:write');
      const before = await found(id);
      if (before.builtin === 1) throw new ConflictError('The in-console channel cannot be deleted (disable it instead)', 'CHANNEL_BUILTIN');
      const users = await deps.usedBy(id);
      if (users.length > 0) throw new ConflictError(`Escalation policies use this channel: ${users.join(', ')}`, 'CHANNEL_IN_USE');
      await k.transaction().execute(async (trx) => {
        await channelsRepository.delete(trx, id);
        await audit.append(trx, rc, { action: 'notify_channel.delete', targetType: 'notify_channel', targetId: id, before: toView(before) });
      });
    },

    /**
     * Sends a test message now, to a person (yourself by default) at their contact for the channel, and says what the
     * channel answered. Not through the outbox: the person setting a channel up wants the answer, not a retry later.
     */
    async test(rc: RequestContext, id: string, userId?: string) {
      requirePermission(rc.actor, 'notify:write');
      const row = await found(id);
      const plugin = pluginOf(row.kind);
      const who = userId ?? rc.actor.userId;
      const person = who ? (await reachable(k, [who])).get(who) : undefined;
      if (userId && !person) throw invalidFields([fieldProblem('userId', 'unknownUser', { user: userId })]);
      const address = plugin.describe.addresses === 'email' ? (person?.email ?? null) : plugin.describe.addresses === 'phone' ? (person?.phone ?? null) : null;
      if ((plugin.describe.addresses === 'email' || plugin.describe.addresses === 'phone') && !address) {
        throw new InvalidError(`${person?.name ?? 'This user'} has no ${plugin.describe.addresses === 'email' ? 'e-mail address' : 'phone number'} to send the test to`, [], 'NO_ADDRESS');
      }
      const now = clock.now();
      const message = testMessage(newId(), row.name, now, person?.locale ?? 'zh-CN', deps.publicUrl);
      const recipients = person ? [recipientOf(person, person.userId, address, row.kind)] : [];
      const t0 = performance.now();
      let outcome: { ok: boolean; detail: string };
      try {
        const result = await plugin.send(channelSettings(row, box), message, recipients, { signal: AbortSignal.timeout(deps.sendTimeoutMs), now });
        outcome = { ok: true, detail: result.detail ?? result.outcome };
      } catch (error) {
        outcome = { ok: false, detail: error instanceof Error ? error.message.slice(0, 500) : String(error) };
      }
      const durationMs = Math.round(performance.now() - t0);
      await k.transaction().execute((trx) =>
        audit.append(trx, rc, { action: 'notify_channel.test', targetType: 'notify_channel', targetId: id, after: { ok: outcome.ok, detail: outcome.detail, to: person?.userId ?? null } }),
      );
      return { ...outcome, durationMs };
    },

    /** The in-console channel, made once (first start, or a database from before paging). */
    async ensureBuiltin(): Promise<string> {
      const existing = await channelsRepository.findBuiltin(k, 'console');
      if (existing) return existing.id;
      const now = clock.now();
      const id = newId();
      await channelsRepository.insert(k, { id, name: '控制台通知', kind: 'console', settings: '{}', secrets: null, rate_per_minute: null, enabled: 1, builtin: 1, created_by: null, created_at: now, updated_at: now });
      return id;
    },
  };
}

export type ChannelsService = ReturnType<typeof createChannelsService>;
