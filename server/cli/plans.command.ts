import fs from 'node:fs';
import { Command, Option } from 'commander';
import { systemContext } from '../modules/auth/index.ts';
import { MAX_PLAN_FILE_BYTES, type PlanFileFormat } from '../modules/plans/index.ts';
import type { Services } from '../services.ts';
import { withDatabaseOptions } from './options.ts';
import { cliContext, withServices, type DbFlags } from './with-services.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * A plans action as the system actor `cli:<user>`. A database never started gets the shipped alert rules (the plans'
 * triggers name them) and the shipped plans first, so that applying a file updates those rather than creating
 * look-alikes or refusing their rule keys.
 */
const withPlans = (flags: DbFlags, action: (services: Services) => Promise<void>) =>
  withServices(flags, action, async (services) => {
    const system = systemContext('opsdesk');
    await services.alertRules.ensureDefaults(system);
    await services.plans.ensureDefaults(system);
  });

/** The file's bytes; its size is asked first, so a huge file is refused before it is read. */
function readFile(file: string): Buffer {
  const size = fs.statSync(file).size;
  if (size > MAX_PLAN_FILE_BYTES) throw new Error(`${file} is ${size} bytes; a plan file may be at most ${MAX_PLAN_FILE_BYTES} (16 MiB)`);
  return fs.readFileSync(file);
}

export function plansCommand(): Command {
  const cli = cliContext();
  const plans = new Command('plans').description('emergency plans (预案) as a YAML or JSON file, to keep in version control');

  plans.addCommand(
    withDatabaseOptions(new Command('export'))
      .description("write every plan (key, state, its draft, whether the draft differs from the published version) as one document (to FILE, or standard output)")
      .argument('[file]', 'where to write it')
      .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
      .action((file: string | undefined, options: DbFlags & { format: PlanFileFormat }) =>
        withPlans(options, async (services) => {
          const text = await services.planFiles.exportText(cli, options.format);
          if (file === undefined) process.stdout.write(text);
          else {
            fs.writeFileSync(file, text);
            out(`exported the plans to ${file}`);
          }
        }),
      ),
  );

  plans.addCommand(
    withDatabaseOptions(new Command('apply'))
      .description('create or update the drafts of a file\'s plans (matched by key); a bad plan is rejected with its reasons, the others applied. Exits 1 if any was rejected')
      .argument('<file>', 'the file, YAML or JSON')
      .option('--publish', "publish every draft of the file that differs from its published version")
      .option('--dry-run', 'check every plan and say what would change; write nothing')
      .action((file: string, options: DbFlags & { dryRun?: boolean; publish?: boolean }) =>
        withPlans(options, async (services) => {
          const result = await services.planFiles.applyBytes(cli, readFile(file), { dryRun: options.dryRun ?? false, publish: options.publish ?? false });
          const would = result.dryRun ? 'would be ' : '';
          for (const key of result.created) out(`${would}created    ${key}`);
          for (const key of result.updated) out(`${would}updated    ${key}`);
          for (const key of result.published) out(`${would}published  ${key}`);
          for (const r of result.rejected) {
            out(`rejected   ${r.key ?? `plan #${r.index + 1}`}${r.error ? `: ${r.error.code}: ${r.error.message}` : ''}`);
            for (const p of r.problems) out(`  ${p.field} ${p.message}`);
          }
          out(
            `${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.published.length} published, ${result.rejected.length} rejected${result.dryRun ? ' (dry run: nothing written)' : ''}`,
          );
          if (result.rejected.length > 0) process.exitCode = 1;
        }),
      ),
  );

  return plans;
}
