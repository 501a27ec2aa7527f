import { Command, Option } from 'commander';
import { startServer } from '../main.ts';
import { configOrExit, withDatabaseOptions } from './options.ts';

/** Within this, a stopping server has finished its requests and closed the database (containers allow ~10 s). */
const STOP_TIMEOUT_MS = 8000;

export function serveCommand(): Command {
  return withDatabaseOptions(new Command('serve'))
    .description('run opsdesk: the API and console on one port, and the scheduler')
    .addOption(new Option('--port <port>', 'port to listen on (OPSDESK_PORT, default 8080; 0 picks a free one)'))
    .addOption(new Option('--host <host>', 'address to listen on (OPSDESK_HOST, default 0.0.0.0)'))
    .addOption(new Option('--role <role>', 'all | api | worker (OPSDESK_ROLE)').choices(['all', 'api', 'worker']))
    .addOption(new Option('--mqtt-url <url>', 'MQTT broker to take telemetry from, e.g. mqtt://127.0.0.1:1883 (OPSDESK_MQTT_URL)'))
    .option('--no-demo', 'do not load the demo estate or run the simulator on a new database')
    .action(async (options: { port?: string; host?: string; role?: string; data?: string; databaseUrl?: string; mqttUrl?: string; demo: boolean }) => {
      const config = configOrExit(options);
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer(config);
      } catch (error) {
        process.stderr.write(`opsdesk could not start: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
      let stopping = false;
      const shutdown = (signal: string) => {
        // A second signal (Ctrl-C again) means now; so does a close that hangs: a stop must end in an exit.
        if (stopping) process.exit(1);
        stopping = true;
        process.stdout.write(`${signal}: stopping…\n`);
        setTimeout(() => {
          process.stderr.write(`opsdesk did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting anyway\n`);
          process.exit(1);
        }, STOP_TIMEOUT_MS).unref();
        server.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    });
}
