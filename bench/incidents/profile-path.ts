/**
 * The request path alone: a real `opsdesk serve` on an empty database, signed in, N requests to one authenticated
 * route at C clients, optionally under `node --cpu-prof`. For finding what a request costs before any domain work.
 *
 *   node --import tsx bench/incidents/profile-path.ts [--path /api/v1/auth/session] [--requests 20000] [--connections 20] [--profile DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD } from '../../server/testing/app.ts';
import { startServerProcess } from '../../server/testing/server-process.ts';
import { load } from './load.ts';

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const route = argValue('path') ?? '/api/v1/auth/session';
const requests = Number(argValue('requests') ?? 20_000);
const connections = Number(argValue('connections') ?? 20);
const profile = argValue('profile');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-path-'));
const server = await startServerProcess({
  dataDir: dir,
  nodeArgs: profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profile)] : [],
  env: { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0', OPSDESK_LOG_LEVEL: 'warn' },
});
try {
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  await load(server.url, cookie, 10, 1000, () => route);
  for (let i = 0; i < 2; i++) console.log(route, connections, JSON.stringify(await load(server.url, cookie, connections, requests, () => route)));
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
