/**
 * Decoding in the webview: the rows on screen are decoded here with extension/decode, using the
 * built-in structs plus the header set the host sends (headers, the files they include), laid out
 * for each message's target (its watcher's `arch`). Summaries are remembered per row and decoder
 * choice, so scrolling back does not decode again.
 */
import { DEFAULT_ARCH, type Arch } from '../extension/core/arch';
import { PLAIN_DECODERS } from '../extension/core/settings';
import { decode, decodeElements, ELEMENTS_PER_REQUEST, parseDecoderChoice, structOf, type DecodedField, type DecodedView, type StructRegistry } from '../extension/decode/index';
import { registryFor } from '../extension/decode/header-set';
import { EMPTY_HEADER_SET, type HeaderSet, type HeaderSource } from '../extension/core/header-set';
import { errorMessage } from '../extension/core/error-message';

export class Decoding {
  private set: HeaderSet = EMPTY_HEADER_SET;
  /** One registry per target in use, built when first asked for. */
  private registries = new Map<Arch, StructRegistry>();
  private readonly summaries = new WeakMap<Uint8Array, { choice: string; arch: Arch; version: number; summary: string }>();
  /** Bumped when the headers change: every remembered summary is stale then. */
  private version = 0;
  /** Header files that could not be read, with the reason (shown in the detail pane). */
  headerProblems: string[] = [];

  setHeaders(headers: HeaderSource[], more: Omit<HeaderSet, 'headers'> = { included: [], includePath: [], defines: [] }): void {
    this.set = { headers, ...more };
    this.registries.clear();
    this.headerProblems = this.registry(DEFAULT_ARCH).problems;
    this.version++;
  }

  private registry(arch: Arch): { registry: StructRegistry; problems: string[] } {
    let registry = this.registries.get(arch);
    let problems: string[] = [];
    if (!registry) {
      ({ registry, problems } = registryFor(this.set, arch));
      this.registries.set(arch, registry);
    }
    return { registry, problems };
  }

  /** Every choice offered in the decoder pickers. */
  choices(): string[] {
    return [...PLAIN_DECODERS, ...this.registry(DEFAULT_ARCH).registry.names().map((name: string) => `struct:${name}`)];
  }

  view(bytes: Uint8Array, choiceText: string, arch: Arch = DEFAULT_ARCH): DecodedView {
    const { registry } = this.registry(arch);
    try {
      return decode(bytes, parseDecoderChoice(choiceText), registry);
    } catch (error) {
      // A choice from an older setting that no longer parses: show the message anyway, and say why.
      const view = decode(bytes, 'auto', registry);
      return { ...view, problems: [errorMessage(error), ...view.problems] };
    }
  }

  /** More elements of a large array in a struct view (`path` as `decodeElements` takes it); none if the struct is gone. */
  elements(bytes: Uint8Array, view: DecodedView, path: number[], start: number, arch: Arch = DEFAULT_ARCH): DecodedField[] {
    const name = structOf(parseDecoderChoice(view.decoder));
    const layout = name === undefined ? undefined : this.registry(arch).registry.get(name);
    return layout ? decodeElements(bytes, layout, path, start, ELEMENTS_PER_REQUEST) : [];
  }

  summary(bytes: Uint8Array, choice: string, arch: Arch = DEFAULT_ARCH): string {
    const known = this.summaries.get(bytes);
    if (known?.choice === choice && known.arch === arch && known.version === this.version) return known.summary;
    const summary = this.view(bytes, choice, arch).summary;
    this.summaries.set(bytes, { choice, arch, version: this.version, summary });
    return summary;
  }
}
