import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { systemContext } from '../auth/actor.ts';

interface Token {
  id: string;
  name: string;
  userId: string;
  username: string;
  revokedAt: string | null;
}

describeEachDatabase('API tokens on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let dispatcher: Caller & { username: string };
  let serviceTokenId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    dispatcher = await t.userWith(admin, ['dispatcher']);
    const created = await t.call(dispatcher, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'dispatch script', permissions: ['sites:read'] } });
    expect(created.statusCode).toBe(200);
    // A service account's token, issued by opsdesk itself the way the demo's simulator gets one.
    const service = await t.userWith(admin, ['engineer']);
    await t.services.tokens.issueForService(systemContext('test'), service.userId, { name: 'simulator', permissions: ['ingest:write'] });
    const all = (await t.call(admin, { method: 'GET', url: '/api/v1/tokens?all=true' })).json().items as Token[];
    serviceTokenId = all.find((token) => token.name === 'simulator')!.id;
  });
  afterAll(async () => t.close());

  it("lists only the caller's own tokens by default", async () => {
    const mine = (await t.call(dispatcher, { method: 'GET', url: '/api/v1/tokens' })).json().items as Token[];
    expect(mine.map((token) => token.name)).toEqual(['dispatch script']);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/tokens' })).json().items).toEqual([]);
  });

  it("shows everybody's tokens, with their owners, to a holder of tokens:admin", async () => {
    const res = await t.call(admin, { method: 'GET', url: '/api/v1/tokens?all=true' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Token[];
    expect(items.map((token) => token.name).sort()).toEqual(['dispatch script', 'simulator']);
    expect(items.find((token) => token.name === 'dispatch script')!.username).toBe(dispatcher.username);
  });

  it("refuses everybody's tokens without tokens:admin", async () => {
    const res = await t.call(dispatcher, { method: 'GET', url: '/api/v1/tokens?all=true' });
    expect(res.statusCode).toBe(403);
  });

  it("lets an administrator revoke another user's token, and nobody else", async () => {
    expect((await t.call(dispatcher, { method: 'DELETE', url: `/api/v1/tokens/${serviceTokenId}` })).statusCode).toBe(404);
    const res = await t.call(admin, { method: 'DELETE', url: `/api/v1/tokens/${serviceTokenId}` });
    expect(res.statusCode).toBe(200);
    expect((res.json() as Token).revokedAt).not.toBeNull();
  });
});
