/**
 * Which mailslot a fragmented datagram is for: only its first fragment carries the SMB header that
 * names it, so the first fragment's mailslot is remembered by sender and datagram id and given to the
 * fragments that follow. A watcher of one mailslot then shows the continuation beside its first part
 * instead of dropping it. Bounded: the oldest ids are forgotten first. Pure.
 */
import type { MailslotDatagram } from './mailslot-datagram';
export declare class FragmentOrigins {
    private readonly mailslots;
    /** The mailslot this datagram is for: its own, or for a continuation fragment its first fragment's ('' if unknown). */
    follow(decoded: MailslotDatagram): string;
}
