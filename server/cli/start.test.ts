import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const START_SCRIPT = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;

/** Resolves true when something accepts connections on the port. */
const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/**
 * `npm start` the way a container or a terminal runs it, on a throwaway data directory and a free port. The console is
 * served as last built (--no-web-build): building it is not what this tests, and others may be using web/dist.
 */
async function start(how: 'npm' | 'sh', dataDir: string): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null>; output: () => string }> {
  const env = { ...process.env, OPSDESK_DATA_DIR: dataDir, OPSDESK_PORT: '0', OPSDESK_HOST: '127.0.0.1', OPSDESK_DEMO: 'false', OPSDESK_LOG_LEVEL: 'warn' };
  const child =
    how === 'npm'
      ? spawn('npm', ['start', '--', '--no-web-build'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      : spawn('/bin/sh', ['-c', `${START_SCRIPT} --no-web-build`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code} before serving:\n${out}`));
    });
  });
  return { child, port, exited, output: () => out };
}

describe('npm start', { timeout: 120_000 }, () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const step of cleanup.splice(0)) step();
  });
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-start-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it.each([
    ['npm', 'SIGTERM'],
    ['sh', 'SIGTERM'],
    ['sh', 'SIGINT'],
  ] as const)('run through %s, stops serving and exits within seconds of %s (no orphan server)', async (how, signal) => {
    const server = await start(how, dataDir());
    // The signal goes to the process we started only, as a container's stop does; when the test ends, whatever is left
    // of its process group (an orphaned server, when this fails) goes too.
    cleanup.push(() => {
      try {
        process.kill(-server.child.pid!, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    });
    expect(await portOpen(server.port)).toBe(true);

    const sent = Date.now();
    server.child.kill(signal);
    const code = await Promise.race([server.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
    expect(code, server.output()).toBe(0);
    expect(await portOpen(server.port)).toBe(false);
    expect(Date.now() - sent).toBeLessThan(15_000);
    expect(server.output()).toContain(`${signal}: stopping`);
  });
});
