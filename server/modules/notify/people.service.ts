import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { fieldProblem, throwIfProblems, type FieldProblem } from '../../field-problems.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { can, type RequestContext } from '../auth/index.ts';
import { isValidTimeZone } from '../calendar/index.ts';
import { peopleRepository } from './notify.repository.ts';
import type { UpdateNotifyProfileBody } from './notify.schemas.ts';
import type { ContactKind, ContactMethodsTable } from './notify.tables.ts';
import { reachable } from './outbox/people.ts';

const PHONE = /^\+?[0-9][0-9 -]{4,24}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A contact as it will be stored: a new one, or a stored one kept by its id. */
type ContactSpec = { id: string | null; kind: ContactKind; value: string; verified?: boolean | undefined };

/** Each item is a stored method kept by id, or a new one with kind and value; both are checked by field. */
function resolveContacts(input: NonNullable<UpdateNotifyProfileBody['contacts']>, stored: readonly ContactMethodsTable[]): { specs: ContactSpec[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const specs: ContactSpec[] = [];
  input.forEach((c, i) => {
    if (c.id !== undefined) {
      const kept = stored.find((s) => s.id === c.id);
      if (!kept) problems.push(fieldProblem(`contacts.${i}.id`, 'unknownContact', { id: c.id }));
      else specs.push({ id: kept.id, kind: kept.kind, value: kept.value, verified: c.verified });
      return;
    }
    if (c.kind === undefined) problems.push(fieldProblem(`contacts.${i}.kind`, 'required'));
    if (c.value === undefined) problems.push(fieldProblem(`contacts.${i}.value`, 'required'));
    if (c.kind === undefined || c.value === undefined) return;
    if (c.kind === 'phone' && !PHONE.test(c.value)) problems.push(fieldProblem(`contacts.${i}.value`, 'phoneNumber', { value: c.value }));
    if (c.kind === 'email' && !EMAIL.test(c.value)) problems.push(fieldProblem(`contacts.${i}.value`, 'emailAddress', { value: c.value }));
    specs.push({ id: null, kind: c.kind, value: c.value, verified: c.verified });
  });
  const seen = new Set<string>();
  specs.forEach((c, i) => {
    const key = `${c.kind}:${c.value}`;
    if (seen.has(key)) problems.push(fieldProblem(`contacts.${i}.value`, 'duplicateValue', { value: c.value }));
    seen.add(key);
  });
  return { specs, problems };
}

/**
 * People as paging reaches them (SPEC C4, "People"): contact methods (phone, e-mail, DingTalk/WeCom/Feishu ids) with a
 * verified flag, and preferences by level with quiet hours. Everyone edits their own; users:write edits anyone's.
 * Only users:write marks a method verified (a person cannot vouch for their own number).
 */
export function createPeopleService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  function mayEdit(rc: RequestContext, userId: string): boolean {
    return rc.actor.userId === userId || can(rc.actor, 'users:write');
  }

  async function view(userId: string) {
    const person = (await reachable(k, [userId])).get(userId);
    if (!person) throw new NotFoundError('User', userId);
    const contacts = await peopleRepository.contactsOf(k, [userId]);
    return {
      userId,
      contacts: contacts.map((c) => ({
        id: c.id,
        kind: c.kind,
        email: c.kind === 'email' ? c.value : null,
        phone: c.kind === 'phone' ? c.value : null,
        vendorId: c.kind !== 'email' && c.kind !== 'phone' ? c.value : null,
        verified: c.verified === 1,
      })),
      preferences: person.preferences,
    };
  }

  return {
    async get(rc: RequestContext, userId: string) {
      if (!mayEdit(rc, userId) && !can(rc.actor, 'users:read')) throw new NotFoundError('User', userId);
      return view(userId);
    },

    async update(rc: RequestContext, userId: string, body: UpdateNotifyProfileBody) {
      if (!mayEdit(rc, userId)) throw new ForbiddenError('Only the person themselves or a holder of users:write changes how they are notified', { permission: 'users:write' });
      const before = await view(userId);
      const stored = await peopleRepository.contactsOf(k, [userId]);
      const { specs, problems } = body.contacts ? resolveContacts(body.contacts, stored) : { specs: [], problems: [] };
      if (body.preferences?.quietHours && !isValidTimeZone(body.preferences.quietHours.zone)) problems.push(fieldProblem('preferences.quietHours.zone', 'timeZone', { value: body.preferences.quietHours.zone }));
      throwIfProblems(problems);
      const now = clock.now();
      await k.transaction().execute(async (trx) => {
        if (body.contacts) {
          const admin = can(rc.actor, 'users:write');
          const rows: ContactMethodsTable[] = specs.map((c) => {
            const same = stored.find((p) => p.id === c.id) ?? stored.find((p) => p.kind === c.kind && p.value === c.value);
            // A method keeps its verified mark while its value stays; only an administrator sets or clears it.
            const verified = admin && c.verified !== undefined ? (c.verified ? 1 : 0) : (same?.verified ?? 0);
            return { id: same?.id ?? newId(), user_id: userId, kind: c.kind, value: c.value, verified, created_at: same?.created_at ?? now, updated_at: now };
          });
          await peopleRepository.replaceContacts(trx, userId, rows);
        }
        if (body.preferences) {
          await peopleRepository.upsertPreferences(trx, { user_id: userId, levels: JSON.stringify(body.preferences.levels), quiet_hours: body.preferences.quietHours ? JSON.stringify(body.preferences.quietHours) : null, updated_at: now });
        }
        // The record says what changed, not the numbers and addresses themselves (personal data stays in one place).
        const kinds = (list: readonly { kind: string; verified?: boolean }[]) => list.map((c) => ({ kind: c.kind, verified: c.verified ?? false }));
        await audit.append(trx, rc, {
          action: 'notify_profile.update',
          targetType: 'user',
          targetId: userId,
          before: { contacts: kinds(before.contacts), preferences: before.preferences },
          after: { contacts: body.contacts ? kinds(specs) : null, preferences: body.preferences ?? null },
        });
      });
      return view(userId);
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
