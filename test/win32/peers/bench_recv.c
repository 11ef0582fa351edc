/* bench_recv: the C baseline receiver of the benchmarks (test/bench/): blocking ReadFile as fast as it
 * goes, counting and timing, printing nothing per message.
 *   bench_recv --mode mailslot|pipe|pipe-byte --name N [--count N] [--bytes B] [--warmup W] [--clients K] [--read-size B] [--latency] [--keep] [--thread]
 * mailslot: CreateMailslot with MAILSLOT_WAIT_FOREVER, one 64 KB ReadFile per message; with --thread the
 * reads run on a second thread while the main thread waits for the end (the shape of Slotpipe's reader).
 * pipe / pipe-byte: a message-mode / byte-mode inbound pipe with K instances (default 1), one thread per
 * instance, each reading 64 KB (--read-size: the pipe's buffer quota too) at a time until its client goes away.
 * Ends after --count messages (or --bytes bytes in byte mode). Prints READY, then
 *   DONE <messages> <bytes> <first-to-last ns> <CPU ns used from READY to DONE, all threads>
 * --warmup W: the first W messages (with --count) or bytes (with --bytes) are read but not counted: it
 * prints WARM once they are in; --count and --bytes include them, DONE leaves them out, and time and
 * CPU start with the first counted read.
 * and with --latency (every message starts with the sender's QueryPerformanceCounter time in ns, see
 * bench_send) also `LATENCY <p50 ns> <p99 ns> <max ns>` measured at the moment ReadFile returned.
 * --keep: every read lands in freshly allocated memory that is kept to the end, as a monitor that keeps
 * every byte must (pipes only); without it one buffer is read into again and again. */
#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"
#include "peer.h"

#define READ_SIZE (64 * 1024)

/* Pipes: bytes per ReadFile and the pipe's buffer quota (--read-size). */
static DWORD pipe_read_size = READ_SIZE;

static long target_count;
static long long target_bytes;
static long long warmup;
static volatile LONG64 messages;
static volatile LONG64 bytes_total;
/* Reads and bytes after the warm-up. */
static volatile LONG64 counted;
static volatile LONG64 counted_bytes;
static volatile LONG64 first_ns;
static volatile LONG64 last_ns;
static long long *latencies;
static HANDLE done_event;
static volatile LONG64 cpu_at_start;
static int keep;

static long long cpu_ns(void);

/* Counts one read; returns 1 once the target is reached. */
static int count_read(const unsigned char *data, DWORD length) {
  long long now = clock_ns();
  LONG64 n = InterlockedIncrement64(&messages);
  LONG64 total = InterlockedAdd64(&bytes_total, length);
  LONG64 seen = target_bytes ? total : n;
  if (seen - (target_bytes ? length : 1) < warmup && seen >= warmup) emit("WARM");
  if (seen <= warmup) return 0;
  InterlockedIncrement64(&counted);
  /* In byte mode the read the warm-up ends in counts with its bytes after the warm-up. */
  InterlockedAdd64(&counted_bytes, target_bytes && seen - length < warmup ? seen - warmup : length);
  if (InterlockedCompareExchange64(&first_ns, now, 0) == 0 && warmup) cpu_at_start = cpu_ns();
  if (latencies && length >= 8 && n <= target_count) latencies[n - 1] = now - *(const long long *)data;
  int reached = target_bytes ? total >= target_bytes : n >= target_count;
  if (reached) {
    last_ns = now;
    SetEvent(done_event);
  }
  return reached;
}

/* User + kernel time of this process so far, in ns (GetProcessTimes counts 100 ns units). */
static long long cpu_ns(void) {
  FILETIME created, exited, kernel, user;
  GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user);
  ULARGE_INTEGER k = {.LowPart = kernel.dwLowDateTime, .HighPart = kernel.dwHighDateTime};
  ULARGE_INTEGER u = {.LowPart = user.dwLowDateTime, .HighPart = user.dwHighDateTime};
  return (long long)(k.QuadPart + u.QuadPart) * 100;
}

