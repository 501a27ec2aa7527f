import { systemClock } from '../clock.ts';
import { openDatabase, targetFromConfig } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { DomainError } from '../errors.ts';
import { loadOrCreateSigningKey } from '../modules/audit/index.ts';
import { systemContext } from '../modules/auth/index.ts';
import { createServices, type Services } from '../services.ts';
import { configOrExit } from './options.ts';

export type DbFlags = { data?: string; databaseUrl?: string };

/** Who a command acts as in the audit log: `cli:<the shell user>`. */
export const cliContext = () => systemContext(`cli:${process.env.USER ?? 'unknown'}`, 'cli');

/**
 * Runs a command's action on the database through the same services as the API, so that what it does is checked and
 * audited alike: migrated first, `prepare` brings what a never-started database lacks (the built-in roles, the shipped
 * rules…). A failure is one line on stderr saying why (a domain error's message names every field at fault), never a
 * stack trace, and exit code 1. Only the database flags are read: `--role` of `user add` names the user's roles.
 */
export async function withServices(flags: DbFlags, action: (services: Services) => Promise<void>, prepare?: (services: Services) => Promise<unknown>): Promise<void> {
  const config = configOrExit({ data: flags.data, databaseUrl: flags.databaseUrl });
  const db = openDatabase(targetFromConfig(config));
  let services: Services | null = null;
  try {
    await migrateToLatest(db);
    services = createServices({ db, clock: systemClock, config, signer: loadOrCreateSigningKey(config.audit.signingKeyPath) });
    await prepare?.(services);
    await action(services);
  } catch (error) {
    process.stderr.write(`${error instanceof DomainError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await services?.notifyCore.close();
    await db.close();
  }
}
