#include "peer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int arg_count;
static char **args;
static const char *usage_text;

void usage_error(const char *format, ...) {
  va_list list;
  va_start(list, format);
  fputs("usage error: ", stderr);
  vfprintf(stderr, format, list);
  va_end(list);
  fprintf(stderr, "\nusage: %s\n", usage_text);
  exit(2);
}

static const PeerOption *find_option(const PeerOption *options, const char *name) {
  for (; options->name; options++)
    if (strcmp(options->name, name) == 0) return options;
  return NULL;
}

void peer_start(int argc, char **argv, const PeerOption *options, const char *usage) {
  arg_count = argc;
  args = argv;
  usage_text = usage;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 1; i < argc; i++) {
    if (strncmp(argv[i], "--", 2) != 0) usage_error("unexpected argument \"%s\"", argv[i]);
    const PeerOption *option = find_option(options, argv[i] + 2);
    if (!option) usage_error("unknown option %s", argv[i]);
    if (option->takes_value && ++i >= argc) usage_error("%s needs a value", argv[i - 1]);
  }
}

/* The value after the last `--name`, so a later option overrides an earlier one. */
static const char *find_value(const char *name) {
  const char *value = NULL;
  for (int i = 1; i + 1 < arg_count; i++)
    if (strncmp(args[i], "--", 2) == 0 && strcmp(args[i] + 2, name) == 0) value = args[++i];
  return value;
}

const char *opt_text(const char *name, const char *fallback) {
  const char *value = find_value(name);
  return value ? value : fallback;
}

long opt_number(const char *name, long fallback) {
  const char *value = find_value(name);
  if (!value) return fallback;
  char *end;
  long number = strtol(value, &end, 10);
  if (*value == '\0' || *end != '\0' || number < 0) usage_error("--%s must be a non-negative integer, got \"%s\"", name, value);
  return number;
}

int opt_flag(const char *name) {
  for (int i = 1; i < arg_count; i++)
    if (strncmp(args[i], "--", 2) == 0 && strcmp(args[i] + 2, name) == 0) return 1;
  return 0;
}

void emit(const char *format, ...) {
  va_list list;
  va_start(list, format);
  int length = vsnprintf(NULL, 0, format, list);
  va_end(list);
  char *line = malloc((size_t)length + 2);
  va_start(list, format);
  vsnprintf(line, (size_t)length + 1, format, list);
  va_end(list);
  line[length] = '\n';
  /* One write per line: a program's threads (ms_server --listen) never mix their lines. */
  fwrite(line, 1, (size_t)length + 1, stdout);
  fflush(stdout);
  free(line);
}

void emit_bytes(const char *tag, const unsigned char *bytes, DWORD length) {
  static const char digits[] = "0123456789abcdef";
  char *hex = malloc(length * 2 + 1);
  for (DWORD i = 0; i < length; i++) {
    hex[i * 2] = digits[bytes[i] >> 4];
    hex[i * 2 + 1] = digits[bytes[i] & 15];
  }
  hex[length * 2] = '\0';
  emit("%s %lu %s", tag, (unsigned long)length, hex);
  free(hex);
}

int fail(const char *call) {
  emit("ERROR %lu %s", (unsigned long)GetLastError(), call);
  return 1;
}
