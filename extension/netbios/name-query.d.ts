/**
 * The NetBIOS name query of the Name Service (RFC 1002 §4.2.12-4.2.14, UDP 137): the request that asks
 * "who has NAME<00>?" and the positive or negative response with the addresses. Pure.
 */
import { type NetbiosName } from './netbios-name';
export declare function encodeNameQuery(id: number, name: NetbiosName, broadcast: boolean): Uint8Array;
export type NameQueryResponse = {
    ok: true;
    id: number;
    name: NetbiosName;
    addresses: {
        address: string;
        group: boolean;
    }[];
} | {
    ok: false;
    id: number;
    reason: string;
};
/** Reads a name query response; `undefined` when the packet is not one (a request, another opcode). */
export declare function decodeNameQueryResponse(bytes: Uint8Array): NameQueryResponse | undefined;
