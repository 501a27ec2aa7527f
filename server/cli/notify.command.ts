import { Command } from 'commander';
import { NotFoundError } from '../errors.ts';
import { withDatabaseOptions } from './options.ts';
import { cliContext, withServices, type DbFlags } from './with-services.ts';

/**
 * `opsdesk notify test --channel NAME [--user USERNAME]`: sends a test message through a channel now and prints what
 * the channel answered — to check an SMTP server, an SMS gateway or a robot from the shell, without the console.
 */
export function notifyCommand(): Command {
  const notify = new Command('notify').description('notification channels from the shell');
  notify.addCommand(
    withDatabaseOptions(new Command('test'))
      .description('send a test message through a channel now and print its answer')
      .requiredOption('--channel <name>', 'the channel, by name (or id)')
      .option('--user <username>', "whose e-mail or phone to send it to (needed for e-mail and SMS channels)")
      .action((options: DbFlags & { channel: string; user?: string }) =>
        withServices(options, async (services) => {
          const rc = cliContext();
          const channel = (await services.channels.list(rc)).items.find((c) => c.name === options.channel || c.id === options.channel);
          if (!channel) throw new NotFoundError('Notification channel', options.channel);
          const user = options.user === undefined ? undefined : await services.users.findByUsername(options.user);
          if (options.user !== undefined && !user) throw new NotFoundError('User', options.user);
          const result = await services.channels.test(rc, channel.id, user?.id);
          process.stdout.write(`${channel.name} (${channel.kind}): ${result.ok ? 'sent' : 'FAILED'} in ${result.durationMs} ms — ${result.detail}\n`);
          if (!result.ok) process.exitCode = 1;
        }),
      ),
  );
  return notify;
}
