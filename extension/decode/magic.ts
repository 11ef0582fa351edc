/**
 * Finds the value a struct's first field always holds, so `auto` can recognise its messages:
 * a `magic: VALUE` or `*_ID` constant named in the first field's comment (`DWORD msg_id; // MS_MESSAGE_ID`),
 * else a `#define` named after the struct (`MS_MESSAGE_ID` for `MS_MESSAGE` or `_MS_MESSAGE_`).
 */
import { parseIntegerLiteral } from './constant-expression';
import { SCALAR_SIZE, isInteger } from './primitives';
import type { Magic, StructLayout } from './layout';

export type ConstantLookup = (name: string) => bigint | undefined;

export function findMagic(layout: StructLayout, constant: ConstantLookup): Magic | undefined {
  const first = layout.fields[0];
  const type = first.type;
  const prim = type.kind === 'primitive' ? type.prim : type.kind === 'enum' ? type.base : undefined;
  if (!prim || !isInteger(prim.scalar) || prim.style === 'pointer') return undefined;
  const bits = BigInt(SCALAR_SIZE[prim.scalar] * 8);
  const fits = (v: bigint) => v >= -(1n << (bits - 1n)) && v < 1n << bits;

  const comment = first.comment ?? '';
  const declared = /\bmagic\s*[:=]\s*([A-Za-z_][A-Za-z0-9_]*|0[xX][0-9A-Fa-f]+|\d+)/i.exec(comment);
  if (declared) {
    const word = declared[1];
    const value = /^[0-9]/.test(word) ? parseIntegerLiteral(word) : constant(word);
    if (value !== undefined && fits(value)) {
      return { field: first.name, value, ...(/^[0-9]/.test(word) ? {} : { constant: word }), why: `declared in the comment of ${first.name}` };
    }
  }
  for (const word of comment.match(/\b[A-Za-z_][A-Za-z0-9_]*_ID\b/g) ?? []) {
    const value = constant(word);
    if (value !== undefined && fits(value)) return { field: first.name, value, constant: word, why: `the comment of ${first.name} names ${word}` };
  }
  for (const alias of [layout.name, ...layout.aliases]) {
    const word = `${alias.replace(/^_+|_+$/g, '')}_ID`;
    const value = constant(word);
    if (value !== undefined && fits(value)) return { field: first.name, value, constant: word, why: `${word} is #defined for struct ${layout.name}` };
  }
  return undefined;
}
