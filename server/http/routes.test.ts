import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ALL_PERMISSIONS, BUILT_IN_ROLES, type Permission } from '../modules/auth/permissions.ts';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { routeSamples } from '../testing/route-samples.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route the router serves, as "METHOD /url", read from Fastify's own route table (printRoutes) rather than from
 * the onRoute hook that fills routeCatalog: a route that escaped the hook (registered before it, or in a plugin
 * context it does not reach) would be missing from the catalogue, unchecked by every test below, and open to anyone,
 * since the same hook's sibling does the authentication.
 */
function servedRoutes(app: FastifyInstance): string[] {
  const served: string[] = [];
  const path: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    // "│   ├── /:id (GET, HEAD, PATCH)": four characters of indent per level, a path segment, the methods if any
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    path.length = m[1]!.length / 4;
    path.push(m[2]!);
    for (const method of (m[3] ?? '').split(', ')) if (method && method !== 'HEAD') served.push(`${method} ${path.join('')}`);
  }
  return served;
}

describeEachDatabase('routes on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('the catalogue holds every /api route the server answers, each with an access that exists', () => {
    const served = servedRoutes(t.app).filter((r) => r.includes(' /api/'));
    expect(served.length).toBeGreaterThan(15);
    const api = t.app.routeCatalog.filter((r) => r.url.startsWith('/api/'));
    expect(api.map((r) => `${r.method} ${r.url}`).sort()).toEqual(served.sort());
    const known = new Set<string>(['public', 'authenticated', ...ALL_PERMISSIONS]);
    expect(api.filter((r) => !known.has(String(r.access))).map((r) => `${r.method} ${r.url}: ${String(r.access)}`)).toEqual([]);
    // Only signing in, and the one-time acknowledgement links (the signed link is the credential), are open to anonymous callers.
    expect(api.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /api/v1/ack/:token', 'GET /api/v1/surveys/:token', 'POST /api/v1/ack/:token', 'POST /api/v1/auth/login', 'POST /api/v1/surveys/:token']);
  });

  it('only machine telemetry, writes that only read (previews, backtests), a person marking their own notifications read and acknowledgements audited as the person paged are exempt from the audit log', () => {
    const exempt = t.app.routeCatalog.filter((r) => r.auditExempt).map((r) => `${r.method} ${r.url}`);
    expect(exempt.sort()).toEqual([
      'POST /api/v1/ack/:token',
      'POST /api/v1/alert-rules/:id/backtest',
      'POST /api/v1/alert-rules/backtest',
      'POST /api/v1/ingest',
      'POST /api/v1/integrations/alertmanager',
      'POST /api/v1/integrations/grafana',
      'POST /api/v1/integrations/sms-reply',
      'POST /api/v1/me/notifications/read',
      'POST /api/v1/silences/preview',
    ]);
  });

  it('every state-changing route writes exactly one audit record', async () => {
    const table = routeSamples(t, () => t.loginAdmin());
    const documented = (t.app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }).paths;
    const writes = t.app.routeCatalog.filter((r) => r.url.startsWith('/api/') && WRITES.has(r.method) && !r.auditExempt);
    for (const route of writes) {
      const key = `${route.method} ${route.url}`;
      const sample = table[key];
      expect(sample, `${key} has no sample: add one to its module's *.route-samples.ts`).toBeDefined();
      const request = await sample!();
      const before = await t.auditCount();
      const res = await t.call(request.caller, { method: request.method, url: request.url, payload: request.payload });
      expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
      // ...and 200 is what the route's schema documents, so the response was serialised by a declared schema
      const responses = documented[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()]?.responses;
      expect(Object.keys(responses ?? {}), `${key} documents no 200 response`).toContain('200');
      expect(await t.auditCount(), key).toBe(before + 1);
    }
    const gaps = await t.metrics.auditGaps.get();
    expect(gaps.values.reduce((sum, v) => sum + v.value, 0)).toBe(0);
    // Every write route of every module, each with its own sign-in: about a hundred calls.
  }, 180_000);

  describe('role × route matrix', () => {
    const callers = new Map<string, Caller>();
    beforeAll(async () => {
      const admin = await t.loginAdmin();
      for (const role of BUILT_IN_ROLES) callers.set(role.id, await t.userWith(admin, [role.id]));
    });

    // A readable sample stated by hand, so the test does not merely restate permissions.ts.
    const expectations: [role: string, method: 'GET' | 'POST', url: string, status: number][] = [
      ['client', 'GET', '/api/v1/users', 403],
      ['client', 'GET', '/api/v1/audit', 403],
      ['client', 'GET', '/api/v1/sites', 200],
      ['client', 'POST', '/api/v1/tokens', 403],
      ['auditor', 'GET', '/api/v1/audit', 200],
      ['auditor', 'POST', '/api/v1/audit/verify', 200],
      ['auditor', 'GET', '/api/v1/tokens', 403],
      ['security', 'GET', '/api/v1/audit', 200],
      ['security', 'GET', '/api/v1/roles', 200],
      ['finance', 'GET', '/api/v1/users', 403],
      ['finance', 'GET', '/api/v1/tokens', 200],
      ['engineer', 'GET', '/api/v1/users', 403],
      ['engineer', 'POST', '/api/v1/sites', 403],
      ['dispatcher', 'GET', '/api/v1/users', 200],
      ['dispatcher', 'GET', '/api/v1/audit', 403],
      ['admin', 'GET', '/api/v1/audit', 200],
      ['admin', 'POST', '/api/v1/sites', 400], // allowed; the empty body is what is refused
    ];
    it.each(expectations)('%s: %s %s → %i', async (role, method, url, status) => {
      const res = await t.call(callers.get(role)!, { method, url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, res.body).toBe(status);
    });

    it('every parameterless read answers each role as its permissions say', async () => {
      // The live stream never ends, so it is left out here; telemetry.routes.test.ts covers who may open it.
      const reads = t.app.routeCatalog.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.includes(':') && r.url !== '/api/v1/stream');
      for (const role of BUILT_IN_ROLES) {
        const caller = callers.get(role.id)!;
        for (const route of reads) {
          const res = await t.call(caller, { method: 'GET', url: route.url });
          const allowed = route.access === 'authenticated' || role.permissions.includes(route.access as Permission);
          expect(res.statusCode === 403, `${role.id} GET ${route.url} → ${res.statusCode}`).toBe(!allowed);
        }
      }
    });

    it('a caller without the permission a route declares gets 403 from it, whatever its method and parameters', async () => {
      const admin = await t.loginAdmin();
      const nobody = await t.userWith(admin, []);
      const guarded = t.app.routeCatalog.filter((r) => r.url.startsWith('/api/') && r.access !== 'public' && r.access !== 'authenticated');
      expect(guarded.length).toBeGreaterThan(15);
      for (const route of guarded) {
        const res = await t.call(nobody, { method: route.method as 'GET', url: route.url.replace(/:\w+/g, 'x'), payload: WRITES.has(route.method) ? {} : undefined });
        expect(res.statusCode, `${route.method} ${route.url} → ${res.body}`).toBe(403);
        expect(res.json().error.details, `${route.method} ${route.url}`).toEqual({ permission: route.access });
      }
    });

    it('an anonymous caller gets 401 from every protected route', async () => {
      for (const route of t.app.routeCatalog.filter((r) => r.url.startsWith('/api/') && r.access !== 'public')) {
        const res = await t.call(null, { method: route.method as 'GET', url: route.url.replace(':id', 'x') });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      }
    });
  });
});
