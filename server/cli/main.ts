import { Command } from 'commander';
import { DatabaseFileError } from '../db/integrity.ts';
import { KeyFileError } from '../modules/audit/index.ts';
import { auditCommand } from './audit.command.ts';
import { migrateCommand } from './migrate.command.ts';
import { openapiCommand } from './openapi.command.ts';
import { notifyCommand } from './notify.command.ts';
import { plansCommand } from './plans.command.ts';
import { reconCommand } from './recon-import.command.ts';
import { rulesCommand } from './rules.command.ts';
import { serveCommand } from './serve.command.ts';
import { simulateCommand } from './simulate.command.ts';
import { userCommand } from './user.command.ts';

const program = new Command('opsdesk')
  .description('opsdesk — operations desk for one-card, ticketing and payment-kiosk estates')
  .showHelpAfterError();

program.addCommand(serveCommand(), { isDefault: true });
program.addCommand(migrateCommand());
program.addCommand(auditCommand());
program.addCommand(userCommand());
program.addCommand(rulesCommand());
program.addCommand(plansCommand());
program.addCommand(reconCommand());
program.addCommand(notifyCommand());
program.addCommand(openapiCommand());
program.addCommand(simulateCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A database or key file opsdesk will not use: the message says which and why; a stack trace would bury it.
  if (!(error instanceof DatabaseFileError || error instanceof KeyFileError)) throw error;
  process.stderr.write(`opsdesk: ${error.message}\n`);
  process.exit(2);
}
