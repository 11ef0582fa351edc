/**
 * Structs Slotpipe knows without a header: the discovery message of the classic mailslot
 * client/server sample (its `ms_protocol.h`), plus the Windows SDK's structs and unions that appear in
 * messages, as <windows.h> declares them (`#include <windows.h>` stands for these).
 */
export const BUILTIN_HEADER_NAME = '<built-in>';

/** The seed's `ms_protocol.h`, as the server and client share it. */
export const MS_PROTOCOL_HEADER = `
#define MS_MESSAGE_ID 0xaabbccdd

typedef struct _MS_MESSAGE_ {
    DWORD msg_id;       // MS_MESSAGE_ID
    char  ipStr[20];    // Server IP (string format)
    DWORD ip;           // Server IP (numeric format)
    UINT  port;         // Server PORT
} MS_MESSAGE;
`;

/** As <windows.h> defines them (the C cross-check compares them with mingw-w64's). */
export const WINDOWS_STRUCTS_HEADER = `
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

typedef union _LARGE_INTEGER {
    struct {
        DWORD LowPart;
        LONG  HighPart;
    } DUMMYSTRUCTNAME;
    struct {
        DWORD LowPart;
        LONG  HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        DWORD LowPart;
        DWORD HighPart;
    } DUMMYSTRUCTNAME;
    struct {
        DWORD LowPart;
        DWORD HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct tagPOINT {
    LONG x;
    LONG y;
} POINT, *PPOINT;

typedef struct tagRECT {
    LONG left;
    LONG top;
    LONG right;
    LONG bottom;
} RECT, *PRECT;
`;

/** Sizes headers use for arrays, as the Windows SDK defines them (<windows.h> is not read). */
export const WINDOWS_CONSTANTS_HEADER = `
#define MAX_PATH                 260
#define MAX_COMPUTERNAME_LENGTH  15
#define UNLEN                    256
#define DNLEN                    15
#define INET_ADDRSTRLEN          22
#define INET6_ADDRSTRLEN         65
#define ANYSIZE_ARRAY            1
`;

export const BUILTIN_HEADER = WINDOWS_CONSTANTS_HEADER + MS_PROTOCOL_HEADER + WINDOWS_STRUCTS_HEADER;
