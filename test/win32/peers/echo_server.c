/* echo_server: the common shape of a real pipe server: unlimited instances (or --instances N), one
 * thread per client, and a new instance listening as soon as a client has connected.
 *   echo_server [--name \\.\pipe\echo] [--byte] [--instances N] [--first-instance]
 * Prints READY when the first instance listens, `CONNECTED <client pid>` per client, and when a client
 * leaves `GONE <client pid> <messages echoed to it>` followed by `TOTAL <messages echoed to every client>`.
 * Every message is echoed back unchanged (in message mode as one message).
 *   --first-instance  create every instance with FILE_FLAG_FIRST_PIPE_INSTANCE: the server then serves one
 *                     client at a time (close, create again), and its create fails while another process
 *                     holds an instance of the name: it prints `ERROR <code> CreateNamedPipe` and retries
 *                     every 50 ms (printing `LISTENING AGAIN` once it succeeds after a failure). */
#include "pipe_read.h"
#include "peer.h"

static const char *name;
static DWORD pipe_type;
static DWORD max_instances;
static volatile LONG total;

static HANDLE create_instance(DWORD extra) {
  return CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX | extra, pipe_type | PIPE_WAIT, max_instances, 65536, 65536, 150, NULL);
}

/* Echoes until the client leaves; returns how many messages were echoed. */
static long echo(HANDLE pipe) {
  long echoed = 0;
  for (;;) {
    Payload message;
    if (!pipe_read_message(pipe, 4096, &message)) return echoed;
    DWORD written = 0;
    BOOL ok = WriteFile(pipe, message.bytes, message.length, &written, NULL);
    payload_free(message);
    if (!ok) return echoed;
    echoed++;
  }
}

static void finish(HANDLE pipe, ULONG pid, long echoed) {
  LONG now = InterlockedAdd(&total, echoed);
  emit("GONE %lu %ld", pid, echoed);
  emit("TOTAL %ld", (long)now);
  FlushFileBuffers(pipe);
  DisconnectNamedPipe(pipe);
  CloseHandle(pipe);
}

/* Waits for a client and prints `CONNECTED <pid>`; FALSE (GetLastError intact) when the wait failed. */
static BOOL await_client(HANDLE pipe, ULONG *client_pid) {
  if (!ConnectNamedPipe(pipe, NULL) && GetLastError() != ERROR_PIPE_CONNECTED && GetLastError() != ERROR_NO_DATA) return FALSE;
  ULONG pid = 0;
  GetNamedPipeClientProcessId(pipe, &pid);
  emit("CONNECTED %lu", pid);
  if (client_pid) *client_pid = pid;
  return TRUE;
}

static DWORD WINAPI serve_client(LPVOID param) {
  HANDLE pipe = (HANDLE)param;
  ULONG pid = 0;
  GetNamedPipeClientProcessId(pipe, &pid);
  finish(pipe, pid, echo(pipe));
  return 0;
}

static int thread_per_client(void) {
  HANDLE pipe = create_instance(0);
  if (pipe == INVALID_HANDLE_VALUE) return fail("CreateNamedPipe");
  emit("READY");
  for (;;) {
    if (!await_client(pipe, NULL)) return fail("ConnectNamedPipe");
    HANDLE client = pipe;
    /* The next instance listens before this client is served, as real servers do. */
    pipe = create_instance(0);
    if (pipe == INVALID_HANDLE_VALUE) return fail("CreateNamedPipe");
    HANDLE thread = CreateThread(NULL, 0, serve_client, client, 0, NULL);
    if (!thread) return fail("CreateThread");
    CloseHandle(thread);
  }
}

static int one_at_a_time(void) {
  int failed = 0;
  for (int first = 1;; first = 0) {
    HANDLE pipe = create_instance(FILE_FLAG_FIRST_PIPE_INSTANCE);
    if (pipe == INVALID_HANDLE_VALUE) {
      if (!failed) fail("CreateNamedPipe");
      failed = 1;
      Sleep(50);
      first = 1;
      continue;
    }
    if (failed) emit("LISTENING AGAIN");
    failed = 0;
    if (first) emit("READY");
    ULONG pid = 0;
    if (!await_client(pipe, &pid)) return fail("ConnectNamedPipe");
    finish(pipe, pid, echo(pipe));
  }
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"name", 1}, {"byte", 0}, {"instances", 1}, {"first-instance", 0}, {NULL, 0}};
  peer_start(argc, argv, options, "echo_server [--name \\\\.\\pipe\\echo] [--byte] [--instances N] [--first-instance]");
  name = opt_text("name", "\\\\.\\pipe\\echo");
  pipe_type = opt_flag("byte") ? PIPE_TYPE_BYTE | PIPE_READMODE_BYTE : PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE;
  long instances = opt_number("instances", 0);
  max_instances = instances == 0 || instances >= PIPE_UNLIMITED_INSTANCES ? PIPE_UNLIMITED_INSTANCES : (DWORD)instances;
  return opt_flag("first-instance") ? one_at_a_time() : thread_per_client();
}
