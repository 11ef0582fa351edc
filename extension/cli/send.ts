/** `slotpipe send`: writes messages to a mailslot, or as a pipe client, once or repeatedly. */
import { checkMailslotPayload, EndpointError, watcherId } from '../core/endpoint';
import type { Sender } from '../core/backend';
import { TrafficLog } from '../core/traffic-log';
import { connectPipe, openSender } from '../backends';
import { UsageError, integerOption, parse, secondsOption } from './args';
import type { Command } from './command';
import { backendChoice, endpointArgument, netbiosOptions, portOption, printOptions, printSettings, HEADER_OPTIONS_HELP } from './endpoint-options';
import { buildPayload, payloadOptions } from './payload';
import { formatMessage } from './printer';
import { FILE_INPUT_LIMIT, sizeText } from '../files/regular-file';

const usage = `Usage: slotpipe send <endpoint> [TEXT] [options]

Sends TEXT (UTF-8), or the bytes given by --hex / --file / --struct, to a mailslot or as a pipe client.

Payload (exactly one):
  TEXT                   the text, UTF-8 (--utf16 for UTF-16LE, --nul to add the C terminator)
  --hex HEX              bytes as hex: "aabbcc", "aa bb cc", "0xaa,0xbb"
  --file FILE            the bytes of a regular file of at most ${sizeText(FILE_INPUT_LIMIT)} (not a device or FIFO)
  --struct NAME --set field=value ...   a struct from --header files (or the built-in MS_MESSAGE);
                         unset fields are zero and the magic is filled in
Repeat:
  --count N              send N messages (default 1, or until Ctrl-C with --repeat)
  --repeat SECONDS       wait this long between messages (the seed broadcaster: 5, the discovery server: 1);
                         without --count at least 0.1, so an endless loop is never a flood
Output:
  --json                 print each message sent (and pipe replies) as JSON lines
  --decode CHOICE, --header FILE   how replies and --json output are decoded
${HEADER_OPTIONS_HELP}
Pipes:
  --busy-timeout MS      wait this long when every pipe instance is busy (default 5000)
  --linger MS            after the last message, keep reading replies this long (default 300)
NetBIOS datagrams (off Windows, or with --netbios):
  --port N --to ADDRESS --broadcast ADDRESS --workgroup NAME --name OWN_NAME --source-port N`;

/** The shortest --repeat interval that may run without --count (until Ctrl-C). */
const MIN_ENDLESS_INTERVAL = 0.1;

/**
 * Writes are made in turns of WRITE_TURN (a pipe's go to its I/O thread as one batch), and ending a turn waits
 * until at most one turn is in flight: while the I/O thread writes one, the results of the one before come
 * back and the next is made.
 */
const WRITE_TURN = 64;
/** A turn of large messages holds at most this many bytes, so what is in flight stays bounded for any payload. */
const WRITE_TURN_BYTES = 4 * 1024 * 1024;

