/* The discovery message of the classic mailslot client/server sample: the server broadcasts it
   every second to \\*\mailslot\@_MSClient_@. */
#ifndef MS_PROTOCOL_H
#define MS_PROTOCOL_H

#define MS_MESSAGE_ID 0xaabbccdd

typedef struct _MS_MESSAGE_ {
    DWORD msg_id;       // MS_MESSAGE_ID
    char  ipStr[20];    // Server IP (string format)
    DWORD ip;           // Server IP (numeric format)
    UINT  port;         // Server PORT
} MS_MESSAGE;

#endif
