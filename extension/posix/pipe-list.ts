/** The pipes served on this computer off Windows: the `CoreFxPipe_*` sockets in the temp folder. */
import fs from 'node:fs';
import path from 'node:path';
import type { PipeInfo } from '../core/backend';
import { pipeDirectory, pipeNameOf } from './pipe-path';

export async function listUnixPipes(directory?: string): Promise<PipeInfo[]> {
  const folder = pipeDirectory(directory);
  const entries = await fs.promises.readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isSocket() && pipeNameOf(entry.name) !== undefined)
    .map((entry) => {
      const name = pipeNameOf(entry.name) as string;
      return { path: `\\\\.\\pipe\\${name}`, name, socketPath: path.join(folder, entry.name) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
