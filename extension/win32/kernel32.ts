/**
 * kernel32 through koffi: the declarations Slotpipe calls, loaded on first use (never at activation,
 * never off Windows). HANDLE is `intptr_t`, so INVALID_HANDLE_VALUE is -1. BOOL is a 32-bit `int` (koffi's
 * `bool` is one byte); the declarations still written `bool` are read only for truth.
 */
import koffi from 'koffi';

export const INVALID_HANDLE_VALUE = -1;
export const INFINITE = 0xffffffff;
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

/** The size of OVERLAPPED on 64-bit Windows: Internal, InternalHigh, Offset/OffsetHigh, hEvent. */
export const OVERLAPPED_SIZE = 32;

const lib = koffi.load('kernel32.dll');

// Pointer parameters are `void *`: a TypedArray passes its own memory, a koffi.alloc pointer passes native memory.
export const k32 = {
  GetLastError: lib.func('uint32_t __stdcall GetLastError()'),
  CloseHandle: lib.func('int __stdcall CloseHandle(intptr_t h)'),
  CreateMailslotW: lib.func('intptr_t __stdcall CreateMailslotW(const char16_t *name, uint32_t maxMessageSize, uint32_t readTimeout, void *security)'),
  GetMailslotInfo: lib.func('int __stdcall GetMailslotInfo(intptr_t h, void *maxMessageSize, void *nextSize, void *messageCount, void *readTimeout)'),
  SetMailslotInfo: lib.func('int __stdcall SetMailslotInfo(intptr_t h, uint32_t readTimeout)'),
  CreateFileW: lib.func('intptr_t __stdcall CreateFileW(const char16_t *name, uint32_t access, uint32_t share, void *security, uint32_t disposition, uint32_t flags, intptr_t template)'),
  ReadFile: lib.func('int __stdcall ReadFile(intptr_t h, void *buffer, uint32_t size, void *read, void *overlapped)'),
  WriteFile: lib.func('int __stdcall WriteFile(intptr_t h, void *buffer, uint32_t size, void *written, void *overlapped)'),
  CreateNamedPipeW: lib.func('intptr_t __stdcall CreateNamedPipeW(const char16_t *name, uint32_t openMode, uint32_t pipeMode, uint32_t maxInstances, uint32_t outBufferSize, uint32_t inBufferSize, uint32_t defaultTimeout, void *security)'),
  ConnectNamedPipe: lib.func('bool __stdcall ConnectNamedPipe(intptr_t h, void *overlapped)'),
  WaitNamedPipeW: lib.func('bool __stdcall WaitNamedPipeW(const char16_t *name, uint32_t timeout)'),
  SetNamedPipeHandleState: lib.func('bool __stdcall SetNamedPipeHandleState(intptr_t h, void *mode, void *maxCollection, void *collectTimeout)'),
  GetNamedPipeInfo: lib.func('bool __stdcall GetNamedPipeInfo(intptr_t h, void *flags, void *outBufferSize, void *inBufferSize, void *maxInstances)'),
  GetNamedPipeClientProcessId: lib.func('bool __stdcall GetNamedPipeClientProcessId(intptr_t h, void *pid)'),
  CreateIoCompletionPort: lib.func('intptr_t __stdcall CreateIoCompletionPort(intptr_t file, intptr_t port, uintptr_t key, uint32_t threads)'),
  GetQueuedCompletionStatus: lib.func('bool __stdcall GetQueuedCompletionStatus(intptr_t port, void *bytes, void *key, void *overlapped, uint32_t timeout)'),
  PostQueuedCompletionStatus: lib.func('bool __stdcall PostQueuedCompletionStatus(intptr_t port, uint32_t bytes, uintptr_t key, void *overlapped)'),
  SetFileCompletionNotificationModes: lib.func('bool __stdcall SetFileCompletionNotificationModes(intptr_t h, uint8_t flags)'),
  CancelIoEx: lib.func('bool __stdcall CancelIoEx(intptr_t h, void *overlapped)'),
  OpenProcess: lib.func('intptr_t __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)'),
  QueryFullProcessImageNameW: lib.func('bool __stdcall QueryFullProcessImageNameW(intptr_t process, uint32_t flags, void *name, void *size)'),
  GetCurrentProcess: lib.func('intptr_t __stdcall GetCurrentProcess()'),
  GetProcessHandleCount: lib.func('bool __stdcall GetProcessHandleCount(intptr_t process, void *count)'),
  FormatMessageW: lib.func('uint32_t __stdcall FormatMessageW(uint32_t flags, void *source, uint32_t id, uint32_t lang, void *buffer, uint32_t size, void *args)'),
  CreateEventW: lib.func('intptr_t __stdcall CreateEventW(void *security, bool manualReset, bool initialState, void *name)'),
};

/** Native memory that stays put while the OS uses it (OVERLAPPED structures, overlapped read buffers). */
export function allocNative(size: number): { pointer: unknown; bytes: Uint8Array; free(): void } {
  const pointer = koffi.alloc('uint8_t', size);
  const bytes = new Uint8Array(koffi.view(pointer, size));
  bytes.fill(0);
  return { pointer, bytes, free: () => koffi.free(pointer) };
}

/** The address of native memory as a number, to recognise an OVERLAPPED handed back by a completion port. */
export function addressOf(pointer: unknown): bigint {
  return koffi.address(pointer);
}

/** A NUL-terminated UTF-16LE string read from a buffer. */
export function fromWide(buffer: Uint16Array, length?: number): string {
  let end = length ?? buffer.indexOf(0);
  if (end < 0) end = buffer.length;
  let text = '';
  for (let i = 0; i < end; i += 4096) text += String.fromCharCode(...buffer.subarray(i, Math.min(end, i + 4096)));
  return text;
}
