import { Command } from 'commander';
import { auditCommand } from './audit.command.ts';
import { migrateCommand } from './migrate.command.ts';
import { openapiCommand } from './openapi.command.ts';
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
program.addCommand(openapiCommand());
program.addCommand(simulateCommand());

await program.parseAsync(process.argv);
