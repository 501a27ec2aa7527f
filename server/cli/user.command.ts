import { Command, Option } from 'commander';
import { randomSecret } from '../ids.ts';
import { systemContext } from '../modules/auth/index.ts';
import type { Services } from '../services.ts';
import { withDatabaseOptions } from './options.ts';
import { cliContext, withServices, type DbFlags } from './with-services.ts';

const cli = cliContext();
const withUsers = (flags: DbFlags, action: (services: Services) => Promise<void>) => withServices(flags, action, (services) => services.roles.ensureBuiltIns(systemContext('opsdesk')));

export function userCommand(): Command {
  const user = new Command('user').description('manage opsdesk users from the shell (e.g. when nobody can sign in)');

  user.addCommand(
    withDatabaseOptions(new Command('list'))
      .description('list users')
      .action((flags: DbFlags) =>
        withUsers(flags, async (services) => {
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
        withUsers(options, async (services) => {
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
        withUsers(options, async (services) => {
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
