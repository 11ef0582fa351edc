import { type NetbiosName } from './netbios-name';
export declare const NAME_SERVICE_PORT = 137;
export interface ResolveOptions {
    /** Where the query goes: a broadcast address, or a name server's address. */
    address: string;
    port?: number;
    /** The whole wait, in ms (default 3000); the query is repeated three times within it. */
    timeout?: number;
    broadcast?: boolean;
}
export declare function resolveNetbiosName(name: NetbiosName, options: ResolveOptions): Promise<string>;