export const sendCommand: Command = {
  name: 'send',
  summary: 'send text, hex, a file or a struct to a mailslot or pipe',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...printOptions,
      ...netbiosOptions,
      ...payloadOptions,
      count: { type: 'string' },
      repeat: { type: 'string' },
      'busy-timeout': { type: 'string' },
      linger: { type: 'string' },
      to: { type: 'string' },
      broadcast: { type: 'string' },
      workgroup: { type: 'string' },
      name: { type: 'string' },
      'source-port': { type: 'string' },
    }, 'send');
    if (positionals.length > 2) throw new UsageError(`send: one TEXT argument expected, got ${positionals.length - 1} (quote text with spaces)`);
    const endpoint = endpointArgument(positionals, 'send');
    const print = printSettings(values);
    const payload = buildPayload(positionals[1], values, print.registry);
    try {
      checkMailslotPayload(endpoint, payload.length);
    } catch (err) {
      if (err instanceof EndpointError) throw new UsageError(err.message);
      throw err;
    }
    const repeat = secondsOption(values.repeat, 'repeat', 0, 86400);
    const count = integerOption(values.count, 'count', 1) ?? (repeat === undefined ? 1 : Infinity);
    if (count === Infinity && repeat! < MIN_ENDLESS_INTERVAL) {
      throw new UsageError(`--repeat ${repeat} without --count would send as fast as it can until stopped (a flood, to a broadcast address a whole subnet's); give --count N, or --repeat ${MIN_ENDLESS_INTERVAL} or more`);
    }
    const linger = integerOption(values.linger, 'linger', 0, 60000) ?? 300;

    const log = new TrafficLog(1024);
    // Sent messages are printed with --json only; replies always. The log numbers what is printed.
    const show = (direction: 'in' | 'out', bytes: Uint8Array) => {
      if (!print.json && direction === 'out') return;
      const [message] = log.append(watcherId(endpoint.path), endpoint.path, [{ time: Date.now(), direction, bytes }]);
      console.log(formatMessage(message, print));
    };
    let sender: Sender;
    let closedByPeer = false;
    if (endpoint.kind === 'pipe') {
      sender = await connectPipe(endpoint, { busyTimeout: integerOption(values['busy-timeout'], 'busy-timeout', 0, 600000) }, {
        messages: (batch) => batch.filter((m) => m.direction === 'in').forEach((m) => show('in', m.bytes)),
        event: (event) => {
          if (event.type === 'disconnected') {
            closedByPeer = true;
            console.error(`${endpoint.path}: ${event.reason ?? 'disconnected'}`);
          }
        },
      }, backendChoice(values));
    } else {
      sender = await openSender(endpoint, {
        netbios: {
          port: portOption(values.port),
          to: values.to,
          broadcast: values.broadcast,
          workgroup: values.workgroup,
          name: values.name,
          sourcePort: portOption(values['source-port'], 'source-port'),
        },
      }, backendChoice(values));
    }

    let interrupted = false;
    const interrupt = () => (interrupted = true);
    process.once('SIGINT', interrupt);
    let sent = 0;
    const turn = Math.max(1, Math.min(WRITE_TURN, Math.floor(WRITE_TURN_BYTES / Math.max(1, payload.length))));
    let inFlight = 0;
    let waiting: { level: number; resolve(): void } | undefined;
    const finished = () => {
      inFlight--;
      if (waiting && inFlight <= waiting.level) {
        waiting.resolve();
        waiting = undefined;
      }
    };
    const atMost = (level: number) => (inFlight <= level ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { level, resolve })));
    let failure: unknown;
    // The same two handlers for every message: nothing made per message but the send's own promise.
    const onSent = () => {
      try {
        show('out', payload);
      } finally {
        finished();
      }
    };
    const onFailed = (err: unknown) => {
      failure ??= err;
      finished();
    };
    try {
      while (sent < count && !interrupted && !closedByPeer && failure === undefined) {
        inFlight++;
        sender.send(payload).then(onSent, onFailed);
        sent++;
        // End the turn: its writes go out together, and the loop goes on once a turn's worth has finished.
        if (sent % turn === 0) await atMost(turn);
        if (repeat && sent < count) {
          await atMost(0);
          await sleepUnless(repeat * 1000, () => interrupted || closedByPeer);
        }
      }
      await atMost(0);
      if (failure !== undefined) throw failure;
      if (endpoint.kind === 'pipe' && linger) await sleepUnless(linger, () => closedByPeer);
    } finally {
      process.off('SIGINT', interrupt);
      await sender.close();
    }
    console.error(`sent ${sent} message${sent === 1 ? '' : 's'} of ${payload.length} bytes to ${endpoint.path}`);
    return 0;
  },
};

function sleepUnless(ms: number, cancelled: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const tick = () => (cancelled() || Date.now() - started >= ms ? resolve() : setTimeout(tick, Math.min(100, ms - (Date.now() - started))));
    tick();
  });
}
