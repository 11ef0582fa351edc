/** `#include`d files read from disk (the CLI and the header worker), remembering each one read so the webview can be given them. */
import fs from 'node:fs';
import path from 'node:path';
import { headerText, type HeaderFiles } from '../decode/index';

/** Larger files are refused as headers (the header itself is read by its caller). */
const MAX_INCLUDED_BYTES = 16 * 1024 * 1024;

/** Files read for `#include`, and `readFiles`: each one read, by its path. */
export function diskHeaderFiles(includePath: readonly string[]): HeaderFiles & { readFiles: Map<string, string> } {
  const readFiles = new Map<string, string>();
  return {
    includePath: includePath.map((dir) => path.resolve(dir)),
    readFiles,
    read(file) {
      const known = readFiles.get(file);
      if (known !== undefined) return known;
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile() || stat.size > MAX_INCLUDED_BYTES) return undefined;
        const text = headerText(fs.readFileSync(file));
        readFiles.set(file, text);
        return text;
      } catch {
        return undefined;
      }
    },
  };
}
