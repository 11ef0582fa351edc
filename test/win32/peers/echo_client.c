/* echo_client: a client of an echoing pipe server that checks every reply.
 *   echo_client [--name \\.\pipe\echo] [--count N] [--size N] [--tag T] [--interval MS] [--go-file PATH] [--byte]
 * Connects (waiting while every instance is busy), prints `CONNECTED <pid of the process serving it>`
 * (GetNamedPipeServerProcessId: the real server, or an interposer), then, once PATH exists (with
 * --go-file), sends --count messages (default 50) and reads each reply. Message n is --tag (default the
 * client's pid), a space, n, a space, then filler bytes up to --size (default 64) where byte i is (i*7+n)&0xff.
 * A reply that differs in any byte prints `MISMATCH <n>`. Ends with `DONE <sent> <replies intact>`,
 * exit 0 when every reply was intact. --byte reads byte-mode replies until the whole message is back.
 *   --timing   also prints `TIMING <p50 ns> <p99 ns> <elapsed ns>`: each round trip from before WriteFile to its
 *              whole reply read (QueryPerformanceCounter), and all of them from the first write to the last reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe_read.h"
#include "peer.h"

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double now_ns(void) {
  static LARGE_INTEGER frequency;
  if (!frequency.QuadPart) QueryPerformanceFrequency(&frequency);
  LARGE_INTEGER now;
  QueryPerformanceCounter(&now);
  return (double)now.QuadPart * 1e9 / (double)frequency.QuadPart;
}

static HANDLE open_pipe(const char *name) {
  for (int tries = 0;; tries++) {
    HANDLE pipe = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe != INVALID_HANDLE_VALUE || GetLastError() != ERROR_PIPE_BUSY || tries == 100) return pipe;
    WaitNamedPipeA(name, 100);
  }
}

static void wait_for_file(const char *path) {
  for (int waited = 0; waited < 60000 && GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES; waited += 20) Sleep(20);
}

static DWORD make_message(unsigned char *out, DWORD size, const char *tag, long n) {
  int head = snprintf((char *)out, size, "%s %ld ", tag, n);
  DWORD length = head < 0 ? 0 : (DWORD)head >= size ? size : (DWORD)head;
  for (DWORD i = length; i < size; i++) out[i] = (unsigned char)((i * 7 + (DWORD)n) & 0xff);
  return size > length ? size : length;
}

/* Reads the reply to a message of `length` bytes: one message, or in byte mode reads until that many came. */
static BOOL read_reply(HANDLE pipe, int byte_mode, DWORD length, unsigned char *reply, DWORD *got) {
  *got = 0;
  if (!byte_mode) {
    Payload message;
    if (!pipe_read_message(pipe, 4096, &message)) return FALSE;
    DWORD n = message.length < length + 1 ? message.length : length + 1;
    memcpy(reply, message.bytes, n);
    *got = message.length;
    payload_free(message);
    return TRUE;
  }
  while (*got < length) {
    DWORD read = 0;
    if (!ReadFile(pipe, reply + *got, length - *got, &read, NULL)) return FALSE;
    *got += read;
  }
  return TRUE;
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"name", 1}, {"count", 1}, {"size", 1}, {"tag", 1}, {"interval", 1},
                                       {"go-file", 1}, {"byte", 0}, {"timing", 0}, {NULL, 0}};
  peer_start(argc, argv, options,
             "echo_client [--name \\\\.\\pipe\\echo] [--count N] [--size N] [--tag T] [--interval MS] [--go-file PATH] [--byte] [--timing]");
  const char *name = opt_text("name", "\\\\.\\pipe\\echo");
  long count = opt_number("count", 50);
  DWORD size = (DWORD)opt_number("size", 64);
  if (size < 1 || size > 1 << 20) usage_error("--size must be 1 to 1048576");
  char own_tag[32];
  snprintf(own_tag, sizeof own_tag, "%lu", GetCurrentProcessId());
  const char *tag = opt_text("tag", own_tag);
  int byte_mode = opt_flag("byte");

  HANDLE pipe = open_pipe(name);
  if (pipe == INVALID_HANDLE_VALUE) return fail("CreateFile");
  if (!byte_mode) {
    DWORD mode = PIPE_READMODE_MESSAGE;
    if (!SetNamedPipeHandleState(pipe, &mode, NULL, NULL)) return fail("SetNamedPipeHandleState");
  }
  ULONG server = 0;
  GetNamedPipeServerProcessId(pipe, &server);
  emit("CONNECTED %lu", server);
  if (opt_flag("go-file")) wait_for_file(opt_text("go-file", ""));

  DWORD capacity = size + 64;
  unsigned char *message = malloc(capacity);
  unsigned char *reply = malloc(capacity + 1);
  long intact = 0;
  long sent = 0;
  double *round_trips = malloc(sizeof(double) * (size_t)(count ? count : 1));
  double first = now_ns();
  for (long n = 1; n <= count; n++) {
    DWORD length = make_message(message, size, tag, n);
    double started = now_ns();
    DWORD written = 0;
    if (!WriteFile(pipe, message, length, &written, NULL) || written != length) {
      fail("WriteFile");
      break;
    }
    sent++;
    DWORD got = 0;
    if (!read_reply(pipe, byte_mode, length, reply, &got)) {
      fail("ReadFile");
      break;
    }
    round_trips[sent - 1] = now_ns() - started;
    if (got == length && memcmp(reply, message, length) == 0) intact++;
    else emit("MISMATCH %ld", n);
    if (opt_flag("interval")) Sleep((DWORD)opt_number("interval", 0));
  }
  if (opt_flag("timing") && sent) {
    double elapsed = now_ns() - first;
    qsort(round_trips, (size_t)sent, sizeof(double), by_value);
    emit("TIMING %.0f %.0f %.0f", round_trips[(sent - 1) / 2], round_trips[(size_t)((double)sent * 0.99 < sent - 1 ? (double)sent * 0.99 : sent - 1)], elapsed);
  }
  free(round_trips);
  emit("DONE %ld %ld", sent, intact);
  CloseHandle(pipe);
  free(message);
  free(reply);
  return intact == count ? 0 : 1;
}
