/** `#include`d files read from disk (the CLI and the header worker), remembering each one read so the webview can be given them. */
import fs from 'node:fs';
import path from 'node:path';
import { headerText, type HeaderFiles } from '../decode/index';
import { readRegularFile } from '../files/regular-file';

/** Files read for `#include`, and `readFiles`: each one read, by its path. */
export function diskHeaderFiles(includePath: readonly string[]): HeaderFiles & { readFiles: Map<string, string> } {
  const readFiles = new Map<string, string>();
  return {
    includePath: includePath.map((dir) => path.resolve(dir)),
    readFiles,
    read(file) {
      const known = readFiles.get(file);
      if (known !== undefined) return known;
      // No file there: the next place is tried. One that is there but no regular file, or too big, is an error.
      if (!fs.existsSync(file)) return undefined;
      const text = headerText(readRegularFile(file));
      readFiles.set(file, text);
      return text;
    },
  };
}
