import type { NetbiosSendOptions, Sender } from '../core/backend';
import { type Endpoint } from '../core/endpoint';
import { type NetbiosName } from './netbios-name';
export declare const DEFAULT_WORKGROUP = "WORKGROUP";
export interface DatagramTarget {
    type: number;
    name: NetbiosName;
    address: string;
    port: number;
}
export interface NetbiosSender extends Sender {
    /** Where the datagrams go. */
    readonly target: DatagramTarget;
    /** The name and address each datagram says it comes from. */
    readonly source: {
        name: NetbiosName;
        address: string;
        port: number;
    };
    /** The last datagram sent, as the IPv4 packet it was (for a log entry with MessageFlag.network and `wire`). */
    readonly lastWire: Uint8Array | undefined;
}
/** This computer's NetBIOS name: the host name's first label, upper case, at most 15 characters. */
export declare function defaultNetbiosName(): string;
export declare function openDatagramSender(endpoint: Endpoint, options?: NetbiosSendOptions): Promise<NetbiosSender>;
