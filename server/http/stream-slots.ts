import { TooManyRequestsError } from '../errors.ts';

/**
 * How many live streams are open, per user and per client IP, on this node. An open stream holds a connection, a
 * bus listener and a re-check every few seconds; without a cap one user (or one address) could hold thousands.
 */
export function createStreamSlots(limits: { maxPerUser: number; maxPerIp: number }) {
  const byUser = new Map<string, number>();
  const byIp = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, delta: number) => {
    const next = (map.get(key) ?? 0) + delta;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };

  return {
    /** Takes a slot or refuses with 429 TOO_MANY_STREAMS; the returned release may be called more than once. */
    take(userId: string, ip: string): () => void {
      if ((byUser.get(userId) ?? 0) >= limits.maxPerUser) {
        throw new TooManyRequestsError(`You already have ${limits.maxPerUser} live streams open; close a tab or wait for one to end`, 5, 'TOO_MANY_STREAMS');
      }
      if ((byIp.get(ip) ?? 0) >= limits.maxPerIp) {
        throw new TooManyRequestsError(`${limits.maxPerIp} live streams are already open from this address`, 5, 'TOO_MANY_STREAMS');
      }
      add(byUser, userId, 1);
      add(byIp, ip, 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        add(byUser, userId, -1);
        add(byIp, ip, -1);
      };
    },
    open: (userId: string) => byUser.get(userId) ?? 0,
  };
}

export type StreamSlots = ReturnType<typeof createStreamSlots>;
