/* The bytes a sending peer writes, chosen on the command line:
 *   --text T    the characters of T (ANSI), where every "{n}" becomes the message number (1, 2, ...);
 *               --nul adds the terminating zero byte the seed programs send (strlen + 1)
 *   --hex H     exactly these bytes
 *   --size N    N bytes where byte i of message n is (i + n) & 0xff
 * With none of them, the program's own default text (with its zero byte, as in the seed). */
#ifndef SLOTPIPE_PAYLOAD_H
#define SLOTPIPE_PAYLOAD_H

#include <windows.h>

#define PAYLOAD_OPTIONS {"text", 1}, {"hex", 1}, {"size", 1}, {"nul", 0}

typedef struct {
  unsigned char *bytes;
  DWORD length;
} Payload;

/* The payload of message number n (1-based); free it with payload_free. */
Payload payload_for(long n, const char *default_text);
void payload_free(Payload payload);

#endif
