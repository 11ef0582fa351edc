import type { PipeInfo } from '../core/backend';
export declare function listPipes(): Promise<PipeInfo[]>;
