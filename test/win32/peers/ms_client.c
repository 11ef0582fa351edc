/* ms_client: the finding side of the second seed article's discovery scheme: reads the mailslot the
 * server announces on and prints each announcement.
 *   ms_client [--name \\.\mailslot\@_MSClient_@] [--count N] [--poll MS] [--max-size N]
 * Prints READY, then `FOUND <ipStr> <ip as a.b.c.d> <port>` for each valid MS_MESSAGE (--count counts
 * these) and `IGNORED <len> <hex>` for anything else that arrives. */
#include <string.h>

#include "mailslot_read.h"
#include "ms_message.h"
#include "peer.h"

static int on_announcement(const unsigned char *bytes, DWORD length) {
  MS_MESSAGE message;
  if (length != sizeof message) {
    emit_bytes("IGNORED", bytes, length);
    return 0;
  }
  memcpy(&message, bytes, sizeof message);
  if (message.msg_id != MS_MESSAGE_ID || !memchr(message.ipStr, 0, sizeof message.ipStr)) {
    emit_bytes("IGNORED", bytes, length);
    return 0;
  }
  emit("FOUND %s %lu.%lu.%lu.%lu %u", message.ipStr, message.ip & 0xff, message.ip >> 8 & 0xff,
       message.ip >> 16 & 0xff, message.ip >> 24, message.port);
  return 1;
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {MAILSLOT_READ_OPTIONS, {NULL, 0}};
  peer_start(argc, argv, options, "ms_client [--name \\\\.\\mailslot\\@_MSClient_@] [--count N] [--poll MS] [--max-size N]");
  return mailslot_read_loop("\\\\.\\mailslot\\" MS_DEFAULT_MAILSLOT, on_announcement);
}
