/* pipe_server: the one-instance message-mode pipe server of the seed's Listing 4, made scriptable.
 *   pipe_server [--name \\.\pipe\ssnp] [--count N] [--clients K] [--byte] [--duplex | --outbound]
 *               [--instances N] [--read-size N] [--pipe-buffer N]
 *               [--text T [--nul] | --hex H | --size N] [--interval MS]      (with --outbound)
 * Inbound (default) and duplex: prints READY, `CONNECTED <client pid>`, `MSG <len> <hex>` per message
 * (pieces of --read-size bytes, default the seed's 80, put back together in message mode); with
 * --duplex each message is echoed back (`REPLIED <len>`). Outbound: writes like sms_send instead.
 * A client that goes away prints DISCONNECTED; the server then waits for the next client until
 * --clients have been served (default 1, 0 = forever). --count N ends after N messages in total. */
#include "pipe_read.h"
#include "peer.h"
#include "write_loop.h"

static long messages_left;

static DWORD open_mode(void) {
  if (opt_flag("duplex")) return PIPE_ACCESS_DUPLEX;
  if (opt_flag("outbound")) return PIPE_ACCESS_OUTBOUND;
  return PIPE_ACCESS_INBOUND;
}

/* Returns 0 when the client went away, 1 when --count was reached, -1 on a failure (already printed). */
static int serve_reads(HANDLE pipe) {
  DWORD chunk = (DWORD)opt_number("read-size", 80);
  if (chunk == 0) usage_error("--read-size must be at least 1");
  for (;;) {
    Payload message;
    if (!pipe_read_message(pipe, chunk, &message)) {
      if (GetLastError() == ERROR_BROKEN_PIPE) return 0;
      fail("ReadFile");
      return -1;
    }
    emit_bytes("MSG", message.bytes, message.length);
    if (opt_flag("duplex")) {
      DWORD written = 0;
      BOOL ok = WriteFile(pipe, message.bytes, message.length, &written, NULL);
      payload_free(message);
      if (!ok) {
        /* A client that went away before its echo is a disconnect, not a server failure. */
        if (GetLastError() == ERROR_NO_DATA || GetLastError() == ERROR_BROKEN_PIPE) return 0;
        fail("WriteFile");
        return -1;
      }
      emit("REPLIED %lu", (unsigned long)written);
    } else {
      payload_free(message);
    }
    if (messages_left > 0 && --messages_left == 0) return 1;
  }
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"name", 1}, {"byte", 0}, {"duplex", 0}, {"outbound", 0}, {"instances", 1},
                                       {"clients", 1}, {"read-size", 1}, {"pipe-buffer", 1}, PAYLOAD_OPTIONS,
                                       WRITE_LOOP_OPTIONS, {NULL, 0}};
  peer_start(argc, argv, options,
             "pipe_server [--name \\\\.\\pipe\\ssnp] [--count N] [--clients K] [--byte] [--duplex | --outbound] "
             "[--instances N] [--read-size N] [--pipe-buffer N] [payload options] [--interval MS]");
  if (opt_flag("duplex") && opt_flag("outbound")) usage_error("--duplex and --outbound exclude each other");
  const char *name = opt_text("name", "\\\\.\\pipe\\ssnp");
  DWORD type = opt_flag("byte") ? PIPE_TYPE_BYTE | PIPE_READMODE_BYTE : PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE;
  long instances = opt_number("instances", 1);
  DWORD buffer = (DWORD)opt_number("pipe-buffer", 4096);
  long clients = opt_number("clients", 1);
  messages_left = opt_flag("outbound") ? 0 : opt_number("count", 0);

  HANDLE pipe = CreateNamedPipeA(name, open_mode(), type | PIPE_WAIT,
                                 instances == 0 || instances > PIPE_UNLIMITED_INSTANCES ? PIPE_UNLIMITED_INSTANCES : (DWORD)instances,
                                 buffer, buffer, 150, NULL);
  if (pipe == INVALID_HANDLE_VALUE) return fail("CreateNamedPipe");
  emit("READY");
  int code = 0;
  for (long served = 0; clients == 0 || served < clients; served++) {
    if (!ConnectNamedPipe(pipe, NULL) && GetLastError() != ERROR_PIPE_CONNECTED) {
      code = fail("ConnectNamedPipe");
      break;
    }
    ULONG pid = 0;
    GetNamedPipeClientProcessId(pipe, &pid);
    emit("CONNECTED %lu", pid);
    int outcome;
    if (opt_flag("outbound")) {
      outcome = write_loop(pipe, 5000, "Test String", NULL, NULL) ? -1 : 1;
      FlushFileBuffers(pipe);
    } else {
      outcome = serve_reads(pipe);
    }
    if (outcome == 0) emit("DISCONNECTED");
    DisconnectNamedPipe(pipe);
    if (outcome != 0) {
      code = outcome < 0 ? 1 : 0;
      break;
    }
  }
  CloseHandle(pipe);
  return code;
}
