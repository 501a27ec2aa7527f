import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './audit-actions.ts';
import type { AuditEntry } from './audit.service.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * AUDIT_ACTIONS is what audit.append accepts (AuditEntry.action is its union), so every action the server can record,
 * computed or not, is in it; here each must have the console's words. A name outside the list fails the typecheck.
 */
describe('audit actions in the console', () => {
  it('are the only actions an entry may carry (checked by the typecheck)', () => {
    const actionOf = (entry: AuditEntry) => entry.action;
    // @ts-expect-error: not an audit action; were AuditEntry.action a plain string again, this line would fail tsc
    expect(actionOf({ action: 'thing.update' })).toBe('thing.update');
    const on = Math.random() < 2;
    expect(actionOf({ action: on ? 'device.maintenance_on' : 'device.maintenance_off' })).toBe('device.maintenance_on');
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it.each(['zh-CN', 'en'])('every action the server records has words in %s', (name) => {
    const catalog = JSON.parse(fs.readFileSync(path.join(root, `web/src/i18n/${name}.json`), 'utf8')) as { auditAction: Record<string, Record<string, unknown>> };
    const missing = AUDIT_ACTIONS.filter((a) => {
      const [area, verb] = a.split('.') as [string, string];
      const words = catalog.auditAction[area]?.[verb];
      return typeof words !== 'string' || words.trim() === '';
    });
    expect(missing, `auditAction.* missing from ${name}.json`).toEqual([]);
  });
});
