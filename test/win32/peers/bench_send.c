/* bench_send: the C baseline sender of the benchmarks (test/bench/): WriteFile as fast as it goes (or
 * at a fixed rate), printing nothing per message.
 *   bench_send --mode mailslot|pipe --name N --count N [--size S] [--clients K] [--rate R] [--stamp]
 * mailslot: CreateFile on the mailslot, --count writes of --size bytes (default 100).
 * pipe: K client connections (default 1), one thread each, writing --count / K messages apiece; the
 * handle is switched to message read mode only when the server is a message pipe (byte pipes take the
 * same writes as a stream).
 * --rate R: R messages per second in all (paced on the clock, not by Sleep alone); 0 = as fast as possible.
 * --stamp: every message starts with the QueryPerformanceCounter time in ns at the WriteFile (bench_clock.h).
 * Prints READY once connected, then DONE <messages> <bytes> <elapsed ns>. */
#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"
#include "peer.h"

static long per_client;
static DWORD size;
static long rate;
static int stamp;
static HANDLE start_event;

static int write_all(HANDLE handle, long count, long stride, long first) {
  unsigned char *message = malloc(size < 8 ? 8 : size);
  for (DWORD i = 0; i < size; i++) message[i] = (unsigned char)('a' + i % 26);
  long long started = clock_ns();
  for (long n = 0; n < count; n++) {
    if (rate) {
      long long due = started + (long long)((first + n * stride) * (1e9 / rate));
      while (clock_ns() < due) {
        long long left = due - clock_ns();
        if (left > 2000000) Sleep(1);
      }
    }
    if (stamp) {
      long long now = clock_ns();
      memcpy(message, &now, sizeof now);
    }
    DWORD written = 0;
    if (!WriteFile(handle, message, size, &written, NULL)) {
      free(message);
      return fail("WriteFile");
    }
  }
  free(message);
  return 0;
}

static DWORD WINAPI client_thread(LPVOID param) {
  HANDLE pipe = (HANDLE)param;
  WaitForSingleObject(start_event, INFINITE);
  return write_all(pipe, per_client, 1, 0);
}

static HANDLE open_pipe(const char *name) {
  for (int attempt = 0; attempt < 500; attempt++) {
    HANDLE pipe = CreateFileA(name, GENERIC_WRITE | FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe != INVALID_HANDLE_VALUE) {
      DWORD flags = 0;
      GetNamedPipeInfo(pipe, &flags, NULL, NULL, NULL);
      if (flags & PIPE_TYPE_MESSAGE) {
        DWORD mode = PIPE_READMODE_MESSAGE;
        SetNamedPipeHandleState(pipe, &mode, NULL, NULL);
      }
      return pipe;
    }
    if (GetLastError() != ERROR_PIPE_BUSY && GetLastError() != ERROR_FILE_NOT_FOUND) break;
    if (!WaitNamedPipeA(name, 100)) Sleep(10);
  }
  return INVALID_HANDLE_VALUE;
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"mode", 1}, {"name", 1}, {"count", 1}, {"size", 1}, {"clients", 1}, {"rate", 1}, {"stamp", 0}, {NULL, 0}};
  peer_start(argc, argv, options, "bench_send --mode mailslot|pipe --name N --count N [--size S] [--clients K] [--rate R] [--stamp]");
  const char *mode = opt_text("mode", "mailslot");
  const char *name = opt_text("name", NULL);
  if (!name) usage_error("--name is required");
  long count = opt_number("count", 0);
  size = (DWORD)opt_number("size", 100);
  rate = opt_number("rate", 0);
  stamp = opt_flag("stamp");
  if (stamp && size < 8) usage_error("--stamp needs --size of at least 8");
  long long started;
  int code = 0;
  if (strcmp(mode, "mailslot") == 0) {
    HANDLE slot = CreateFileA(name, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (slot == INVALID_HANDLE_VALUE) return fail("CreateFile");
    emit("READY");
    started = clock_ns();
    code = write_all(slot, count, 1, 0);
    CloseHandle(slot);
  } else if (strcmp(mode, "pipe") == 0) {
    long clients = opt_number("clients", 1);
    if (clients < 1 || count % clients) usage_error("--clients must be at least 1 and divide --count");
    per_client = count / clients;
    start_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE *threads = calloc(clients, sizeof *threads);
    HANDLE *pipes = calloc(clients, sizeof *pipes);
    for (long i = 0; i < clients; i++) {
      pipes[i] = open_pipe(name);
      if (pipes[i] == INVALID_HANDLE_VALUE) return fail("CreateFile");
      threads[i] = CreateThread(NULL, 0, client_thread, pipes[i], 0, NULL);
    }
    emit("READY");
    started = clock_ns();
    SetEvent(start_event);
    WaitForMultipleObjects((DWORD)clients, threads, TRUE, INFINITE);
    for (long i = 0; i < clients; i++) {
      DWORD exit_code = 0;
      GetExitCodeThread(threads[i], &exit_code);
      if (exit_code) code = 1;
      FlushFileBuffers(pipes[i]);
      CloseHandle(pipes[i]);
    }
  } else {
    usage_error("--mode must be mailslot or pipe");
    return 2;
  }
  emit("DONE %ld %lld %lld", count, (long long)count * size, clock_ns() - started);
  return code;
}
