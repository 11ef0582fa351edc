/* ms_server: the announcing side of the second seed article's discovery scheme.
 *   ms_server [--name \\*\mailslot\@_MSClient_@] [--ip A.B.C.D] [--port P] [--count N] [--interval MS] [--listen]
 * Writes the 32-byte MS_MESSAGE (common/ms_message.h) for --ip (default 127.0.0.1) and --port (default
 * 5000) every --interval ms (default the seed's 1000). Events as sms_send: READY, WROTE, SENT, ERROR.
 * With --listen it also serves TCP on --ip:--port before announcing, as the seed's server does, and
 * answers each client's "ping" (common/ping_server.h); it then keeps serving after the last announcement
 * until killed. Under Wine only \\.\mailslot\ names work, so tests pass --name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms_message.h"
#include "peer.h"
#include "ping_server.h"
#include "write_loop.h"

static MS_MESSAGE announcement;

static void prepare_announcement(void) {
  const char *ip = opt_text("ip", "127.0.0.1");
  unsigned a, b, c, d;
  char rest;
  if (sscanf(ip, "%u.%u.%u.%u%c", &a, &b, &c, &d, &rest) != 4 || a > 255 || b > 255 || c > 255 || d > 255 ||
      strlen(ip) >= sizeof announcement.ipStr)
    usage_error("--ip must be a dotted IPv4 address, got \"%s\"", ip);
  long port = opt_number("port", 5000);
  if (port > 65535) usage_error("--port must be at most 65535, got %ld", port);
  announcement.msg_id = MS_MESSAGE_ID;
  strcpy(announcement.ipStr, ip);
  announcement.ip = a | b << 8 | c << 16 | (DWORD)d << 24;
  announcement.port = (UINT)port;
}

static Payload announce(long n, const char *default_text) {
  (void)n;
  (void)default_text;
  Payload payload = {malloc(sizeof announcement), sizeof announcement};
  memcpy(payload.bytes, &announcement, sizeof announcement);
  return payload;
}

int main(int argc, char **argv) {
  static const PeerOption options[] = {{"name", 1}, {"ip", 1}, {"port", 1}, {"listen", 0}, WRITE_LOOP_OPTIONS, {NULL, 0}};
  peer_start(argc, argv, options,
             "ms_server [--name \\\\*\\mailslot\\@_MSClient_@] [--ip A.B.C.D] [--port P] [--count N] [--interval MS] [--listen]");
  prepare_announcement();
  int listening = opt_flag("listen");
  if (listening && ping_server_start(announcement.ipStr, (unsigned short)announcement.port)) return 1;
  const char *name = opt_text("name", "\\\\*\\mailslot\\" MS_DEFAULT_MAILSLOT);
  int code = write_mailslot(name, 1000, NULL, announce);
  /* The announcements are done; the TCP server keeps answering until the program is killed. */
  while (listening && code == 0) Sleep(INFINITE);
  return code;
}
