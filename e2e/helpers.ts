/**
 * Browser-test plumbing: a real opsdesk server on a throwaway data directory, Debian's Chromium driven by
 * playwright-core, and a tiny cookie-aware API client for setting up data as the administrator.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'E2e-Desk-Passphrase-7391';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium binary to drive, or null when it is not installed. */
export function chromiumPath(): string | null {
  const candidate = process.env.OPSDESK_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(candidate) ? candidate : null;
}

export function browserRequired(): boolean {
  return process.env.OPSDESK_REQUIRE_BROWSER === '1';
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Builds web/dist unless it is already newer than its sources (cheap when up to date). */
export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-web.mjs'), '--if-stale'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts `opsdesk serve` on a free port with a fresh data directory; resolves once it is listening. */
export async function startServer(timeoutMs = 90_000): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'opsdesk-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/opsdesk.mjs', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--no-demo'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`opsdesk did not start within ${timeoutMs} ms`)), timeoutMs);
      const onData = () => {
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`opsdesk exited with code ${code} before listening`));
      });
    });
    return { baseUrl: `http://127.0.0.1:${port}`, dataDir, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- server output ---\n${output}`);
  }
}

/** A signed-in API session (cookie + CSRF token) for preparing data the way the console would. */
export class ApiSession {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
    private readonly csrfToken: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiSession> {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { csrfToken: string };
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return new ApiSession(baseUrl, cookie, body.csrfToken);
  }

  /** Any write: a JSON body, or text as it is (a CSV upload) with its content type. */
  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', pathname: string, body: unknown, contentType = 'application/json'): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${pathname}`, {
      method,
      headers: { 'content-type': contentType, cookie: this.cookie, 'x-csrf-token': this.csrfToken },
      body: contentType === 'application/json' ? JSON.stringify(body) : String(body),
    });
    if (!response.ok) throw new Error(`${method} ${pathname} failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  post<T>(pathname: string, body: unknown): Promise<T> {
    return this.send<T>('POST', pathname, body);
  }

  async get<T>(pathname: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${pathname}`, { headers: { cookie: this.cookie } });
    if (!response.ok) throw new Error(`GET ${pathname} failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (26 Crockford base32 characters: 48-bit time, 80 random bits) for event envelopes. */
export function ulid(time = Date.now()): string {
  let head = '';
  for (let t = time, i = 0; i < 10; i++, t = Math.floor(t / 32)) head = CROCKFORD[t % 32] + head;
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(Math.random() * 32)];
  return head + tail;
}

/** One SPEC §5.3 event envelope. */
export interface Envelope {
  id: string;
  kind: 'heartbeat' | 'metric' | 'event' | 'txn' | 'login';
  ts: string;
  device: string;
  site?: string;
  data: Record<string, unknown>;
}

export function envelope(kind: Envelope['kind'], device: string, data: Record<string, unknown>, at = Date.now()): Envelope {
  return { id: ulid(at), kind, ts: new Date(at).toISOString(), device, data };
}

export interface IngestAnswer {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  results: { index: number; status: string; error?: { code: string; message: string } }[];
}

/** POST /api/v1/ingest with an API token (ingest:write), the way a device gateway sends telemetry. */
export async function ingest(baseUrl: string, token: string, envelopes: Envelope[]): Promise<IngestAnswer> {
  const response = await fetch(`${baseUrl}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(envelopes),
  });
  if (!response.ok) throw new Error(`ingest failed: ${response.status} ${await response.text()}`);
  const answer = (await response.json()) as IngestAnswer;
  if (answer.accepted !== envelopes.length) throw new Error(`ingest accepted ${answer.accepted} of ${envelopes.length}: ${JSON.stringify(answer.results)}`);
  return answer;
}

/** Where this run's screenshots go (OPSDESK_E2E_SCREENSHOTS, or a fresh temporary directory). */
export function screenshotDir(): string {
  const dir = process.env.OPSDESK_E2E_SCREENSHOTS ?? mkdtempSync(path.join(tmpdir(), 'opsdesk-e2e-shots-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function newPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  const page = await context.newPage();
  return { context, page };
}

/** Fills the login form and submits it (the page must be showing the login form). */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
