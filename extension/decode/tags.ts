/**
 * Tagged messages: a union member chosen by a sibling field's value (`kind == VK_STATUS` → `body.status`).
 * Declared in the header with short comments — `// tag: kind` beside the union member names the
 * sibling, `// when: VK_STATUS` beside a union member names the values that choose it — or found
 * without them where the names match plainly: an earlier sibling of enum type whose constants, less
 * their common prefix (`VK_`), are the union members' names (`VK_STATUS` ~ `status`, `VK_FILE_INFO` ~
 * `fileInfo`). A `#define`d constant ending in `_STATUS` also chooses `status` for a `tag:` sibling.
 */
import type { CType, StructField, StructLayout, UnionTag } from './layout';

type Constant = (name: string) => bigint | undefined;

/** Letters and digits only, lower case: `FILE_INFO`, `fileInfo` and `file_info` read the same. */
function plain(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** What the enum's constants say once their common prefix (up to an underscore) is dropped. */
function enumWords(members: { name: string }[]): string[] {
  let prefix = members[0]?.name ?? '';
  for (const m of members) while (!m.name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf('_') + 1;
  return members.map((m) => plain(m.name.slice(members.length > 1 ? cut : m.name.indexOf('_') + 1)));
}

function annotation(comment: string | undefined, word: string): string | undefined {
  const m = comment === undefined ? undefined : new RegExp(`(?:^|\\s)${word}\\s*:\\s*(.+)$`, 'i').exec(comment);
  return m?.[1].trim();
}

function unionOf(field: StructField): StructLayout | undefined {
  return field.type.kind === 'struct' && field.type.layout.union ? field.type.layout : undefined;
}

/** The cases of a union chosen by `selector`; none when nothing matches. */
function casesFor(union: StructLayout, selector: CType, constant: Constant, fail: (problem: string) => never): UnionTag['cases'] {
  const cases: UnionTag['cases'] = [];
  const members = union.fields.filter((f) => f.name);
  const enumMembers = selector.kind === 'enum' ? selector.members : [];
  const words = enumWords(enumMembers);
  for (const member of members) {
    const when = annotation(member.comment, 'when');
    if (when !== undefined) {
      for (const name of when.split(/[,|]/).map((w) => w.trim()).filter(Boolean)) {
        const fromEnum = enumMembers.find((m) => m.name === name);
        const value = fromEnum?.value ?? constant(name) ?? (/^-?\d+$|^0[xX][0-9A-Fa-f]+$/.test(name) ? BigInt(name) : undefined);
        if (value === undefined) fail(`"when: ${name}" beside union member ${member.name}: ${name} is not a constant defined before the union`);
        cases.push({ value, constant: /^[A-Za-z_]/.test(name) ? name : undefined, member: member.name });
      }
      continue;
    }
    const wanted = plain(member.name);
    const index = words.indexOf(wanted);
    if (index >= 0) cases.push({ value: enumMembers[index].value, constant: enumMembers[index].name, member: member.name });
  }
  return cases;
}

/** The `#define`d constants ending in `_MEMBER` for a tag that is not an enum (named by `tag:` only). */
function constantCases(union: StructLayout, names: readonly string[], constant: Constant): UnionTag['cases'] {
  const cases: UnionTag['cases'] = [];
  for (const member of union.fields) {
    if (!member.name || annotation(member.comment, 'when') !== undefined) continue;
    const ending = `_${member.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
    const matching = names.filter((n) => n.endsWith(ending));
    if (matching.length === 1) cases.push({ value: constant(matching[0])!, constant: matching[0], member: member.name });
  }
  return cases;
}

/**
 * Marks the union members of `layout` that a sibling chooses. `constantNames` lists the constants
 * known (for `_MEMBER` endings); `fail` reports a `tag:` naming no sibling, located by the parser.
 */
export function findUnionTags(layout: StructLayout, constant: Constant, fail: (problem: string) => never, constantNames: () => readonly string[] = () => []): void {
  layout.fields.forEach((field, index) => {
    const union = unionOf(field);
    if (!union) return;
    const named = annotation(field.comment, 'tag');
    if (named !== undefined) {
      const selector = layout.fields.find((f) => f.name === named);
      if (!selector || selector === field) fail(`"tag: ${named}" beside ${field.name || 'an anonymous union'}: no member ${named} beside it to choose by`);
      let cases = casesFor(union, selector.type, constant, fail);
      if (cases.length === 0 && selector.type.kind !== 'enum') cases = constantCases(union, constantNames(), constant);
      field.tag = { field: named, cases, why: `// tag: ${named} at ${layout.origin ?? layout.name}` };
      return;
    }
    // Without a comment: the nearest earlier enum sibling whose constants name at least half the members.
    const members = union.fields.filter((f) => f.name).length;
    for (let k = index - 1; k >= 0; k--) {
      const sibling = layout.fields[k];
      if (sibling.type.kind !== 'enum' || !sibling.name) continue;
      const cases = casesFor(union, sibling.type, constant, fail);
      if (cases.length > 0 && cases.length * 2 >= members) {
        field.tag = { field: sibling.name, cases, why: `the constants of enum ${sibling.type.name} name members of ${field.name || 'the union'}` };
        return;
      }
    }
  });
}

/** The member a tag value chooses, if any. */
export function chosenMember(tag: UnionTag, value: bigint): UnionTag['cases'][number] | undefined {
  return tag.cases.find((c) => c.value === value);
}
