/* sms_recv: the polling mailslot reader of the seed's Listing 1, made scriptable.
 *   sms_recv [--name \\.\mailslot\sms] [--count N] [--poll MS] [--max-size N]
 * Prints READY, then `MSG <len> <hex>` for every message (see common/mailslot_read.h). */
#include "mailslot_read.h"
#include "peer.h"

static int print_message(const unsigned char *bytes, DWORD length) {
  emit_bytes("MSG", bytes, length);
  return 1;
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {MAILSLOT_READ_OPTIONS, {NULL, 0}};
  peer_start(argc, argv, options, "sms_recv [--name \\\\.\\mailslot\\sms] [--count N] [--poll MS] [--max-size N]");
  return mailslot_read_loop("\\\\.\\mailslot\\sms", print_message);
}
