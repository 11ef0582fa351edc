/**
 * Finds the value a struct's first field always holds, so `auto` can recognise its messages:
 * a `magic: VALUE` or `*_ID` constant named in the first field's comment (`DWORD msg_id; // MS_MESSAGE_ID`),
 * else a `#define` named after the struct (`MS_MESSAGE_ID` for `MS_MESSAGE` or `_MS_MESSAGE_`),
 * else the `*_ID` constant named after the first field (`PING_MSG_ID` for `msg_id` of PING).
 */
import { parseIntegerLiteral } from './constant-expression';
import { SCALAR_SIZE, isInteger } from './primitives';
import type { Magic, StructLayout } from './layout';

export interface Constants {
  value(name: string): bigint | undefined;
  /** Names ending in `_ID` that are `word` or end in `_word`. */
  idsEndingWith(word: string): readonly string[];
}

export function findMagic(layout: StructLayout, constants: Constants): Magic | undefined {
  const constant = (name: string) => constants.value(name);
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
  const field = first.name.toUpperCase();
  const named = constants.idsEndingWith(field).filter((n) => fits(constant(n)!));
  // With several (PING_MSG_ID, PONG_MSG_ID), the one that also names the struct.
  const prefixes = [layout.name, ...layout.aliases].map((a) => `${a.replace(/^_+|_+$/g, '')}_`);
  const chosen = named.length === 1 ? named[0] : named.find((n) => prefixes.some((p) => n.startsWith(p)));
  if (chosen) return { field: first.name, value: constant(chosen)!, constant: chosen, why: `${chosen} is named after the first field ${first.name}` };
  return undefined;
}
