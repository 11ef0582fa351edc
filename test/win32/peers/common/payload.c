#include "payload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peer.h"

static Payload from_text(const char *text, long n, int with_nul) {
  char number[24];
  snprintf(number, sizeof number, "%ld", n);
  size_t capacity = strlen(text) * (strlen(number) + 1) + 2;
  Payload payload = {malloc(capacity), 0};
  for (const char *c = text; *c;) {
    if (strncmp(c, "{n}", 3) == 0) {
      memcpy(payload.bytes + payload.length, number, strlen(number));
      payload.length += strlen(number);
      c += 3;
    } else {
      payload.bytes[payload.length++] = (unsigned char)*c++;
    }
  }
  if (with_nul) payload.bytes[payload.length++] = 0;
  return payload;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static Payload from_hex(const char *hex) {
  size_t digits = strlen(hex);
  if (digits % 2) usage_error("--hex needs an even number of digits");
  Payload payload = {malloc(digits / 2 + 1), (DWORD)(digits / 2)};
  for (size_t i = 0; i < digits; i += 2) {
    int high = hex_digit(hex[i]), low = hex_digit(hex[i + 1]);
    if (high < 0 || low < 0) usage_error("--hex holds a non-hex character near \"%.2s\"", hex + i);
    payload.bytes[i / 2] = (unsigned char)(high << 4 | low);
  }
  return payload;
}

static Payload from_size(long size, long n) {
  Payload payload = {malloc(size + 1), (DWORD)size};
  for (long i = 0; i < size; i++) payload.bytes[i] = (unsigned char)((i + n) & 0xff);
  return payload;
}

Payload payload_for(long n, const char *default_text) {
  const char *hex = opt_text("hex", NULL);
  if (hex) return from_hex(hex);
  long size = opt_number("size", -1);
  if (size >= 0) return from_size(size, n);
  const char *text = opt_text("text", NULL);
  if (text) return from_text(text, n, opt_flag("nul"));
  return from_text(default_text, n, 1);
}

void payload_free(Payload payload) {
  free(payload.bytes);
}
