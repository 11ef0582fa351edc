/* pipe_client: the pipe client of the seed's Listing 5, made scriptable.
 *   pipe_client [--name \\.\pipe\ssnp] [--text T [--nul] | --hex H | --size N] [--count N] [--interval MS]
 *               [--message-mode] [--read-replies] [--read-size N] [--crash K] [--wait MS] [--read-only]
 * Opens the pipe (`\\machine\pipe\name`; on ERROR_PIPE_BUSY prints BUSY and waits up to --wait ms,
 * default 5000, with WaitNamedPipe), prints CONNECTED, then writes like sms_send: `WROTE <len>` per
 * message (default "Test String" with its zero byte every 5000 ms) and `SENT <n>`.
 *   --message-mode   switch the handle to PIPE_READMODE_MESSAGE (the server must be a message pipe)
 *   --read-replies   read one message back after each write: `REPLY <len> <hex>`
 *   --crash K        after K messages print CRASH and terminate without closing anything, like a killed client
 *   --read-only      write nothing; print `MSG <len> <hex>` for what the server sends, DISCONNECTED at its end */
#include "pipe_read.h"
#include "peer.h"
#include "write_loop.h"

static DWORD read_size(void) {
  DWORD size = (DWORD)opt_number("read-size", 4096);
  if (size == 0) usage_error("--read-size must be at least 1");
  return size;
}

static HANDLE open_pipe(const char *name, DWORD access) {
  for (;;) {
    HANDLE pipe = CreateFileA(name, access, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (pipe != INVALID_HANDLE_VALUE || GetLastError() != ERROR_PIPE_BUSY) return pipe;
    emit("BUSY");
    if (!WaitNamedPipeA(name, (DWORD)opt_number("wait", 5000))) return INVALID_HANDLE_VALUE;
  }
}

static int after_write(HANDLE pipe, long n) {
  if (opt_flag("read-replies")) {
    Payload reply;
    if (!pipe_read_message(pipe, read_size(), &reply)) return fail("ReadFile");
    emit_bytes("REPLY", reply.bytes, reply.length);
    payload_free(reply);
  }
  if (opt_flag("crash") && n == opt_number("crash", 0)) {
    emit("CRASH");
    TerminateProcess(GetCurrentProcess(), 9);
  }
  return 0;
}

static int read_only(HANDLE pipe) {
  long count = opt_number("count", 0);
  for (long received = 0; count == 0 || received < count; received++) {
    Payload message;
    if (!pipe_read_message(pipe, read_size(), &message)) {
      /* The server closing its end shows as either, depending on whether it disconnected the instance. */
      if (GetLastError() != ERROR_BROKEN_PIPE && GetLastError() != ERROR_PIPE_NOT_CONNECTED) return fail("ReadFile");
      emit("DISCONNECTED");
      return 0;
    }
    emit_bytes("MSG", message.bytes, message.length);
    payload_free(message);
  }
  return 0;
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"name", 1}, PAYLOAD_OPTIONS, WRITE_LOOP_OPTIONS, {"message-mode", 0},
                                       {"read-replies", 0}, {"read-size", 1}, {"crash", 1}, {"wait", 1},
                                       {"read-only", 0}, {NULL, 0}};
  peer_start(argc, argv, options,
             "pipe_client [--name \\\\.\\pipe\\ssnp] [payload options] [--count N] [--interval MS] [--message-mode] "
             "[--read-replies] [--read-size N] [--crash K] [--wait MS] [--read-only]");
  const char *name = opt_text("name", "\\\\.\\pipe\\ssnp");
  int reading_only = opt_flag("read-only");
  DWORD access = reading_only ? GENERIC_READ | FILE_WRITE_ATTRIBUTES
                              : GENERIC_WRITE | (opt_flag("read-replies") ? GENERIC_READ : 0);
  HANDLE pipe = open_pipe(name, access);
  if (pipe == INVALID_HANDLE_VALUE) return fail("CreateFile");
  emit("CONNECTED");
  if (opt_flag("message-mode")) {
    DWORD mode = PIPE_READMODE_MESSAGE;
    if (!SetNamedPipeHandleState(pipe, &mode, NULL, NULL)) {
      int code = fail("SetNamedPipeHandleState");
      CloseHandle(pipe);
      return code;
    }
  }
  int code = reading_only ? read_only(pipe) : write_loop(pipe, 5000, "Test String", NULL, after_write);
  CloseHandle(pipe);
  return code;
}
