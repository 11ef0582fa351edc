/** Win32 errors with their symbolic name and the system's own message (FormatMessageW). */
import { FORMAT_MESSAGE_FROM_SYSTEM, FORMAT_MESSAGE_IGNORE_INSERTS, fromWide, k32 } from './kernel32';
import { ERROR } from './win32-api';

export { ERROR };

const NAMES = new Map<number, string>(Object.entries(ERROR).map(([name, code]) => [code, `ERROR_${name}`]));

export function win32ErrorName(code: number): string {
  return NAMES.get(code) ?? `error ${code}`;
}

/** The system's message for an error code, without the trailing line break. */
export function systemMessage(code: number): string {
  const buffer = new Uint16Array(512);
  const length = k32.FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, null, code, 0, buffer, buffer.length, null);
  return length ? fromWide(buffer, length).trim() : '';
}

/** Plain data, so it can cross from the I/O worker to the main thread. */
export interface Win32ErrorInfo {
  code: number;
  name: string;
  /** What Slotpipe was doing, e.g. `CreateMailslotW(\\.\mailslot\sms)`. */
  operation: string;
  systemMessage: string;
  /** A sentence for people, e.g. what to do about it. */
  hint?: string;
}

export class Win32Error extends Error {
  readonly code: number;
  readonly win32Name: string;
  readonly systemMessage: string;

  constructor(readonly info: Win32ErrorInfo) {
    const system = info.systemMessage.replace(/\.$/, '');
    super(`${info.operation} failed: ${info.name} (${info.code})${system ? `: ${system}` : ''}${info.hint ? `. ${info.hint}` : ''}`);
    this.name = 'Win32Error';
    this.code = info.code;
    this.win32Name = info.name;
    this.systemMessage = info.systemMessage;
  }
}

/** Describes the calling thread's last error (call it right after the failing call). */
export function lastError(operation: string, hints: Partial<Record<number, string>> = {}): Win32ErrorInfo {
  const code = k32.GetLastError();
  return errorInfo(code, operation, hints[code]);
}

export function errorInfo(code: number, operation: string, hint?: string): Win32ErrorInfo {
  return { code, name: win32ErrorName(code), operation, systemMessage: systemMessage(code), hint };
}
