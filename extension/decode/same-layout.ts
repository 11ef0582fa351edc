/** Whether two struct layouts place the same fields, of the same types, at the same offsets. */
import { typeName, type StructLayout } from './layout';

export function sameLayout(a: StructLayout, b: StructLayout): boolean {
  return (
    a.size === b.size &&
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => {
      const g = b.fields[i];
      return f.name === g.name && f.offset === g.offset && f.size === g.size && typeName(f.type) === typeName(g.type);
    })
  );
}
