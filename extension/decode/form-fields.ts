/**
 * The fields a person fills in to build a struct message (Send Message's struct form): every scalar,
 * bit field and string or scalar array, found through nested structs and anonymous members, with the
 * path `slotpipe send --set` takes. Members of a union overlap, so each names its union and member:
 * once one member is filled, the form skips the others.
 */
import { typeName, type CType, type StructLayout } from './layout';

export interface FormField {
  /** As `encodeStruct` takes it: `hdr.kind`, `body.status.code`, `r` (in an anonymous struct). */
  path: string;
  /** `DWORD`, `WORD : 4`, `char[20]`. */
  type: string;
  offset: number;
  /** Bit position in the unit at `offset`, for a bit field. */
  bit?: number;
  comment?: string;
  /** The unions it is inside, outermost first: the union's place and which member leads here. */
  unions: { union: string; member: string }[];
}

/** A form for a message of thousands of fields would never be finished: the first ones are asked. */
export const MAX_FORM_FIELDS = 64;

export function formFields(layout: StructLayout): FormField[] {
  const out: FormField[] = [];
  const walk = (type: CType & { kind: 'struct' }, prefix: string, base: number, unions: FormField['unions'], unionKey: string): void => {
    for (const [index, f] of type.layout.fields.entries()) {
      if (out.length >= MAX_FORM_FIELDS) return;
      const path = f.anonymous ? prefix : prefix ? `${prefix}.${f.name}` : f.name;
      const inUnion = type.layout.union ? [...unions, { union: unionKey, member: f.name || `#${index}` }] : unions;
      const offset = base + f.offset;
      if (f.type.kind === 'struct') {
        walk(f.type, path, offset, inUnion, `${unionKey}/${f.name || `#${index}`}`);
        continue;
      }
      if (f.type.kind === 'array' && (f.type.element.kind === 'struct' || f.type.element.kind === 'array')) continue; // set element by element with --set
      out.push({
        path, type: f.bits ? `${typeName(f.type)} : ${f.bits.width}` : typeName(f.type), offset, unions: inUnion,
        ...(f.bits ? { bit: f.bits.position } : {}), ...(f.comment ? { comment: f.comment } : {}),
      });
    }
  };
  walk({ kind: 'struct', layout }, '', 0, [], '');
  return out;
}

/** Whether a field's unions have another member filled already (then it is not asked). */
export function overlapsFilled(field: FormField, filled: ReadonlyMap<string, string>): boolean {
  return field.unions.some((u) => filled.has(u.union) && filled.get(u.union) !== u.member);
}
