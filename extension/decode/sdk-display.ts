/**
 * How the Windows SDK's common structs read to people: a FILETIME as a date, a SYSTEMTIME as one, a
 * GUID in its registry form, a LARGE_INTEGER as its number, POINT and RECT as coordinates. Their
 * members are still shown one by one; this is the line that stands for the whole.
 */
import type { DecodedField } from './decoded-view';

type Values = Record<string, unknown>;

const FILETIME_EPOCH_OFFSET = 116444736000000000n; // 100 ns intervals from 1601-01-01 to 1970-01-01
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function big(value: unknown): bigint | undefined {
  return typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value)) ? BigInt(value) : undefined;
}

const pad = (n: number | bigint, width = 2) => String(n).padStart(width, '0');

/** 100 ns intervals since 1601-01-01 UTC as `2026-12-04 22:30:05.1234567 UTC`. */
export function fileTimeText(ticks: bigint): string {
  if (ticks === 0n) return '0 (no time)';
  const unixMs = (ticks - FILETIME_EPOCH_OFFSET) / 10000n;
  const date = new Date(Number(unixMs));
  if (Number.isNaN(date.getTime())) return `${ticks} (out of the date range)`;
  const fraction = pad(((ticks % 10_000_000n) + 10_000_000n) % 10_000_000n, 7);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}.${fraction} UTC`;
}

function guidText(v: Values): string | undefined {
  const d4 = v.Data4;
  if (!Array.isArray(d4) || d4.length !== 8) return undefined;
  const hex = (n: unknown, width: number) => (typeof n === 'number' ? n.toString(16).padStart(width, '0') : '?'.repeat(width));
  const tail = d4.map((b) => hex(b, 2)).join('');
  return `{${hex(v.Data1, 8)}-${hex(v.Data2, 4)}-${hex(v.Data3, 4)}-${tail.slice(0, 4)}-${tail.slice(4)}}`.toUpperCase();
}

function systemTimeText(v: Values): string | undefined {
  const n = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : undefined);
  const [y, mo, dow, d, h, mi, s, ms] = ['wYear', 'wMonth', 'wDayOfWeek', 'wDay', 'wHour', 'wMinute', 'wSecond', 'wMilliseconds'].map(n);
  if ([y, mo, d, h, mi, s, ms].some((x) => x === undefined)) return undefined;
  const day = dow !== undefined && dow < 7 ? ` (${DAYS[dow]})` : '';
  return `${pad(y!, 4)}-${pad(mo!)}-${pad(d!)} ${pad(h!)}:${pad(mi!)}:${pad(s!)}.${pad(ms!, 3)}${day}`;
}

const READERS: Record<string, (v: Values) => string | undefined> = {
  FILETIME(v) {
    const low = big(v.dwLowDateTime);
    const high = big(v.dwHighDateTime);
    return low === undefined || high === undefined ? undefined : fileTimeText((high << 32n) | low);
  },
  SYSTEMTIME: systemTimeText,
  GUID: guidText,
  LARGE_INTEGER: (v) => (big(v.QuadPart) === undefined ? undefined : String(v.QuadPart)),
  ULARGE_INTEGER: (v) => (big(v.QuadPart) === undefined ? undefined : String(v.QuadPart)),
  POINT: (v) => (big(v.x) === undefined || big(v.y) === undefined ? undefined : `(${v.x}, ${v.y})`),
  RECT(v) {
    const [l, t, r, b] = [v.left, v.top, v.right, v.bottom].map(big);
    if ([l, t, r, b].some((x) => x === undefined)) return undefined;
    return `(${l}, ${t})–(${r}, ${b}), ${r! - l!}×${b! - t!}`;
  },
};

/** The readable line for a struct of the SDK (by name, when it has the SDK's members), else undefined. */
export function sdkDisplay(structName: string, children: readonly DecodedField[]): string | undefined {
  const reader = READERS[structName];
  if (!reader) return undefined;
  const values: Values = {};
  for (const c of children) values[c.name] = c.value;
  return reader(values);
}
