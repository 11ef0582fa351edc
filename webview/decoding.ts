/**
 * Decoding in the webview: the rows on screen are decoded here with extension/decode, using the
 * built-in structs plus the header sources the host sends. Summaries are remembered per row and
 * decoder choice, so scrolling back does not decode again.
 */
import { PLAIN_DECODERS } from '../extension/core/settings';
import { decode, decodeElements, ELEMENTS_PER_REQUEST, parseDecoderChoice, structOf, StructRegistry, type DecodedField, type DecodedView } from '../extension/decode/index';
import { errorMessage } from '../extension/core/error-message';

export class Decoding {
  private registry = StructRegistry.withBuiltins();
  private readonly summaries = new WeakMap<Uint8Array, { choice: string; version: number; summary: string }>();
  /** Bumped when the headers change: every remembered summary is stale then. */
  private version = 0;
  /** Header files that could not be read, with the reason (shown in the detail pane). */
  headerProblems: string[] = [];

  setHeaders(headers: { fileName: string; source: string }[]): void {
    const registry = StructRegistry.withBuiltins();
    const problems: string[] = [];
    for (const header of headers) {
      try {
        registry.addHeader(header.fileName, header.source);
      } catch (error) {
        problems.push(errorMessage(error));
      }
    }
    this.registry = registry;
    this.headerProblems = problems;
    this.version++;
  }

  /** Every choice offered in the decoder pickers. */
  choices(): string[] {
    return [...PLAIN_DECODERS, ...this.registry.names().map((name: string) => `struct:${name}`)];
  }

  view(bytes: Uint8Array, choiceText: string): DecodedView {
    try {
      return decode(bytes, parseDecoderChoice(choiceText), this.registry);
    } catch (error) {
      // A choice from an older setting that no longer parses: show the message anyway, and say why.
      const view = decode(bytes, 'auto', this.registry);
      return { ...view, problems: [errorMessage(error), ...view.problems] };
    }
  }

  /** More elements of a large array in a struct view (`path` as `decodeElements` takes it); none if the struct is gone. */
  elements(bytes: Uint8Array, view: DecodedView, path: number[], start: number): DecodedField[] {
    const name = structOf(parseDecoderChoice(view.decoder));
    const layout = name === undefined ? undefined : this.registry.get(name);
    return layout ? decodeElements(bytes, layout, path, start, ELEMENTS_PER_REQUEST) : [];
  }

  summary(bytes: Uint8Array, choice: string): string {
    const known = this.summaries.get(bytes);
    if (known?.choice === choice && known.version === this.version) return known.summary;
    const summary = this.view(bytes, choice).summary;
    this.summaries.set(bytes, { choice, version: this.version, summary });
    return summary;
  }
}
