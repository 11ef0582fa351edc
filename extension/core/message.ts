/** One message as Slotpipe records it. Backends produce these; views and the CLI consume them. */

export type Direction = 'in' | 'out';

/** Who sent or received a message, as far as the transport can tell. */
export interface Peer {
  /** Win32: the pipe client's process id (GetNamedPipeClientProcessId). */
  pid?: number;
  /** Win32: the pipe client's executable path (QueryFullProcessImageNameW). */
  image?: string;
  /** Network origin, e.g. `10.0.0.5:138`. */
  address?: string;
  /** NetBIOS source name, e.g. `HOST<00>`. */
  name?: string;
  /** A backend-local id for one pipe connection (stable while it is connected). */
  connection?: number;
}

/** Bit flags on a message. */
export const MessageFlag = {
  /** The OS gave fewer bytes than the message held (the rest is lost). */
  truncated: 1,
  /** The transport reported it malformed; the bytes are shown as they came. */
  malformed: 2,
  /** The bytes came from the network (NetBIOS) and can be exported as pcapng. */
  network: 4,
} as const;

/** What a backend hands to the traffic log: everything but the log's own numbering. */
export interface RawMessage {
  /** Milliseconds since the Unix epoch (fractional allowed). */
  time: number;
  direction: Direction;
  bytes: Uint8Array;
  peer?: Peer;
  flags?: number;
  /** For network traffic: the whole datagram as it was on the wire (for pcapng export). `bytes` may be a view inside it. */
  wire?: Uint8Array;
  /**
   * Nobody writes to `wire` again, though its buffer may go on filling (a slab of packets): the log keeps
   * that buffer, shared by every message in it, instead of copying each wire.
   */
  wireFrozen?: boolean;
  /**
   * Nobody writes to `bytes` (or the rest of their buffer) again, so the log may keep them without a copy:
   * the buffer is held whole until every message in it is dropped, so it should hold little else.
   */
  unshared?: boolean;
}

export interface TrafficMessage extends RawMessage {
  /** Monotonic, starts at 1, never reused. */
  seq: number;
  watcherId: string;
  /** The endpoint as the user named it, normalised (see endpoint.ts). */
  endpoint: string;
  flags: number;
}
