/* The command line and output conventions every Slotpipe test peer shares.
 *
 * Options are `--name value` pairs or bare `--flag`s; an unknown option is a usage error (exit 2).
 * Output is one line per event on stdout, flushed at once so a test can follow it live:
 *   READY                     the endpoint exists (mailslot created, pipe instance waiting, ...)
 *   MSG <len> <hex>           a whole message arrived
 *   ERROR <code> <call>       a Win32 call failed with GetLastError() = code (the program then exits 1)
 * and program-specific events documented in each program. */
#ifndef SLOTPIPE_PEER_H
#define SLOTPIPE_PEER_H

#include <windows.h>

/* One option the program accepts: `takes_value` 0 for a flag. */
typedef struct {
  const char *name;
  int takes_value;
} PeerOption;

/* Checks argv against the options (usage error on anything else) and makes stdout unbuffered. */
void peer_start(int argc, char **argv, const PeerOption *options, const char *usage);
const char *opt_text(const char *name, const char *fallback);
/* A non-negative integer option; anything else is a usage error naming the option. */
long opt_number(const char *name, long fallback);
int opt_flag(const char *name);

/* printf to stdout with a newline, flushed. */
void emit(const char *format, ...);
/* `<tag> <len> <hex>` */
void emit_bytes(const char *tag, const unsigned char *bytes, DWORD length);
/* Prints `ERROR <GetLastError()> <call>` and returns 1 (the exit code for a Win32 failure). */
int fail(const char *call);
/* Prints a usage error to stderr and exits 2. */
void usage_error(const char *format, ...);

#endif
