import { Command, Option } from 'commander';
import { kindsLine, runSimulation, type SimulationProgress } from '../simulator/run.ts';
import { parseScenario, parseSeconds, SCENARIO_NAMES, SCENARIOS, ScenarioError, type ScenarioSpec } from '../simulator/scenarios.ts';

interface SimulateFlags {
  target?: string;
  token?: string;
  mqtt?: string;
  mqttRate?: string;
  scenario?: string[];
  rate: string;
  duration: string;
  seed: string;
  start?: string;
  fast?: boolean;
  listScenarios?: boolean;
}

const usage = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};

const scenarioList = (): string =>
  SCENARIO_NAMES.map((name) => `  ${name.padEnd(22)} ${SCENARIOS[name].description} (default ${SCENARIOS[name].defaultDurationSec} s${SCENARIOS[name].defaultTarget ? `, target ${SCENARIOS[name].defaultTarget}` : ''})`).join('\n');

const n = (x: number): string => x.toLocaleString('en-US');
const localTime = (ms: number): string => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} +08:00`;

function progressLine(p: SimulationProgress): string {
  const sent = p.sent;
  const outcome = sent.published > 0 && sent.accepted + sent.duplicates + sent.rejected === 0 ? `published ${n(sent.published)}` : `accepted ${n(sent.accepted)} dup ${n(sent.duplicates)} rejected ${n(sent.rejected)}${sent.published ? ` mqtt ${n(sent.published)}` : ''}`;
  return `[${localTime(p.virtualTime)}] generated ${n(p.generated)} · ${outcome} · ${n(p.eventsPerSecond)} ev/s · in flight ${p.inFlight}${sent.retries ? ` · retries ${n(sent.retries)}` : ''}\n`;
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description("simulate the demo estate (campus one-card, kiosks, scenic-site ticketing) and send its telemetry to opsdesk's ingestion API")
    .addOption(new Option('--target <url>', 'opsdesk base URL for the HTTP batch API, e.g. http://127.0.0.1:8080'))
    .addOption(new Option('--token <token>', 'API token allowed to ingest (default $OPSDESK_SIM_TOKEN)'))
    .addOption(new Option('--mqtt <url>', 'MQTT broker opsdesk subscribes to; with --target, heartbeats and metrics go over MQTT'))
    .addOption(new Option('--mqtt-rate <n>', 'at most n MQTT messages per second (MQTT has no end-to-end back-pressure; keep fast runs under what opsdesk takes)'))
    .addOption(new Option('--scenario <spec...>', 'fault to inject: NAME[:START[:DURATION[:TARGET]]], e.g. switch-down:5m:10m:SW-DE-01 (see --list-scenarios)'))
    .addOption(new Option('--rate <r>', 'multiplies transactions, door passes and logins').default('1'))
    .addOption(new Option('--duration <time>', 'virtual time to simulate: seconds or 90s/15m/2h; 0 = until interrupted (real time only)').default('3600'))
    .addOption(new Option('--seed <n>', 'same seed, start and duration → the same events, ids included').default('1'))
    .addOption(new Option('--start <iso>', 'virtual start time (default: now, or now − duration with --fast)'))
    .option('--fast', 'send as fast as opsdesk accepts, compressing virtual time (benchmarks)')
    .option('--list-scenarios', 'list the scenarios and exit')
    .action(async (flags: SimulateFlags) => {
      if (flags.listScenarios) {
        process.stdout.write(`${scenarioList()}\n`);
        return;
      }
      const scenarios: ScenarioSpec[] = [];
      for (const text of flags.scenario ?? []) {
        try {
          scenarios.push(parseScenario(text));
        } catch (error) {
          usage(`${error instanceof Error ? error.message : String(error)}\nvalid scenarios:\n${scenarioList()}`);
        }
      }
      const rate = Number(flags.rate);
      if (!(rate > 0) || !Number.isFinite(rate)) usage(`--rate must be a positive number, got "${flags.rate}"`);
      const seed = Number(flags.seed);
      if (!Number.isSafeInteger(seed)) usage(`--seed must be a whole number, got "${flags.seed}"`);
      let durationSeconds = 0;
      try {
        durationSeconds = parseSeconds(flags.duration);
      } catch (error) {
        usage(`--duration: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (durationSeconds === 0) {
        if (flags.fast) usage('--duration 0 (until interrupted) needs real time: drop --fast');
        durationSeconds = Infinity;
      }
      const mqttRate = flags.mqttRate === undefined ? undefined : Number(flags.mqttRate);
      if (mqttRate !== undefined && !(mqttRate > 0)) usage(`--mqtt-rate must be a positive number, got "${flags.mqttRate}"`);
      if (flags.start !== undefined && Number.isNaN(Date.parse(flags.start))) usage(`--start must be an ISO 8601 time, got "${flags.start}"`);
      if (!flags.target && !flags.mqtt) usage('give --target URL (HTTP) and/or --mqtt URL');
      const token = flags.token ?? process.env.OPSDESK_SIM_TOKEN;
      if (flags.target && !token) usage('--token is required with --target (or set OPSDESK_SIM_TOKEN)');
      if (flags.target && !/^https?:\/\//.test(flags.target)) usage(`--target must be an http(s) URL, got "${flags.target}"`);

      const abort = new AbortController();
      const onSignal = () => {
        if (abort.signal.aborted) process.exit(130);
        process.stderr.write('stopping: delivering what is in flight (Ctrl-C again to quit now)\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const totals = await runSimulation({
          target: flags.target,
          token,
          mqttUrl: flags.mqtt,
          mqttMessagesPerSecond: mqttRate,
          scenarios,
          rate,
          durationSeconds,
          seed,
          start: flags.start,
          realTime: !flags.fast,
          signal: abort.signal,
          progressEveryMs: flags.fast ? 2000 : 10_000,
          onProgress: (p) => process.stdout.write(progressLine(p)),
        });
        for (const s of totals.scenarios) process.stdout.write(`scenario ${s.name} → ${s.target}: ${localTime(s.startMs)} – ${localTime(s.endMs)}\n`);
        const sent = totals.sent;
        process.stdout.write(
          [
            `${totals.stopped ? 'stopped' : 'done'}: ${localTime(totals.startMs)} → ${localTime(totals.virtualTime)} over ${totals.transport}, ${(totals.wallMs / 1000).toFixed(1)} s wall`,
            `generated ${n(totals.generated)} (${kindsLine(totals.byKind)}), ${n(totals.eventsPerSecond)} events/s`,
            `accepted ${n(sent.accepted)}, duplicates ${n(sent.duplicates)}, rejected ${n(sent.rejected)}${sent.published ? `, published over MQTT ${n(sent.published)}` : ''}; ${n(sent.requests)} requests, ${n(sent.retries)} retries`,
            ...sent.rejections.slice(0, 5).map((r) => `  rejected ${r.id ?? '(no id)'}: ${r.code} ${r.message}`),
            '',
          ].join('\n'),
        );
        if (flags.mqtt && flags.fast && mqttRate === undefined) {
          process.stdout.write('note: MQTT acknowledgements come from the broker, not opsdesk; if opsdesk consumes slower than this run published, a broker queue limit (Mosquitto max_queued_messages) may have dropped messages — use --mqtt-rate, or HTTP for benchmarks\n');
        }
        if (sent.rejected > 0) process.exitCode = 1;
      } catch (error) {
        if (error instanceof ScenarioError) usage(`${error.message}\nvalid scenarios:\n${scenarioList()}`);
        process.stderr.write(`simulate failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
