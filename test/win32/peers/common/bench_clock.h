/* The benchmarks' clock: QueryPerformanceCounter in nanoseconds, the same scale Node's
 * process.hrtime.bigint() uses on Windows, so a time written by one process can be compared with
 * "now" in another on the same machine. */
#ifndef SLOTPIPE_BENCH_CLOCK_H
#define SLOTPIPE_BENCH_CLOCK_H

long long clock_ns(void);

#endif
