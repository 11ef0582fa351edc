/**
 * The `decoded` field of a capture line: the message as its watcher's decoder shows it (text, or
 * struct fields with offsets, or what `auto` recognised), from the decoders in decode/.
 */
import type { TrafficMessage } from '../core/message';
import { decode, parseDecoderChoice, type DecoderChoice, type StructRegistry } from '../decode/index';
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
    const view = decode(message.bytes, choice, registry());
    const { reason: _reason, ...decoded } = view;
    if (!decoded.problems.length) delete (decoded as { problems?: string[] }).problems;
    return decoded;
  };
}
