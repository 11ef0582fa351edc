/**
 * The security descriptor Slotpipe's pipe servers are created with: by default only the current user
 * and SYSTEM may open them (Windows' default would also let Everyone read). Given as SDDL, so a
 * setting can widen it; `{user}` stands for the current user's SID.
 */
import koffi from 'koffi';
import { DEFAULT_PIPE_SDDL } from '../core/watcher-options';
import { Win32Error, lastError } from './errors';
import { allocNative, k32 } from './kernel32';

const TOKEN_QUERY = 8;
const TOKEN_USER = 1;
const SDDL_REVISION_1 = 1;
const DACL_SECURITY_INFORMATION = 4;
const SE_KERNEL_OBJECT = 6;
const SECURITY_ATTRIBUTES_SIZE = 24;

let api: ReturnType<typeof load> | undefined;

function load() {
  const advapi = koffi.load('advapi32.dll');
  return {
    OpenProcessToken: advapi.func('bool __stdcall OpenProcessToken(intptr_t process, uint32_t access, _Out_ intptr_t *token)'),
    GetTokenInformation: advapi.func('bool __stdcall GetTokenInformation(intptr_t token, int infoClass, void *info, uint32_t length, _Out_ uint32_t *returned)'),
    ConvertSidToStringSidW: advapi.func('bool __stdcall ConvertSidToStringSidW(void *sid, _Out_ void **text)'),
    ConvertStringSecurityDescriptorToSecurityDescriptorW: advapi.func(
      'bool __stdcall ConvertStringSecurityDescriptorToSecurityDescriptorW(const char16_t *sddl, uint32_t revision, _Out_ void **descriptor, void *size)',
    ),
    ConvertSecurityDescriptorToStringSecurityDescriptorW: advapi.func(
      'bool __stdcall ConvertSecurityDescriptorToStringSecurityDescriptorW(void *descriptor, uint32_t revision, uint32_t info, _Out_ void **text, void *length)',
    ),
    GetSecurityInfo: advapi.func('uint32_t __stdcall GetSecurityInfo(intptr_t handle, int type, uint32_t info, void *owner, void *group, _Out_ void **dacl, void *sacl, _Out_ void **descriptor)'),
    LocalFree: koffi.load('kernel32.dll').func('intptr_t __stdcall LocalFree(void *memory)'),
  };
}

function advapi() {
  return (api ??= load());
}

/** The current user's SID as text, e.g. `S-1-5-21-…-1001`. */
export function currentUserSid(): string {
  const a = advapi();
  const token = [0];
  if (!a.OpenProcessToken(k32.GetCurrentProcess(), TOKEN_QUERY, token)) throw new Win32Error(lastError('OpenProcessToken'));
  try {
    const info = new Uint8Array(256);
    const length = [0];
    if (!a.GetTokenInformation(token[0], TOKEN_USER, info, info.length, length)) throw new Win32Error(lastError('GetTokenInformation(TokenUser)'));
    const sidPointer = new DataView(info.buffer).getBigUint64(0, true);
    const text = [null];
    if (!a.ConvertSidToStringSidW(sidPointer, text)) throw new Win32Error(lastError('ConvertSidToStringSidW'));
    return takeString(text[0]);
  } finally {
    k32.CloseHandle(token[0]);
  }
}

/** SECURITY_ATTRIBUTES for CreateNamedPipeW, built from SDDL; free() when the pipe server stops. */
export function securityAttributes(sddl = DEFAULT_PIPE_SDDL): { pointer: unknown; free(): void } {
  const a = advapi();
  const descriptor = [null];
  const text = sddl.replaceAll('{user}', sddl.includes('{user}') ? currentUserSid() : '');
  if (!a.ConvertStringSecurityDescriptorToSecurityDescriptorW(text, SDDL_REVISION_1, descriptor, null)) {
    throw new Win32Error(lastError(`ConvertStringSecurityDescriptorToSecurityDescriptorW(${text})`, { 1336: 'The pipe security setting is not valid SDDL' }));
  }
  const attributes = allocNative(SECURITY_ATTRIBUTES_SIZE);
  const view = new DataView(attributes.bytes.buffer, attributes.bytes.byteOffset, SECURITY_ATTRIBUTES_SIZE);
  view.setUint32(0, SECURITY_ATTRIBUTES_SIZE, true);
  view.setBigUint64(8, koffi.address(descriptor[0]), true);
  return {
    pointer: attributes.pointer,
    free() {
      a.LocalFree(descriptor[0]);
      attributes.free();
    },
  };
}

/** The DACL a kernel object (such as a pipe instance) actually has, as SDDL. */
export function daclOf(handle: number): string {
  const a = advapi();
  const dacl = [null];
  const descriptor = [null];
  const status = a.GetSecurityInfo(handle, SE_KERNEL_OBJECT, DACL_SECURITY_INFORMATION, null, null, dacl, null, descriptor);
  if (status !== 0) throw new Error(`GetSecurityInfo failed with error ${status}`);
  try {
    const text = [null];
    if (!a.ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor[0], SDDL_REVISION_1, DACL_SECURITY_INFORMATION, text, null)) {
      throw new Win32Error(lastError('ConvertSecurityDescriptorToStringSecurityDescriptorW'));
    }
    return takeString(text[0]);
  } finally {
    a.LocalFree(descriptor[0]);
  }
}


/** A UTF-16 string the system allocated for us: read, then LocalFree'd. */
function takeString(pointer: unknown): string {
  try {
    return koffi.decode(pointer, 'char16_t', -1) as string;
  } finally {
    advapi().LocalFree(pointer);
  }
}
