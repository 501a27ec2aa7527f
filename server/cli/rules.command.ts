import fs from 'node:fs';
import { Command, Option } from 'commander';
import { systemContext } from '../modules/auth/index.ts';
import type { Services } from '../services.ts';
import { withDatabaseOptions } from './options.ts';
import { cliContext, withServices, type DbFlags } from './with-services.ts';

/** A rule document is a few hundred KiB; the API takes 2 MiB and so does this. */
const MAX_FILE_BYTES = 2 * 1_048_576;

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * A rules action as the system actor `cli:<user>`. The shipped rules are added first if this database has never been
 * started, so that applying a document updates them rather than creating look-alikes.
 */
const withRules = (flags: DbFlags, action: (services: Services) => Promise<void>) => withServices(flags, action, (services) => services.alertRules.ensureDefaults(systemContext('opsdesk')));

function readDocument(file: string): string {
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_BYTES) throw new Error(`${file} is ${size} bytes; a rule document may be at most ${MAX_FILE_BYTES} (2 MiB)`);
  return fs.readFileSync(file, 'utf8');
}

export function rulesCommand(): Command {
  const cli = cliContext();
  const rules = new Command('rules').description('alert rules as a YAML or JSON document, to keep in version control');

  rules.addCommand(
    withDatabaseOptions(new Command('export'))
      .description('write every alert rule as one document (to FILE, or standard output)')
      .argument('[file]', 'where to write it')
      .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
      .action((file: string | undefined, options: DbFlags & { format: 'yaml' | 'json' }) =>
        withRules(options, async (services) => {
          const text = await services.alertRules.exportText(cli, options.format);
          if (file === undefined) process.stdout.write(text);
          else {
            fs.writeFileSync(file, text);
            out(`exported the alert rules to ${file}`);
          }
        }),
      ),
  );

  rules.addCommand(
    withDatabaseOptions(new Command('apply'))
      .description('create or update the rules of a document (matched by key); a bad rule is rejected with its reasons, the others applied. Exits 1 if any was rejected')
      .argument('<file>', 'the document, YAML or JSON')
      .option('--dry-run', 'check every rule and say what would change; write nothing')
      .action((file: string, options: DbFlags & { dryRun?: boolean }) =>
        withRules(options, async (services) => {
          const result = await services.alertRules.applyText(cli, readDocument(file), { dryRun: options.dryRun ?? false });
          const would = result.dryRun ? 'would be ' : '';
          for (const key of result.created) out(`${would}created    ${key}`);
          for (const key of result.updated) out(`${would}updated    ${key}`);
          for (const r of result.rejected) {
            out(`rejected   ${r.key ?? `rule #${r.index + 1}`}${r.error ? `: ${r.error.message}` : ''}`);
            for (const p of r.problems) out(`  ${p.field} ${p.message}`);
          }
          out(`${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.rejected.length} rejected${result.dryRun ? ' (dry run: nothing written)' : ''}`);
          if (result.rejected.length > 0) process.exitCode = 1;
        }),
      ),
  );

  return rules;
}
