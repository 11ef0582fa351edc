/** Windows-1252, the ANSI code page of Western Windows systems: Latin-1 plus printable 0x80–0x9F. */

// 0x80..0x9F; 0 marks the five bytes the code page leaves undefined (Windows maps them to C1 controls).
const HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** The code point of a byte; undefined bytes map to their C1 control, as MultiByteToWideChar does. */
export function windows1252CodePoint(byte: number): number {
  return byte >= 0x80 && byte <= 0x9f ? HIGH[byte - 0x80] || byte : byte;
}

export function isUndefinedInWindows1252(byte: number): boolean {
  return byte >= 0x80 && byte <= 0x9f && HIGH[byte - 0x80] === 0;
}

const reverse = new Map<number, number>();
for (let b = 0; b < 256; b++) if (!isUndefinedInWindows1252(b)) reverse.set(windows1252CodePoint(b), b);

/** The byte for a code point, or undefined if Windows-1252 cannot write it. */
export function windows1252Byte(cp: number): number | undefined {
  return reverse.get(cp);
}
