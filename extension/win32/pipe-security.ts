/**
 * The security descriptor Slotpipe's pipe servers are created with: by default only the current user
 * and SYSTEM may open them (Windows' default would also let Everyone read). Given as SDDL, so a
 * setting can widen it; `{user}` stands for the current user's SID.
 */
import koffi from 'koffi';
import { DEFAULT_PIPE_SDDL } from '../core/watcher-options';
import { Win32Error, lastError } from './errors';
import {
  ADVAPI32, DACL_SECURITY_INFORMATION, SDDL_REVISION_1, SE_KERNEL_OBJECT, STRUCTS, TOKEN_QUERY, TokenUser, allocNative, bind, k32,
} from './kernel32';

const { SECURITY_ATTRIBUTES, TOKEN_USER } = STRUCTS;

let api: ReturnType<typeof bind<typeof ADVAPI32>> | undefined;

function advapi() {
  return (api ??= bind('advapi32.dll', ADVAPI32));
}

/** The current user's SID as text, e.g. `S-1-5-21-…-1001`. */
export function currentUserSid(): string {
  const a = advapi();
  const token = [0];
  if (!a.OpenProcessToken(k32.GetCurrentProcess(), TOKEN_QUERY, token)) throw new Win32Error(lastError('OpenProcessToken'));
  try {
    const info = new Uint8Array(256);
    const length = [0];
    if (!a.GetTokenInformation(token[0], TokenUser, info, info.length, length)) throw new Win32Error(lastError('GetTokenInformation(TokenUser)'));
    const sidPointer = new DataView(info.buffer).getBigUint64(TOKEN_USER.fields['User.Sid'], true);
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
  const attributes = allocNative(SECURITY_ATTRIBUTES.size);
  const view = new DataView(attributes.bytes.buffer, attributes.bytes.byteOffset, SECURITY_ATTRIBUTES.size);
  view.setUint32(SECURITY_ATTRIBUTES.fields.nLength, SECURITY_ATTRIBUTES.size, true);
  view.setBigUint64(SECURITY_ATTRIBUTES.fields.lpSecurityDescriptor, koffi.address(descriptor[0]), true);
  return {
    pointer: attributes.pointer,
    free() {
      k32.LocalFree(descriptor[0]);
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
    k32.LocalFree(descriptor[0]);
  }
}


/** A UTF-16 string the system allocated for us: read, then LocalFree'd. */
function takeString(pointer: unknown): string {
  try {
    return koffi.decode(pointer, 'char16_t', -1) as string;
  } finally {
    k32.LocalFree(pointer);
  }
}
