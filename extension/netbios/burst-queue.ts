/**
 * Datagrams are taken off the socket as they come and decoded a few at a time, between reads: during a
 * burst the socket then empties at the pace of a bare receive, and what the kernel would have dropped
 * once its receive buffer filled waits here instead. Bounded by bytes; past that a datagram is counted as
 * dropped, never lost silently. Pure (the backend says when the next slice runs).
 */
export const SLICE = 8;
export const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

export type HandleDatagram<T> = (datagram: T, address: string, port: number, time: number) => void;

export class BurstQueue<T extends Uint8Array> {
  private datagrams: T[] = [];
  private addresses: string[] = [];
  private ports: number[] = [];
  private times: number[] = [];
  private head = 0;
  private bytes = 0;
  private scheduled = false;
  /** Datagrams dropped because the queue was full. */
  dropped = 0;

  constructor(
    private readonly handle: HandleDatagram<T>,
    private readonly schedule: (run: () => void) => void,
    private readonly maxBytes = MAX_QUEUED_BYTES,
  ) {}

  /** Takes a datagram in (it must not be written to afterwards); false when it was dropped. */
  push(datagram: T, address: string, port: number, time: number): boolean {
    if (this.bytes + datagram.length > this.maxBytes) {
      this.dropped++;
      return false;
    }
    this.datagrams.push(datagram);
    this.addresses.push(address);
    this.ports.push(port);
    this.times.push(time);
    this.bytes += datagram.length;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.slice());
    }
    return true;
  }

  get length(): number {
    return this.datagrams.length - this.head;
  }

  /** Handles everything waiting, now (before a stop). */
  drain(): void {
    this.run(this.length);
  }

  private slice(): void {
    this.scheduled = false;
    this.run(SLICE);
    if (this.length && !this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.slice());
    }
  }

  private run(count: number): void {
    const end = Math.min(this.datagrams.length, this.head + count);
    while (this.head < end) {
      const i = this.head++;
      const datagram = this.datagrams[i];
      this.bytes -= datagram.length;
      this.handle(datagram, this.addresses[i], this.ports[i], this.times[i]);
    }
    if (this.head === this.datagrams.length) {
      this.datagrams = [];
      this.addresses = [];
      this.ports = [];
      this.times = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.datagrams.length) {
      this.datagrams = this.datagrams.slice(this.head);
      this.addresses = this.addresses.slice(this.head);
      this.ports = this.ports.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
