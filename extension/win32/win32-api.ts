/**
 * Every Win32 declaration Slotpipe hands to koffi or reads memory by, as data: the functions (koffi
 * prototypes, by DLL), the constants (under their Windows SDK names) and the offsets of the struct fields
 * it reads or fills (x64). kernel32.ts, pipe-security.ts and pipe-list.ts bind the functions;
 * test/win32/sdk-declarations.test.ts compiles all of it against mingw-w64's headers, so a width, an
 * offset or a value that differs from the SDK fails there with the SDK's line. Handles are `intptr_t`
 * (INVALID_HANDLE_VALUE is -1); BOOL is a 4-byte int (`int32_t`), BOOLEAN one byte.
 */

export const KERNEL32 = {
  GetLastError: 'uint32_t __stdcall GetLastError()',
  CloseHandle: 'int32_t __stdcall CloseHandle(intptr_t h)',
  CreateMailslotW: 'intptr_t __stdcall CreateMailslotW(const char16_t *name, uint32_t maxMessageSize, uint32_t readTimeout, void *security)',
  GetMailslotInfo: 'int32_t __stdcall GetMailslotInfo(intptr_t h, void *maxMessageSize, void *nextSize, void *messageCount, void *readTimeout)',
  SetMailslotInfo: 'int32_t __stdcall SetMailslotInfo(intptr_t h, uint32_t readTimeout)',
  CreateFileW: 'intptr_t __stdcall CreateFileW(const char16_t *name, uint32_t access, uint32_t share, void *security, uint32_t disposition, uint32_t flags, intptr_t template)',
  ReadFile: 'int32_t __stdcall ReadFile(intptr_t h, void *buffer, uint32_t size, void *read, void *overlapped)',
  WriteFile: 'int32_t __stdcall WriteFile(intptr_t h, void *buffer, uint32_t size, void *written, void *overlapped)',
  CreateNamedPipeW: 'intptr_t __stdcall CreateNamedPipeW(const char16_t *name, uint32_t openMode, uint32_t pipeMode, uint32_t maxInstances, uint32_t outBufferSize, uint32_t inBufferSize, uint32_t defaultTimeout, void *security)',
  ConnectNamedPipe: 'int32_t __stdcall ConnectNamedPipe(intptr_t h, void *overlapped)',
  WaitNamedPipeW: 'int32_t __stdcall WaitNamedPipeW(const char16_t *name, uint32_t timeout)',
  SetNamedPipeHandleState: 'int32_t __stdcall SetNamedPipeHandleState(intptr_t h, void *mode, void *maxCollection, void *collectTimeout)',
  GetNamedPipeInfo: 'int32_t __stdcall GetNamedPipeInfo(intptr_t h, void *flags, void *outBufferSize, void *inBufferSize, void *maxInstances)',
  GetNamedPipeClientProcessId: 'int32_t __stdcall GetNamedPipeClientProcessId(intptr_t h, void *pid)',
  GetNamedPipeServerProcessId: 'int32_t __stdcall GetNamedPipeServerProcessId(intptr_t h, void *pid)',
  PeekNamedPipe: 'int32_t __stdcall PeekNamedPipe(intptr_t h, void *buffer, uint32_t size, void *read, void *available, void *left)',
  GetNamedPipeHandleStateW: 'int32_t __stdcall GetNamedPipeHandleStateW(intptr_t h, void *state, void *curInstances, void *maxCollection, void *collectTimeout, void *userName, uint32_t userNameSize)',
  CreateIoCompletionPort: 'intptr_t __stdcall CreateIoCompletionPort(intptr_t file, intptr_t port, uintptr_t key, uint32_t threads)',
  GetQueuedCompletionStatus: 'int32_t __stdcall GetQueuedCompletionStatus(intptr_t port, void *bytes, void *key, void *overlapped, uint32_t timeout)',
  PostQueuedCompletionStatus: 'int32_t __stdcall PostQueuedCompletionStatus(intptr_t port, uint32_t bytes, uintptr_t key, void *overlapped)',
  SetFileCompletionNotificationModes: 'int32_t __stdcall SetFileCompletionNotificationModes(intptr_t h, uint8_t flags)',
  CancelIoEx: 'int32_t __stdcall CancelIoEx(intptr_t h, void *overlapped)',
  OpenProcess: 'intptr_t __stdcall OpenProcess(uint32_t access, int32_t inherit, uint32_t pid)',
  QueryFullProcessImageNameW: 'int32_t __stdcall QueryFullProcessImageNameW(intptr_t process, uint32_t flags, void *name, void *size)',
  GetCurrentProcess: 'intptr_t __stdcall GetCurrentProcess()',
  GetCurrentProcessId: 'uint32_t __stdcall GetCurrentProcessId()',
  GetProcessHandleCount: 'int32_t __stdcall GetProcessHandleCount(intptr_t process, void *count)',
  FormatMessageW: 'uint32_t __stdcall FormatMessageW(uint32_t flags, void *source, uint32_t id, uint32_t lang, void *buffer, uint32_t size, void *args)',
  CreateEventW: 'intptr_t __stdcall CreateEventW(void *security, int32_t manualReset, int32_t initialState, void *name)',
  LocalFree: 'intptr_t __stdcall LocalFree(void *memory)',
} as const;

