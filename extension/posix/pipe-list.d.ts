import type { PipeInfo } from '../core/backend';
export declare function listUnixPipes(directory?: string): Promise<PipeInfo[]>;
