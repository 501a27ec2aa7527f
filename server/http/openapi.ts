import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../app.ts';
import { ManualClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { loadOrCreateSigningKey } from '../modules/audit/index.ts';

/** The OpenAPI document as it is checked in: generated from the route schemas on a throwaway app, stable text. */
export async function generateOpenApi(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-openapi-'));
  const config = loadConfig({ OPSDESK_DATA_DIR: dir }, {}, dir);
  const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    const { app } = await buildApp({ config, db, clock: new ManualClock(), signer: loadOrCreateSigningKey(config.audit.signingKeyPath), logger: false, serveWeb: false });
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    return text;
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
