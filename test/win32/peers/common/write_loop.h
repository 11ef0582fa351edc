/* The sending loop of the seed's senders (Listings 2 and 5, the discovery server): write a message,
 * wait, repeat. Options: --count N (0 = until killed, the seed's behaviour), --interval MS between
 * messages (0 = as fast as possible). Events: `WROTE <len>` per message, `SENT <n>` at the end (also
 * after a failed write, whose `ERROR <code> WriteFile` comes first). */
#ifndef SLOTPIPE_WRITE_LOOP_H
#define SLOTPIPE_WRITE_LOOP_H

#include <windows.h>

#include "payload.h"

#define WRITE_LOOP_OPTIONS {"count", 1}, {"interval", 1}

/* Called after message n was written; a non-zero result ends the loop with that exit code. */
typedef int (*AfterWrite)(HANDLE handle, long n);
/* Builds message n; payload_for unless a program has its own format. */
typedef Payload (*MakeMessage)(long n, const char *default_text);

/* Returns the exit code: 0 when all were written. */
int write_loop(HANDLE handle, long default_interval, const char *default_text, MakeMessage make, AfterWrite after);

/* Listing 2's sender: opens a mailslot with CreateFile (`ERROR <code> CreateFile` on failure), prints
 * READY, and runs write_loop on it. Returns the exit code. */
int write_mailslot(const char *name, long default_interval, const char *default_text, MakeMessage make);

#endif
