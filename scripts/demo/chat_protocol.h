/* The demo's chat protocol: every message the chatty client writes to \\.\pipe\slotpipe-demo-chat.
   The client encodes with this header and Slotpipe decodes with it (slotpipe.headers), as an
   application and its monitor would share a protocol header. */
#ifndef CHAT_PROTOCOL_H
#define CHAT_PROTOCOL_H

#define CHAT_LINE_MAGIC 0x54414843

typedef enum _CHAT_KIND {
    CHAT_GREETING = 1,
    CHAT_QUESTION = 2,
    CHAT_STATUS   = 3,
    CHAT_FAREWELL = 4
} CHAT_KIND;

typedef struct _CHAT_LINE {
    DWORD     magic;      // magic: CHAT_LINE_MAGIC ("CHAT" in memory)
    DWORD     seq;        // counts from 1
    CHAT_KIND kind;
    char      text[20];   // NUL-terminated
} CHAT_LINE;

#endif
