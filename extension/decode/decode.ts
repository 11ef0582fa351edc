/** The one entry point views call: bytes and a decoder choice in, a DecodedView out. Never throws. */
import { autoDecode } from './auto';
import { structOf, type DecoderChoice } from '../core/decoder-choice';
import type { StructRegistry } from './registry';
import type { DecodedView } from './decoded-view';
import { hexView, structView, textView } from './view-builders';
import { errorMessage } from '../core/error-message';

function decodeChosen(bytes: Uint8Array, choice: DecoderChoice, registry: StructRegistry): DecodedView {
  switch (choice) {
    case 'auto':
      return autoDecode(bytes, registry);
    case 'text':
      return textView(bytes, 'utf8', 'chosen');
    case 'utf16':
      return textView(bytes, 'utf16', 'chosen');
    case 'ansi':
      return textView(bytes, 'ansi', 'chosen');
    case 'hex':
      return hexView(bytes, 'chosen');
  }
  const name = structOf(choice)!;
  const layout = registry.get(name);
  if (!layout) {
    const known = registry.names();
    return hexView(bytes, `struct ${name} is not known, shown as hex`, [`no struct named ${name}; known: ${known.length ? known.join(', ') : 'none'}`]);
  }
  return structView(bytes, layout, `chosen: struct ${layout.name} (${layout.size} bytes${layout.origin ? `, ${layout.origin}` : ''})`);
}

export function decode(bytes: Uint8Array, choice: DecoderChoice, registry: StructRegistry): DecodedView {
  try {
    return decodeChosen(bytes, choice, registry);
  } catch (err) {
    // A decoder bug must not take a view down: show the bytes and say what went wrong.
    return hexView(bytes, `decoder ${choice} failed, shown as hex`, [`decoder error: ${errorMessage(err)}`]);
  }
}
