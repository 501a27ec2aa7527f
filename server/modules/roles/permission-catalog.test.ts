import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { ALL_PERMISSIONS, CAPABILITY_ACTIONS, COMING_CAPABILITIES, type Capability } from '../auth/permissions.ts';

interface Entry {
  key: string;
  capability: string;
  action: string;
  available: boolean;
}

describe('the permission catalogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('lists every permission and marks those whose capability is still to come', async () => {
    const admin = await t.loginAdmin();
    const items = (await t.call(admin, { method: 'GET', url: '/api/v1/permissions' })).json().items as Entry[];
    expect(items.map((i) => i.key)).toEqual([...ALL_PERMISSIONS]);
    expect(items.find((i) => i.key === 'users:write')!.available).toBe(true);
    expect(items.find((i) => i.key === 'alerts:ack')!.available).toBe(true);
    expect(items.find((i) => i.key === 'oncall:write')!.available).toBe(true);
    expect(items.find((i) => i.key === 'incidents:write')!.available).toBe(true);
    expect(items.find((i) => i.key === 'plans:write')!.available).toBe(true);
    expect(items.find((i) => i.key === 'reports:approve')!.available).toBe(false);
  });

  it('calls a capability available exactly when some route asks for one of its permissions', () => {
    const used = new Set(t.app.routeCatalog.flatMap((r) => (r.access?.includes(':') ? [r.access.slice(0, r.access.indexOf(':'))] : [])));
    for (const capability of Object.keys(CAPABILITY_ACTIONS) as Capability[]) {
      expect(!COMING_CAPABILITIES.has(capability), `${capability}: ${used.has(capability) ? 'has routes: take it out of' : 'has no routes: add it to'} COMING_CAPABILITIES`).toBe(
        used.has(capability),
      );
    }
  });
});
