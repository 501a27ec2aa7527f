import net from 'node:net';

/**
 * Which SMTP clients may talk to the intake: the request address needs no login (a mail relay delivers to it, and
 * senders cannot log in), so the port must be reachable only from the relay — by the network, and by this list as a
 * second fence. Entries are addresses (`10.0.0.25`, `::1`) or CIDR prefixes (`10.0.0.0/24`, `fd00::/8`).
 */
export interface ClientAllowList {
  allows(address: string | undefined): boolean;
}

/** What is wrong with each entry, in order; empty when every entry is an address or a CIDR prefix. */
export function allowListProblems(entries: readonly string[]): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    const problem = entryProblem(entry);
    if (problem) problems.push(problem);
  }
  return problems;
}

function entryProblem(entry: string): string | null {
  const [address = '', prefix, ...rest] = entry.trim().split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address or CIDR prefix`;
  if (prefix === undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${entry}" has a prefix length outside 0–${max}`;
  return null;
}

/** Builds the list; throws naming every bad entry. `null` or an empty list lets every client in. */
export function createClientAllowList(entries: readonly string[] | null | undefined): ClientAllowList {
  if (!entries || entries.length === 0) return { allows: () => true };
  const problems = allowListProblems(entries);
  if (problems.length > 0) throw new Error(`mail intake: bad client allow-list: ${problems.join('; ')}`);
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const type = net.isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    allows(remote) {
      if (!remote) return false;
      // a dual-stack listener sees IPv4 clients as ::ffff:10.0.0.25
      const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(remote);
      const address = mapped ? mapped[1]! : remote;
      const family = net.isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
