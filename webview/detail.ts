/**
 * The detail pane for the selected message: what it is, which decoder reads it (for this message,
 * and the default for its watcher), the decoded view (struct and union fields with offsets, bit
 * fields with their bits, a tagged union's chosen member, or text with escapes), the hex dump, and
 * "copy as" hex / C array / text.
 */
import * as l10n from '@vscode/l10n';
import { DEFAULT_ARCH, type Arch } from '../extension/core/arch';
import { displayName } from '../extension/core/quote';
import { hexDumpLines } from '../extension/decode/index';
import type { DecodedField, DecodedView } from '../extension/decode/index';
import { bytesAsCArray, bytesAsHex, fieldsAsText } from './copy-format';
import type { Decoding } from './decoding';
import { button, element } from './element';
import { describePeer } from '../extension/core/peer-text';
import { formatTime } from './row-text';
import type { CachedRow } from './row-cache';

/** Bytes the hex dump shows at first and adds per click. */
const HEX_PAGE = 16 * 1024;

export interface DetailActions {
  /** The decoder for this one message changed ('' = use the watcher's). */
  messageDecoderChanged(seq: number, choice: string): void;
  watcherDecoderChanged(watcherId: string, choice: string): void;
  copy(text: string): void;
}

export class DetailPane {
  readonly root = element('section', 'sp-detail');
  private readonly title = element('div', 'sp-detail-title');
  private readonly controls = element('div', 'sp-detail-controls');
  private readonly messageChoice = element('select', 'sp-select');
  private readonly watcherChoice = element('select', 'sp-select');
  private readonly decoded = element('div', 'sp-decoded');
  private readonly hex = element('div', 'sp-hex');
  private row: CachedRow | undefined;
  private view: DecodedView | undefined;
  private arch: Arch = DEFAULT_ARCH;

  constructor(private readonly decoding: Decoding, actions: DetailActions) {
    this.root.setAttribute('aria-label', l10n.t('Selected message'));
    this.messageChoice.title = l10n.t('Decoder for this message');
    this.watcherChoice.title = l10n.t("Default decoder for this message's watcher");
    this.messageChoice.addEventListener('change', () => {
      if (this.row) actions.messageDecoderChanged(this.row.seq, this.messageChoice.value);
    });
    this.watcherChoice.addEventListener('change', () => {
      if (this.row) actions.watcherDecoderChanged(this.row.watcherId, this.watcherChoice.value);
    });
    this.controls.append(
      labelled(l10n.t('Message'), this.messageChoice),
      labelled(l10n.t('Watcher'), this.watcherChoice),
      button(l10n.t('Copy hex'), l10n.t('Copy the bytes as hex'), () => this.row && actions.copy(bytesAsHex(this.row.bytes))),
      button(l10n.t('Copy C array'), l10n.t('Copy the bytes as a C array'), () => this.row && actions.copy(bytesAsCArray(this.row.bytes, `message_${this.row.seq}`))),
      button(l10n.t('Copy text'), l10n.t('Copy the decoded text (struct fields one a line)'), () => this.view && actions.copy(decodedAsText(this.view))),
    );
    const body = element('div', 'sp-detail-body');
    body.append(this.decoded, this.hex);
    this.root.append(this.title, this.controls, body);
    this.show(undefined, '', '');
  }

  /** Shows a message, decoded with `choice` (the message's own, else the watcher's). */
  show(row: CachedRow | undefined, messageChoice: string, watcherChoice: string, arch: Arch = DEFAULT_ARCH): void {
    this.row = row;
    this.arch = arch;
    this.root.classList.toggle('sp-empty', !row);
    if (!row) {
      this.title.textContent = l10n.t('Select a message to see its bytes and decoded fields.');
      this.view = undefined;
      this.decoded.replaceChildren();
      this.hex.replaceChildren();
      return;
    }
    const peer = describePeer(row.peer);
    this.title.textContent = `#${row.seq}  ${formatTime(row.time)}  ${displayName(row.endpoint)}  ${row.direction}  ${l10n.t('{0} bytes', row.size)}${peer ? `  ${peer}` : ''}`;
    fillChoices(this.messageChoice, ['', ...this.decoding.choices()], messageChoice, l10n.t('as watcher'));
    fillChoices(this.watcherChoice, this.decoding.choices(), watcherChoice);
    this.view = this.decoding.view(row.bytes, messageChoice || watcherChoice, arch);
    this.renderDecoded(this.view);
    this.renderHex(row.bytes);
  }

