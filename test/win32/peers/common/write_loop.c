#include "write_loop.h"

#include "peer.h"

int write_loop(HANDLE handle, long default_interval, const char *default_text, MakeMessage make, AfterWrite after) {
  long count = opt_number("count", 0);
  long interval = opt_number("interval", default_interval);
  long sent = 0;
  for (long n = 1; count == 0 || n <= count; n++) {
    if (n > 1 && interval > 0) Sleep((DWORD)interval);
    Payload message = (make ? make : payload_for)(n, default_text);
    DWORD written = 0;
    BOOL ok = WriteFile(handle, message.bytes, message.length, &written, NULL);
    payload_free(message);
    if (!ok) {
      fail("WriteFile");
      emit("SENT %ld", sent);
      return 1;
    }
    sent++;
    emit("WROTE %lu", (unsigned long)written);
    int stop = after ? after(handle, n) : 0;
    if (stop) return stop;
  }
  emit("SENT %ld", sent);
  return 0;
}

int write_mailslot(const char *name, long default_interval, const char *default_text, MakeMessage make) {
  HANDLE slot = CreateFileA(name, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  if (slot == INVALID_HANDLE_VALUE) return fail("CreateFile");
  emit("READY");
  int code = write_loop(slot, default_interval, default_text, make, NULL);
  CloseHandle(slot);
  return code;
}
