/**
 * Writes to a mailslot, local, on another computer or broadcast: CreateFileW + WriteFile.
 * A mailslot write only queues a message (or sends one datagram), so it is made directly.
 */
import { type Endpoint } from '../core/endpoint';
import type { Sender } from '../core/backend';
export declare function openMailslotSender(endpoint: Endpoint): Promise<Sender>;
