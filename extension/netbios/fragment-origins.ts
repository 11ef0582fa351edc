/**
 * Which mailslot a fragmented datagram is for: only its first fragment carries the SMB header that
 * names it, so the first fragment's mailslot is remembered by sender and datagram id and given to the
 * fragments that follow. A watcher of one mailslot then shows the continuation beside its first part
 * instead of dropping it. Bounded: the oldest ids are forgotten first. Pure.
 */
import type { MailslotDatagram } from './mailslot-datagram';

const REMEMBERED = 256;

export class FragmentOrigins {
  private readonly mailslots = new Map<string, string>();

  /** The mailslot this datagram is for: its own, or for a continuation fragment its first fragment's ('' if unknown). */
  follow(decoded: MailslotDatagram): string {
    const { datagram } = decoded;
    if (!datagram.fragment) return decoded.mailslot;
    const key = `${datagram.sourceIp}:${datagram.sourcePort}:${datagram.id}`;
    if (datagram.first) {
      this.mailslots.delete(key);
      this.mailslots.set(key, decoded.mailslot);
      if (this.mailslots.size > REMEMBERED) this.mailslots.delete(this.mailslots.keys().next().value!);
      return decoded.mailslot;
    }
    const mailslot = this.mailslots.get(key) ?? '';
    if (!datagram.more) this.mailslots.delete(key);
    return mailslot;
  }
}
