import { Command, Option } from 'commander';
import { systemClock } from '../clock.ts';
import { openDatabase, targetFromConfig } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { DomainError } from '../errors.ts';
import { randomSecret } from '../ids.ts';
import { loadOrCreateSigningKey } from '../modules/audit/index.ts';
import { systemContext } from '../modules/auth/index.ts';
import { createServices } from '../services.ts';
import { configOrExit, withDatabaseOptions } from './options.ts';

type DbFlags = { data?: string; databaseUrl?: string };

/** Runs a user-administration action through the same services as the API, so it is checked and audited alike. */
async function withServices(flags: DbFlags, action: (services: ReturnType<typeof createServices>) => Promise<void>): Promise<void> {
  // Only the database flags: `--role` here names the user's roles, not the server's.
  const config = configOrExit({ data: flags.data, databaseUrl: flags.databaseUrl });
  const db = openDatabase(targetFromConfig(config));
  try {
    await migrateToLatest(db);
    const services = createServices({ db, clock: systemClock, config, signer: loadOrCreateSigningKey(config.audit.signingKeyPath) });
    await services.roles.ensureBuiltIns(systemContext('opsdesk'));
    await action(services);
  } catch (error) {
    process.stderr.write(`${error instanceof DomainError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

const cli = systemContext(`cli:${process.env.USER ?? 'unknown'}`, 'cli');

export function userCommand(): Command {
  const user = new Command('user').description('manage opsdesk users from the shell (e.g. when nobody can sign in)');

  user.addCommand(
    withDatabaseOptions(new Command('list'))
      .description('list users')
      .action((flags: DbFlags) =>
        withServices(flags, async (services) => {
          const all = await services.users.all();
          for (const u of all) process.stdout.write(`${u.username}\t${u.status}\t${u.roleIds.join(',')}\t${u.displayName}\n`);
        }),
      ),
  );

  user.addCommand(
    withDatabaseOptions(new Command('create'))
      .description('create a user')
      .argument('<username>')
      .addOption(new Option('--role <role...>', 'role id(s)').makeOptionMandatory())
      .option('--name <displayName>', 'display name')
      .option('--password <password>', 'initial password (default: generated and printed)')
      .action((username: string, options: DbFlags & { role: string[]; name?: string; password?: string }) =>
        withServices(options, async (services) => {
          const password = options.password ?? randomSecret(12);
          await services.users.create(cli, { username, displayName: options.name ?? username, password, roleIds: options.role, siteIds: null });
          process.stdout.write(`created ${username}${options.password ? '' : ` with password ${password}`}\n`);
        }),
      ),
  );

  user.addCommand(
    withDatabaseOptions(new Command('reset-password'))
      .description("set a user's password and end their sessions")
      .argument('<username>')
      .option('--password <password>', 'the new password (default: generated and printed)')
      .action((username: string, options: DbFlags & { password?: string }) =>
        withServices(options, async (services) => {
          const target = await services.users.findByUsername(username);
          if (!target) throw new Error(`no user ${username}`);
          const password = options.password ?? randomSecret(12);
          await services.users.resetPassword(cli, target.id, password);
          process.stdout.write(`password of ${username} reset${options.password ? '' : ` to ${password}`}\n`);
        }),
      ),
  );

  return user;
}
