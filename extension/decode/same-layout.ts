/** Whether two struct or union layouts place the same fields, of the same types, at the same offsets and bits. */
import { typeName, type StructLayout } from './layout';

export function sameLayout(a: StructLayout, b: StructLayout): boolean {
  return (
    a.size === b.size &&
    a.union === b.union &&
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => {
      const g = b.fields[i];
      return f.name === g.name && f.offset === g.offset && f.size === g.size && typeName(f.type) === typeName(g.type) &&
        f.bits?.position === g.bits?.position && f.bits?.width === g.bits?.width;
    })
  );
}
