/**
 * A private network for one test run: a network namespace joined to this one by a veth pair, on a
 * /24 of 10.77.0.0/16 that no other run uses at the moment. `remove()` deletes the namespace (and with
 * it both veth ends); call it in `after`, it is safe after a half-finished `create`.
 */
import { execFileSync } from 'node:child_process';

export interface TestNetwork {
  namespace: string;
  /** The veth end in this namespace (where tshark can listen). */
  hostInterface: string;
  /** 10.77.N.1: this side. */
  hostAddress: string;
  /** 10.77.N.2: the namespace side. */
  peerAddress: string;
  broadcast: string;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Runs `ip …` for a clean-up step; what is not there (never made, or gone with its namespace) is fine. */
const ipIfThere = (...args: string[]) => {
  try {
    ip(...args);
  } catch {
    // Not created, or already gone.
  }
};

/** A /24 of 10.77.0.0/16 no interface of this machine uses now, and a suffix for this run's names. */
function freeSubnet(): { subnet: number; suffix: string } {
  const used = new Set(ip('-4', '-o', 'addr', 'show').match(/10\.77\.(\d+)\./g)?.map((m) => Number(m.split('.')[2])) ?? []);
  const free = Array.from({ length: 240 }, (_, i) => i + 10).filter((n) => !used.has(n));
  return { subnet: free[Math.floor(Math.random() * free.length)], suffix: Math.random().toString(36).slice(2, 7) };
}

/** A new namespace holding the `inside` end of a veth pair, up at `address`/24 (with its loopback); `outside` stays here. */
function namespaceOnVeth(namespace: string, outside: string, inside: string, address: string): void {
  ip('netns', 'add', namespace);
  ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
  ip('link', 'set', inside, 'netns', namespace);
  ip('netns', 'exec', namespace, 'ip', 'addr', 'add', `${address}/24`, 'dev', inside);
  ip('netns', 'exec', namespace, 'ip', 'link', 'set', inside, 'up');
  ip('netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up');
}

export function createTestNetwork(area: string): TestNetwork {
  const { subnet, suffix } = freeSubnet();
  const namespace = `slotpipe-${area}-${suffix}`;
  // Interface names hold at most 15 characters.
  const hostInterface = `sp${area.slice(0, 4)}${suffix}a`;
  const peerInterface = `sp${area.slice(0, 4)}${suffix}b`;
  const network: TestNetwork = {
    namespace,
    hostInterface,
    hostAddress: `10.77.${subnet}.1`,
    peerAddress: `10.77.${subnet}.2`,
    broadcast: `10.77.${subnet}.255`,
    remove() {
      ipIfThere('netns', 'del', namespace);
      ipIfThere('link', 'del', hostInterface);
    },
  };
  try {
    namespaceOnVeth(namespace, hostInterface, peerInterface, network.peerAddress);
    ip('addr', 'add', `${network.hostAddress}/24`, 'dev', hostInterface);
    ip('link', 'set', hostInterface, 'up');
  } catch (err) {
    network.remove();
    throw err;
  }
  return network;
}

export interface TestBridge {
  /** The bridge in this namespace, joining every namespace's veth (where tshark can listen). */
  bridge: string;
  /** 10.77.N.1: this side, on the bridge. */
  hostAddress: string;
  /** One namespace per peer, at 10.77.N.2, .3, … */
  namespaces: { namespace: string; address: string }[];
  broadcast: string;
  remove(): void;
}

/**
 * Several network namespaces on one private /24, joined by a bridge in this namespace: a broadcast sent
 * in one reaches all the others (and the bridge, where it can be captured), and nothing else.
 */
export function createTestBridge(area: string, count: number): TestBridge {
  const { subnet, suffix } = freeSubnet();
  const bridge = `spbr${suffix}`;
  const namespaces = Array.from({ length: count }, (_, i) => ({ namespace: `slotpipe-${area}-${suffix}-${i}`, address: `10.77.${subnet}.${i + 2}` }));
  const result: TestBridge = {
    bridge,
    hostAddress: `10.77.${subnet}.1`,
    namespaces,
    broadcast: `10.77.${subnet}.255`,
    remove() {
      // Each veth goes with its namespace.
      for (const { namespace } of namespaces) ipIfThere('netns', 'del', namespace);
      ipIfThere('link', 'del', bridge);
    },
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${result.hostAddress}/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    namespaces.forEach(({ namespace, address }, i) => {
      const outside = `sp${suffix}${i}a`;
      const inside = `sp${suffix}${i}b`;
      namespaceOnVeth(namespace, outside, inside, address);
      ip('link', 'set', outside, 'master', bridge);
      ip('link', 'set', outside, 'up');
    });
  } catch (err) {
    result.remove();
    throw err;
  }
  return result;
}
