import { Command, Option } from 'commander';
import { startServer } from '../main.ts';
import { configOrExit, withDatabaseOptions } from './options.ts';

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
      const shutdown = (signal: string) => {
        process.stdout.write(`${signal}: stopping…\n`);
        server.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
