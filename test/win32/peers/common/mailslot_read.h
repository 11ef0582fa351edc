/* Listing 1's reader: create a mailslot, then poll GetMailslotInfo and read each waiting message with
 * a buffer of exactly its size (under Wine a short buffer silently drops the rest of a message).
 * Options: --name, --max-size N (CreateMailslot's limit, 0 = any), --poll MS (the seed's 500),
 * --count N (exit 0 after N messages handled; 0 = until killed). Events: READY, then per message
 * whatever the handler prints; `ERROR 183 CreateMailslot` when another process owns the name. */
#ifndef SLOTPIPE_MAILSLOT_READ_H
#define SLOTPIPE_MAILSLOT_READ_H

#include <windows.h>

#define MAILSLOT_READ_OPTIONS {"name", 1}, {"max-size", 1}, {"poll", 1}, {"count", 1}

/* Handles one message; returns 1 when it counts towards --count. */
typedef int (*OnMessage)(const unsigned char *bytes, DWORD length);

/* Returns the exit code. */
int mailslot_read_loop(const char *default_name, OnMessage on_message);

#endif
