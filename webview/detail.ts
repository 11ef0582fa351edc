/**
 * The detail pane for the selected message: what it is, which decoder reads it (for this message,
 * and the default for its watcher), the decoded view (struct fields with offsets, or text with
 * escapes), the hex dump, and "copy as" hex / C array / text.
 */
import { hexDump } from '../extension/decode/index';
import type { DecodedField, DecodedView } from '../extension/decode/index';
import { bytesAsCArray, bytesAsHex, fieldsAsText } from './copy-format';
import type { Decoding } from './decoding';
import { button, element } from './element';
import { describePeer, formatTime } from './row-text';
import type { CachedRow } from './row-cache';

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

  constructor(private readonly decoding: Decoding, actions: DetailActions) {
    this.root.setAttribute('aria-label', 'Selected message');
    this.messageChoice.title = 'Decoder for this message';
    this.watcherChoice.title = "Default decoder for this message's watcher";
    this.messageChoice.addEventListener('change', () => {
      if (this.row) actions.messageDecoderChanged(this.row.seq, this.messageChoice.value);
    });
    this.watcherChoice.addEventListener('change', () => {
      if (this.row) actions.watcherDecoderChanged(this.row.watcherId, this.watcherChoice.value);
    });
    this.controls.append(
      labelled('Message', this.messageChoice),
      labelled('Watcher', this.watcherChoice),
      button('Copy hex', 'Copy the bytes as hex', () => this.row && actions.copy(bytesAsHex(this.row.bytes))),
      button('Copy C array', 'Copy the bytes as a C array', () => this.row && actions.copy(bytesAsCArray(this.row.bytes, `message_${this.row.seq}`))),
      button('Copy text', 'Copy the decoded text (struct fields one a line)', () => this.view && actions.copy(decodedAsText(this.view))),
    );
    const body = element('div', 'sp-detail-body');
    body.append(this.decoded, this.hex);
    this.root.append(this.title, this.controls, body);
    this.show(undefined, '', '');
  }

  /** Shows a message, decoded with `choice` (the message's own, else the watcher's). */
  show(row: CachedRow | undefined, messageChoice: string, watcherChoice: string): void {
    this.row = row;
    this.root.classList.toggle('sp-empty', !row);
    if (!row) {
      this.title.textContent = 'Select a message to see its bytes and decoded fields.';
      this.view = undefined;
      this.decoded.replaceChildren();
      this.hex.replaceChildren();
      return;
    }
    const peer = describePeer(row.peer);
    this.title.textContent = `#${row.seq}  ${formatTime(row.time)}  ${row.endpoint}  ${row.direction}  ${row.size} bytes${peer ? `  ${peer}` : ''}`;
    fillChoices(this.messageChoice, ['', ...this.decoding.choices()], messageChoice, 'as watcher');
    fillChoices(this.watcherChoice, this.decoding.choices(), watcherChoice);
    this.view = this.decoding.view(row.bytes, messageChoice || watcherChoice);
    this.renderDecoded(this.view);
    this.renderHex(row.bytes);
  }

  private renderDecoded(view: DecodedView): void {
    const parts: HTMLElement[] = [element('div', 'sp-reason', `Decoded as ${view.decoder} — ${view.reason}`)];
    for (const problem of [...view.problems, ...this.decoding.headerProblems]) parts.push(element('div', 'sp-problem', problem));
    if (view.fields?.length) {
      const table = element('table', 'sp-fields');
      const head = element('tr');
      for (const name of ['Offset', 'Field', 'Type', 'Value']) head.append(element('th', undefined, name));
      table.append(head);
      const addRows = (fields: DecodedField[], depth: number) => {
        for (const field of fields) {
          const tr = element('tr');
          tr.append(
            element('td', 'sp-offset', `0x${field.offset.toString(16).padStart(4, '0')}`),
            element('td', undefined, `${'  '.repeat(depth)}${field.name}`),
            element('td', 'sp-type', field.type),
            element('td', 'sp-value', field.display),
          );
          table.append(tr);
          if (field.children) addRows(field.children, depth + 1);
        }
      };
      addRows(view.fields, 0);
      parts.push(table);
    } else if (view.text !== undefined) {
      parts.push(element('pre', 'sp-text', view.text));
    }
    this.decoded.replaceChildren(...parts);
  }

  private renderHex(bytes: Uint8Array): void {
    this.hex.replaceChildren(element('pre', 'sp-hexdump', hexDump(bytes, 16)));
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

