/**
 * The few globals core/ and decode/ use that node and browsers both have, declared here because these
 * folders see neither node's types nor the DOM's (the host's and the webview's own types agree with these).
 */
export {};

declare global {
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }

  class TextDecoder {
    constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
    decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
  }
}
