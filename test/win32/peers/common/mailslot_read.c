#include "mailslot_read.h"

#include <stdlib.h>

#include "peer.h"

int mailslot_read_loop(const char *default_name, OnMessage on_message) {
  const char *name = opt_text("name", default_name);
  long count = opt_number("count", 0);
  long poll = opt_number("poll", 500);
  HANDLE slot = CreateMailslotA(name, (DWORD)opt_number("max-size", 0), 0, NULL);
  if (slot == INVALID_HANDLE_VALUE) return fail("CreateMailslot");
  emit("READY");
  long handled = 0;
  while (count == 0 || handled < count) {
    DWORD next_size = 0, waiting = 0;
    if (!GetMailslotInfo(slot, NULL, &next_size, &waiting, NULL)) {
      int code = fail("GetMailslotInfo");
      CloseHandle(slot);
      return code;
    }
    /* The next size, not the count: Wine's count can be behind. */
    if (next_size == MAILSLOT_NO_MESSAGE) {
      Sleep((DWORD)poll);
      continue;
    }
    unsigned char *buffer = malloc(next_size ? next_size : 1);
    DWORD read = 0;
    if (!ReadFile(slot, buffer, next_size, &read, NULL)) {
      free(buffer);
      int code = fail("ReadFile");
      CloseHandle(slot);
      return code;
    }
    handled += on_message(buffer, read);
    free(buffer);
  }
  CloseHandle(slot);
  return 0;
}