  private renderDecoded(view: DecodedView): void {
    const reason = this.arch === DEFAULT_ARCH
      ? l10n.t('Decoded as {0} — {1}', view.decoder, view.reason)
      : l10n.t('Decoded as {0} (laid out for {1}) — {2}', view.decoder, this.arch, view.reason);
    const parts: HTMLElement[] = [element('div', 'sp-reason', reason)];
    for (const problem of [...(this.row?.notes ?? []), ...view.problems, ...this.decoding.headerProblems]) parts.push(element('div', 'sp-problem', problem));
    if (view.fields?.length) {
      const table = element('table', 'sp-fields');
      const head = element('tr');
      for (const name of [l10n.t('Offset'), l10n.t('Field'), l10n.t('Type'), l10n.t('Value')]) head.append(element('th', undefined, name));
      table.append(head);
      // `path` locates a field for decodeElements: member positions and element indexes from the top.
      const addRows = (fields: DecodedField[], depth: number, path: number[], firstIndex: number, place: (row: HTMLElement) => void) => {
        fields.forEach((field, i) => {
          const tr = element('tr', field.bits ? 'sp-bits' : undefined);
          // A bit field's offset is its unit's, with the bits after a dot: 0x0008.3–5.
          const bits = field.bits ? `.${field.bits.position}${field.bits.width > 1 ? `–${field.bits.position + field.bits.width - 1}` : ''}` : '';
          tr.append(
            element('td', 'sp-offset', `0x${field.offset.toString(16).padStart(4, '0')}${bits}`),
            element('td', undefined, `${'  '.repeat(depth)}${field.name}`),
            element('td', 'sp-type', field.type),
            element('td', 'sp-value', field.display),
          );
          place(tr);
          const own = [...path, field.member ?? firstIndex + i];
          if (field.children) addRows(field.children, depth + 1, own, 0, place);
          if (field.children && field.elements !== undefined) this.addMoreRow(view, field.elements, field.children.length, depth + 1, own, place, addRows);
        });
      };
      addRows(view.fields, 0, [], 0, (row) => table.append(row));
      parts.push(table);
    } else if (view.text !== undefined) {
      parts.push(element('pre', 'sp-text', view.text));
    }
    this.decoded.replaceChildren(...parts);
  }

  /**
   * A row under a large array's first elements: each click decodes the next ones (never the whole
   * array), placed where the row was.
   */
  private addMoreRow(
    view: DecodedView, total: number, shown: number, depth: number, path: number[], place: (row: HTMLElement) => void,
    addRows: (fields: DecodedField[], depth: number, path: number[], firstIndex: number, place: (row: HTMLElement) => void) => void,
  ): void {
    const tr = element('tr', 'sp-more');
    const cell = element('td');
    cell.colSpan = 4;
    let next = shown;
    const more = button('', l10n.t('Decode the next elements of this array'), () => {
      const bytes = this.row?.bytes;
      if (!bytes) return;
      const fields = this.decoding.elements(bytes, view, path, next, this.arch);
      addRows(fields, depth, path, next, (row) => tr.before(row));
      next += fields.length;
      if (next >= total || fields.length === 0) tr.remove();
      else label();
    });
    const label = () => (more.textContent = `${'  '.repeat(depth)}${l10n.t('Show more ({0} of {1} elements shown)', next, total)}`);
    label();
    cell.append(more);
    tr.append(cell);
    place(tr);
  }

  /** The first HEX_PAGE bytes as a dump; a button adds the next page, so a large message is never dumped whole at once. */
  private renderHex(bytes: Uint8Array): void {
    this.hex.replaceChildren();
    const lines = hexDumpLines(bytes, 16);
    let shown = 0;
    const page = () => {
      const end = Math.min(bytes.length, shown + HEX_PAGE);
      const text: string[] = [];
      for (let row = shown; row < end; row += 16) text.push(lines.next().value ?? '');
      // Each page is a <pre> of its own, so the ones shown stay put.
      this.hex.insertBefore(element('pre', 'sp-hexdump', text.join('\n')), more);
      shown = end;
      if (shown >= bytes.length) more.remove();
      else more.textContent = l10n.t('Show more ({0} of {1} bytes shown)', shown, bytes.length);
    };
    const more = button('', l10n.t('Show the next bytes of the dump'), page);
    this.hex.append(more);
    page();
  }
}

function decodedAsText(view: DecodedView): string {
  if (view.fields?.length) return fieldsAsText(view.fields);
  return view.text ?? view.summary;
}

function labelled(text: string, control: HTMLElement): HTMLElement {
  const label = element('label', 'sp-label', `${text} `);
  label.append(control);
  return label;
}

function fillChoices(select: HTMLSelectElement, choices: string[], value: string, emptyLabel = ''): void {
  select.replaceChildren(...choices.map((choice) => {
    const option = element('option', undefined, choice || emptyLabel);
    option.value = choice;
    return option;
  }));
  if (!choices.includes(value)) {
    const option = element('option', undefined, value);
    option.value = value;
    select.append(option);
  }
  select.value = value;
}

