/**
 * Structs Slotpipe knows without a header: the discovery message of the classic mailslot
 * client/server sample (its `ms_protocol.h`), plus a few Windows structs that appear in messages.
 */
export const BUILTIN_HEADER_NAME = '<built-in>';

export const BUILTIN_HEADER = `
#define MS_MESSAGE_ID 0xaabbccdd

typedef struct _MS_MESSAGE_ {
    DWORD msg_id;       // MS_MESSAGE_ID
    char  ipStr[20];    // Server IP (string format)
    DWORD ip;           // Server IP (numeric format)
    UINT  port;         // Server PORT
} MS_MESSAGE;

typedef struct _GUID {
    DWORD Data1;
    WORD  Data2;
    WORD  Data3;
    BYTE  Data4[8];
} GUID;

typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME;

typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME;
`;
