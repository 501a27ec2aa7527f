import { type Command, Option } from 'commander';
import { ConfigError, loadConfig, type ConfigFlags } from '../config.ts';

/** Options every command that opens the database understands. */
export function withDatabaseOptions(command: Command): Command {
  return command
    .addOption(new Option('--data <dir>', 'data directory (OPSDESK_DATA_DIR, default ./data)'))
    .addOption(new Option('--database-url <url>', 'postgres://… to use PostgreSQL (OPSDESK_DATABASE_URL)'));
}

/** Config from the environment and the flags, or a clear list of what is wrong and exit code 2. */
export function configOrExit(flags: ConfigFlags) {
  try {
    return loadConfig(process.env, flags);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
