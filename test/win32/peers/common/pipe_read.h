/* Reads one whole message from a pipe in pieces of `chunk` bytes: in message mode ERROR_MORE_DATA
 * means "more of the same message follows", so the pieces are put back together. In byte mode one
 * read is one "message" (whatever was there, up to chunk bytes). */
#ifndef SLOTPIPE_PIPE_READ_H
#define SLOTPIPE_PIPE_READ_H

#include <windows.h>

#include "payload.h"

/* FALSE with GetLastError() intact on failure (ERROR_BROKEN_PIPE when the other end closed). */
BOOL pipe_read_message(HANDLE pipe, DWORD chunk, Payload *message);

#endif
