/**
 * A diagnostic preload for the server under benchmark: how late its main thread's event loop runs (perf_hooks'
 * monitorEventLoopDelay, 10 ms resolution). A loop held by synchronous work — better-sqlite3 waiting for the ingest
 * writer's lock sleeps inside the call — delays every socket the node serves, the channels' sends included. SIGUSR2
 * starts the window afresh; the histogram is written to OPSDESK_BENCH_LOOP_DELAY_FILE when the process ends.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = process.env.OPSDESK_BENCH_LOOP_DELAY_FILE;
if (file && isMainThread) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let since = Date.now();
  process.on('SIGUSR2', () => {
    histogram.reset();
    since = Date.now();
  });
  const ms = (ns) => Math.round(ns / 1e5) / 10;
  let dumped = false;
  const dump = () => {
    if (dumped) return;
    dumped = true;
    histogram.disable();
    fs.writeFileSync(
      file,
      JSON.stringify({ seconds: Math.round((Date.now() - since) / 1000), samples: histogram.count, meanMs: ms(histogram.mean), p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) }),
    );
  };
  process.on('exit', dump);
  for (const signal of ['SIGTERM', 'SIGINT']) process.prependListener(signal, dump);
}
