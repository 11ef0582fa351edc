/* sms_send: the periodic mailslot writer of the seed's Listing 2, made scriptable.
 *   sms_send [--name \\*\mailslot\sms] [--text T [--nul] | --hex H | --size N] [--count N] [--interval MS]
 * Default message: "Test string from <computer name>" with its zero byte, every 5000 ms, until killed.
 * Prints READY once the mailslot is open, `WROTE <len>` per message and `SENT <n>` at the end; a failed
 * open or write prints `ERROR <code> CreateFile|WriteFile` and exits 1. */
#include <stdio.h>

#include "payload.h"
#include "peer.h"
#include "write_loop.h"

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"name", 1}, PAYLOAD_OPTIONS, WRITE_LOOP_OPTIONS, {NULL, 0}};
  peer_start(argc, argv, options,
             "sms_send [--name \\\\*\\mailslot\\sms] [--text T [--nul] | --hex H | --size N] [--count N] [--interval MS]");
  const char *name = opt_text("name", "\\\\*\\mailslot\\sms");
  char computer[MAX_COMPUTERNAME_LENGTH + 1] = "";
  DWORD computer_length = sizeof computer;
  GetComputerNameA(computer, &computer_length);
  char default_text[64];
  snprintf(default_text, sizeof default_text, "Test string from %s", computer);
  return write_mailslot(name, 5000, default_text, NULL);
}