export const ADVAPI32 = {
  OpenProcessToken: 'int32_t __stdcall OpenProcessToken(intptr_t process, uint32_t access, _Out_ intptr_t *token)',
  GetTokenInformation: 'int32_t __stdcall GetTokenInformation(intptr_t token, int infoClass, void *info, uint32_t length, _Out_ uint32_t *returned)',
  ConvertSidToStringSidW: 'int32_t __stdcall ConvertSidToStringSidW(void *sid, _Out_ void **text)',
  ConvertStringSecurityDescriptorToSecurityDescriptorW:
    'int32_t __stdcall ConvertStringSecurityDescriptorToSecurityDescriptorW(const char16_t *sddl, uint32_t revision, _Out_ void **descriptor, void *size)',
  ConvertSecurityDescriptorToStringSecurityDescriptorW:
    'int32_t __stdcall ConvertSecurityDescriptorToStringSecurityDescriptorW(void *descriptor, uint32_t revision, uint32_t info, _Out_ void **text, void *length)',
  GetSecurityInfo: 'uint32_t __stdcall GetSecurityInfo(intptr_t handle, int type, uint32_t info, void *owner, void *group, _Out_ void **dacl, void *sacl, _Out_ void **descriptor)',
} as const;

export const NTDLL = {
  NtQueryDirectoryFile:
    'int32_t __stdcall NtQueryDirectoryFile(intptr_t file, intptr_t event, void *apc, void *apcContext, void *ioStatus, void *buffer, uint32_t length, int infoClass, uint8_t single, void *fileName, uint8_t restart)',
} as const;

export const INVALID_HANDLE_VALUE = -1;
export const INFINITE = 0xffffffff;
/** What GetQueuedCompletionStatus's GetLastError is when its timeout passed (a wait result: the SDK has no ERROR_WAIT_TIMEOUT). */
export const WAIT_TIMEOUT = 258;
export const MAILSLOT_NO_MESSAGE = 0xffffffff;
export const MAILSLOT_WAIT_FOREVER = 0xffffffff;

export const GENERIC_READ = 0x80000000;
export const GENERIC_WRITE = 0x40000000;
export const FILE_SHARE_READ = 1;
export const FILE_SHARE_WRITE = 2;
export const OPEN_EXISTING = 3;
export const FILE_ATTRIBUTE_NORMAL = 0x80;
export const FILE_FLAG_OVERLAPPED = 0x40000000;
export const FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;

export const PIPE_ACCESS_INBOUND = 1;
export const PIPE_ACCESS_OUTBOUND = 2;
export const PIPE_ACCESS_DUPLEX = 3;
export const PIPE_TYPE_BYTE = 0;
export const PIPE_TYPE_MESSAGE = 4;
export const PIPE_READMODE_BYTE = 0;
export const PIPE_READMODE_MESSAGE = 2;
export const PIPE_WAIT = 0;
export const PIPE_REJECT_REMOTE_CLIENTS = 8;
export const PIPE_UNLIMITED_INSTANCES = 255;

export const FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 1;

export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
export const FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;
export const FORMAT_MESSAGE_IGNORE_INSERTS = 0x200;

export const TOKEN_QUERY = 8;
/** TOKEN_INFORMATION_CLASS */
export const TokenUser = 1;
export const SDDL_REVISION_1 = 1;
export const DACL_SECURITY_INFORMATION = 4;
/** SE_OBJECT_TYPE */
export const SE_KERNEL_OBJECT = 6;

/** FILE_INFORMATION_CLASS */
export const FileDirectoryInformation = 1;
/** An NTSTATUS, as the signed 32-bit value koffi returns. */
export const STATUS_NO_MORE_FILES = 0x80000006 | 0;

/** The Win32 error codes Slotpipe names (each is ERROR_<key> in the SDK). */
export const ERROR = {
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  NOT_ENOUGH_MEMORY: 8,
  INVALID_PARAMETER: 87,
  BROKEN_PIPE: 109,
  SEM_TIMEOUT: 121,
  INSUFFICIENT_BUFFER: 122,
  INVALID_NAME: 123,
  ALREADY_EXISTS: 183,
  BAD_PIPE: 230,
  PIPE_BUSY: 231,
  NO_DATA: 232,
  PIPE_NOT_CONNECTED: 233,
  MORE_DATA: 234,
  OPERATION_ABORTED: 995,
  IO_PENDING: 997,
  PIPE_CONNECTED: 535,
  PIPE_LISTENING: 536,
  BAD_NETPATH: 53,
  NETWORK_ACCESS_DENIED: 65,
  BAD_NET_NAME: 67,
} as const;

/** Struct sizes and the byte offsets of the fields Slotpipe reads or fills (a `.` reaches into a member). */
export const STRUCTS = {
  OVERLAPPED: { size: 32, fields: { Internal: 0, InternalHigh: 8, hEvent: 24 } },
  SECURITY_ATTRIBUTES: { size: 24, fields: { nLength: 0, lpSecurityDescriptor: 8, bInheritHandle: 16 } },
  TOKEN_USER: { size: 16, fields: { 'User.Sid': 0 } },
  IO_STATUS_BLOCK: { size: 16, fields: { Information: 8 } },
  FILE_DIRECTORY_INFORMATION: {
    size: 72,
    fields: { NextEntryOffset: 0, EndOfFile: 40, AllocationSize: 48, FileNameLength: 60, FileName: 64 },
  },
} as const;
