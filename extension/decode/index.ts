/**
 * Slotpipe's decoders: pure TypeScript shared by the webview, the CLI and the tests.
 * Text (UTF-8, UTF-16LE, Windows-1252), hex dumps, and C structs read from the user's headers.
 */
export { parseDecoderChoice, structOf, type DecoderChoice } from '../core/decoder-choice';
export { decode } from './decode';
export { hexDump, hexDumpLines, hexRows, type HexRow } from './hex';
export { parseHex } from '../core/hex';
export { HeaderError, HeaderLimitError } from './header-error';
export { headerText } from './header-text';
export { StructRegistry, type HeaderSummary, type RegistrySnapshot } from './registry';
export { encodeStruct, EncodeError } from './struct-encode';
export { decodeElements, ELEMENTS_PER_REQUEST, FIRST_ELEMENTS } from './struct-decode';
export { filesFromMap, KNOWN_SYSTEM_HEADERS, type HeaderFiles } from './includes';
export { formFields, overlapsFilled, MAX_FORM_FIELDS, type FormField } from './form-fields';
export { memberNamed, typeName, type CType, type Magic, type StructField, type StructLayout } from './layout';
export type { DecodedField, DecodedView } from './decoded-view';
