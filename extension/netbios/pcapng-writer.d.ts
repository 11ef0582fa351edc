import type { TrafficMessage } from '../core/message';
/** True for messages the export includes. */
export declare function isExportable(message: TrafficMessage): boolean;
export declare function writePcapng(messages: readonly TrafficMessage[]): Uint8Array;
