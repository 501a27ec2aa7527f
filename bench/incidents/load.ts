/**
 * One measured load: a fixed number of requests from N concurrent keep-alive clients (autocannon), every answer
 * checked to be a 200. Paths come from a function so a run can walk many incidents or cursors.
 */
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

export async function load(baseUrl: string, cookie: string, connections: number, amount: number, nextPath: () => string): Promise<LoadResult> {
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections,
    amount,
    timeout: 30,
    headers: { cookie },
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  const seconds = (performance.now() - started) / 1000;
  const done = result['2xx'] + result.non2xx;
  return {
    requests: done,
    rps: Math.round(done / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