static int compare(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

static DWORD WINAPI read_mailslot(LPVOID param) {
  HANDLE slot = (HANDLE)param;
  unsigned char *buffer = malloc(READ_SIZE);
  for (;;) {
    DWORD read = 0;
    if (!ReadFile(slot, buffer, READ_SIZE, &read, NULL)) {
      fail("ReadFile");
      ExitProcess(1);
    }
    if (count_read(buffer, read)) break;
  }
  free(buffer);
  return 0;
}

static DWORD WINAPI serve_instance(LPVOID param) {
  HANDLE pipe = (HANDLE)param;
  unsigned char *buffer = malloc(pipe_read_size);
  for (;;) {
    if (!ConnectNamedPipe(pipe, NULL) && GetLastError() != ERROR_PIPE_CONNECTED) break;
    for (;;) {
      DWORD read = 0;
      /* In message mode a message never exceeds the buffer here; ERROR_MORE_DATA would be a bigger one. */
      if (!ReadFile(pipe, buffer, pipe_read_size, &read, NULL) && GetLastError() != ERROR_MORE_DATA) break;
      if (count_read(buffer, read)) break;
      if (keep) buffer = malloc(pipe_read_size); /* the bytes just read stay where they are */
    }
    DisconnectNamedPipe(pipe);
  }
  free(buffer);
  return 0;
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"mode", 1}, {"name", 1}, {"count", 1}, {"bytes", 1}, {"warmup", 1}, {"clients", 1}, {"read-size", 1}, {"latency", 0}, {"keep", 0}, {"thread", 0}, {NULL, 0}};
  peer_start(argc, argv, options, "bench_recv --mode mailslot|pipe|pipe-byte --name N [--count N] [--bytes B] [--warmup W] [--clients K] [--read-size B] [--latency] [--keep] [--thread]");
  const char *mode = opt_text("mode", "mailslot");
  const char *name = opt_text("name", NULL);
  if (!name) usage_error("--name is required");
  target_count = opt_number("count", 0);
  target_bytes = opt_number("bytes", 0);
  if (!target_count && !target_bytes) usage_error("give --count or --bytes");
  warmup = opt_number("warmup", 0);
  keep = opt_flag("keep");
  long long read_size = opt_number("read-size", READ_SIZE);
  if (read_size < 1 || read_size > 64 * 1024 * 1024) usage_error("--read-size must be 1 to 67108864 bytes");
  pipe_read_size = (DWORD)read_size;
  if (opt_flag("latency")) latencies = calloc(target_count, sizeof *latencies);
  done_event = CreateEventA(NULL, TRUE, FALSE, NULL);

  if (strcmp(mode, "mailslot") == 0) {
    HANDLE slot = CreateMailslotA(name, 0, MAILSLOT_WAIT_FOREVER, NULL);
    if (slot == INVALID_HANDLE_VALUE) return fail("CreateMailslot");
    int threaded = opt_flag("thread");
    cpu_at_start = cpu_ns();
    emit("READY");
    if (threaded) {
      CloseHandle(CreateThread(NULL, 0, read_mailslot, slot, 0, NULL));
      WaitForSingleObject(done_event, INFINITE);
    } else {
      read_mailslot(slot);
    }
    CloseHandle(slot);
  } else {
    int byte_mode = strcmp(mode, "pipe-byte") == 0;
    if (!byte_mode && strcmp(mode, "pipe") != 0) usage_error("--mode must be mailslot, pipe or pipe-byte");
    DWORD type = byte_mode ? PIPE_TYPE_BYTE | PIPE_READMODE_BYTE : PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE;
    long clients = opt_number("clients", 1);
    if (clients < 1) usage_error("--clients must be at least 1");
    for (long i = 0; i < clients; i++) {
      HANDLE pipe = CreateNamedPipeA(name, PIPE_ACCESS_INBOUND, type | PIPE_WAIT, PIPE_UNLIMITED_INSTANCES, pipe_read_size, pipe_read_size, 0, NULL);
      if (pipe == INVALID_HANDLE_VALUE) return fail("CreateNamedPipe");
      CloseHandle(CreateThread(NULL, 0, serve_instance, pipe, 0, NULL));
    }
    cpu_at_start = cpu_ns();
    emit("READY");
    WaitForSingleObject(done_event, INFINITE);
  }
  emit("DONE %lld %lld %lld %lld", (long long)counted, (long long)counted_bytes, (long long)(last_ns - first_ns), cpu_ns() - cpu_at_start);
  if (latencies) {
    long n = messages < target_count ? (long)messages : target_count;
    qsort(latencies, n, sizeof *latencies, compare);
    emit("LATENCY %lld %lld %lld", latencies[n / 2], latencies[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], latencies[n - 1]);
  }
  ExitProcess(0);
}
