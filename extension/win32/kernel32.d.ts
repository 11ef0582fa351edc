export declare const INVALID_HANDLE_VALUE = -1;
export declare const INFINITE = 4294967295;
export declare const MAILSLOT_NO_MESSAGE = 4294967295;
export declare const GENERIC_READ = 2147483648;
export declare const GENERIC_WRITE = 1073741824;
export declare const FILE_SHARE_READ = 1;
export declare const FILE_SHARE_WRITE = 2;
export declare const OPEN_EXISTING = 3;
export declare const FILE_ATTRIBUTE_NORMAL = 128;
export declare const FILE_FLAG_OVERLAPPED = 1073741824;
export declare const FILE_FLAG_FIRST_PIPE_INSTANCE = 524288;
export declare const PIPE_ACCESS_INBOUND = 1;
export declare const PIPE_ACCESS_OUTBOUND = 2;
export declare const PIPE_ACCESS_DUPLEX = 3;
export declare const PIPE_TYPE_BYTE = 0;
export declare const PIPE_TYPE_MESSAGE = 4;
export declare const PIPE_READMODE_BYTE = 0;
export declare const PIPE_READMODE_MESSAGE = 2;
export declare const PIPE_WAIT = 0;
export declare const PIPE_REJECT_REMOTE_CLIENTS = 8;
export declare const PIPE_UNLIMITED_INSTANCES = 255;
export declare const FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 1;
export declare const PROCESS_QUERY_LIMITED_INFORMATION = 4096;
export declare const FORMAT_MESSAGE_FROM_SYSTEM = 4096;
export declare const FORMAT_MESSAGE_IGNORE_INSERTS = 512;
/** The size of OVERLAPPED on 64-bit Windows: Internal, InternalHigh, Offset/OffsetHigh, hEvent. */
export declare const OVERLAPPED_SIZE = 32;
export declare const k32: {
    GetLastError: any;
    CloseHandle: any;
    CreateMailslotW: any;
    GetMailslotInfo: any;
    SetMailslotInfo: any;
    CreateFileW: any;
    ReadFile: any;
    WriteFile: any;
    CreateNamedPipeW: any;
    ConnectNamedPipe: any;
    WaitNamedPipeW: any;
    SetNamedPipeHandleState: any;
    GetNamedPipeInfo: any;
    GetNamedPipeClientProcessId: any;
    CreateIoCompletionPort: any;
    GetQueuedCompletionStatus: any;
    PostQueuedCompletionStatus: any;
    SetFileCompletionNotificationModes: any;
    CancelIoEx: any;
    OpenProcess: any;
    QueryFullProcessImageNameW: any;
    GetCurrentProcess: any;
    GetProcessHandleCount: any;
    FormatMessageW: any;
    CreateEventW: any;
};
/** Native memory that stays put while the OS uses it (OVERLAPPED structures, overlapped read buffers). */
export declare function allocNative(size: number): {
    pointer: unknown;
    bytes: Uint8Array;
    free(): void;
};
/** The address of native memory as a number, to recognise an OVERLAPPED handed back by a completion port. */
export declare function addressOf(pointer: unknown): bigint;
/** A NUL-terminated UTF-16LE string read from a buffer. */
export declare function fromWide(buffer: Uint16Array, length?: number): string;
