/**
 * Finds the IPv4 packet inside a captured frame for the link types Slotpipe reads: Ethernet (with
 * VLAN tags), Linux cooked captures v1 and v2, BSD loopback/null, and raw IP. Pure.
 */
export declare const LinkType: {
    readonly null: 0;
    readonly ethernet: 1;
    readonly rawBsd: 12;
    readonly raw: 101;
    readonly loop: 108;
    readonly linuxSll: 113;
    readonly ipv4: 228;
    readonly linuxSll2: 276;
};
export type LinkResult = {
    kind: 'ipv4';
    packet: Uint8Array;
}
/** Not IPv4 (ARP, IPv6, ...): not a mailslot datagram, skipped without a problem. */
 | {
    kind: 'other';
    what: string;
} | {
    kind: 'problem';
    message: string;
};
export declare function ipv4FromFrame(linkType: number, frame: Uint8Array): LinkResult;
