/* The discovery message of the second seed article (ms_protocol.h there): a server announces where
 * clients find it, 32 bytes, little-endian. `ip` holds the address as inet_addr() returns it (the
 * bytes in memory are a, b, c, d for a.b.c.d); `port` is a plain number. */
#ifndef SLOTPIPE_MS_MESSAGE_H
#define SLOTPIPE_MS_MESSAGE_H

#include <windows.h>

#define MS_MESSAGE_ID 0xaabbccddu
#define MS_DEFAULT_MAILSLOT "@_MSClient_@"

typedef struct {
  DWORD msg_id;
  char ipStr[20];
  DWORD ip;
  UINT port;
} MS_MESSAGE;

_Static_assert(sizeof(MS_MESSAGE) == 32, "MS_MESSAGE must stay 32 bytes, as on the wire");

#endif
