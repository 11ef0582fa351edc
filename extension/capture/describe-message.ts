/**
 * The `decoded` field of a message record: the message as its decoder shows it (text, or struct
 * fields with offsets, or what `auto` recognised), from the decoders in decode/.
 */
import type { TrafficMessage } from '../core/message';
import { decode, parseDecoderChoice, type DecodedView, type DecoderChoice, type StructRegistry } from '../decode/index';
import type { DescribeMessage } from './capture-record';

/** `decoderFor` names a watcher's decoder choice (settings text); unknown watchers use `auto`. */
export function createDescriber(decoderFor: (watcherId: string) => string | undefined, registry: () => StructRegistry): DescribeMessage {
  return (message: TrafficMessage) => {
    let choice: DecoderChoice = 'auto';
    try {
      choice = parseDecoderChoice(decoderFor(message.watcherId) ?? 'auto');
    } catch {
      // A bad choice is reported by the settings check; the capture still gets what auto sees.
    }
    return recordView(decode(message.bytes, choice, registry()));
  };
}

/** A decoded view as a record carries it: the decoder's reason and an empty problem list left out. */
export function recordView(view: DecodedView): Partial<DecodedView> {
  const { reason: _reason, ...decoded } = view;
  if (!decoded.problems.length) delete (decoded as { problems?: string[] }).problems;
  return decoded;
}
