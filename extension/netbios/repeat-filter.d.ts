/**
 * Recognises a datagram seen moments ago: the same source and datagram id with the same bytes
 * (nmbd, for one, answers broadcasts twice). Bounded in time and size. Pure.
 *
 * A watcher checks every datagram, so nothing here allocates per datagram: the datagrams remembered
 * sit in a ring in arrival order (numbers in typed arrays, the bytes referred to where they already
 * lie), found through a hash table whose buckets chain ring positions.
 */
export declare class RepeatFilter {
    private readonly windowMs;
    private readonly limit;
    /** The ring, in arrival order: `head` is the oldest, `count` entries follow (some may be replaced). */
    private source;
    private portAndId;
    private time;
    private holder;
    private start;
    private length;
    private head;
    private count;
    /** The first ring position of each hash bucket, and the next one in the same bucket (EMPTY: none). */
    private buckets;
    /** Buckets are picked by the top bits of a multiplicative hash. */
    private bucketShift;
    private next;
    private bucket;
    /** The `now` of the last expiry: a datagram in the same millisecond has nothing more to expire. */
    private expiredAt;
    /** @param windowMs how long a datagram counts as a repeat; @param limit datagrams remembered at most. */
    constructor(windowMs?: number, limit?: number);
    /**
     * True when this datagram repeats one seen within the window (and should be dropped): from IPv4
     * `address` (as a 32-bit number) and `port`, with datagram `id`, its `length` bytes at `start` in
     * `holder`. They are remembered where they are, so they must not change afterwards.
     */
    isRepeatFrom(address: number, port: number, id: number, holder: Uint8Array, start: number, length: number, now: number): boolean;
    private check;
    private allocate;
    private expire;
    /** Forgets the oldest entry in the ring (one already replaced is only skipped). */
    private dropOldest;
    /** Takes an entry out of its bucket's chain; it stays in the ring, marked replaced, until its turn to go. */
    private unlink;
    private sameBytes;
    private bucketOf;
}
