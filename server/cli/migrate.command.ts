import { Command } from 'commander';
import { openDatabase, targetFromConfig } from '../db/database.ts';
import { migrateDown, migrateToLatest } from '../db/migrator.ts';
import { configOrExit, withDatabaseOptions } from './options.ts';

export function migrateCommand(): Command {
  return withDatabaseOptions(new Command('migrate'))
    .description('apply pending database migrations (opsdesk also does this when it starts)')
    .option('--down', 'revert the newest migration instead')
    .action(async (options: { data?: string; databaseUrl?: string; down?: boolean }) => {
      const config = configOrExit(options);
      const db = openDatabase(targetFromConfig(config));
      try {
        const names = options.down ? await migrateDown(db) : await migrateToLatest(db);
        process.stdout.write(names.length === 0 ? 'nothing to do: the database is current\n' : `${options.down ? 'reverted' : 'applied'}: ${names.join(', ')}\n`);
      } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}
