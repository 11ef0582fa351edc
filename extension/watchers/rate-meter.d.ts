export declare class RateMeter {
    private readonly counts;
    private readonly changed;
    private readonly samples;
    private readonly active;
    private timer;
    private readonly rates;
    constructor(counts: () => Map<string, number>, changed: () => void);
    /** Marks a watcher as listening (sampled) or not. */
    track(id: string, listening: boolean): void;
    rate(id: string): number;
    /** Sum over every watcher. */
    total(): number;
    dispose(): void;
    private sample;
}
