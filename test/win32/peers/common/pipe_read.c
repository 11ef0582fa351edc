#include "pipe_read.h"

#include <stdlib.h>

BOOL pipe_read_message(HANDLE pipe, DWORD chunk, Payload *message) {
  DWORD capacity = chunk;
  message->bytes = malloc(capacity);
  message->length = 0;
  for (;;) {
    if (capacity - message->length < chunk) {
      capacity = capacity * 2 + chunk;
      message->bytes = realloc(message->bytes, capacity);
    }
    DWORD read = 0;
    BOOL ok = ReadFile(pipe, message->bytes + message->length, chunk, &read, NULL);
    message->length += read;
    if (ok) return TRUE;
    DWORD error = GetLastError();
    if (error != ERROR_MORE_DATA) {
      free(message->bytes);
      message->bytes = NULL;
      SetLastError(error);
      return FALSE;
    }
  }
}
