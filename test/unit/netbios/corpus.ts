/** The real captured datagrams and capture files under test/fixtures, for the codec tests and the fuzzing. */
import fs from 'node:fs';
import path from 'node:path';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures');

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
}

function load(folder: string): CorpusFile[] {
  const dir = path.join(fixtures, folder);
  return fs.readdirSync(dir)
    .filter((name) => !name.endsWith('.md'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))) }));
}

/** Distinct NetBIOS datagrams (UDP payloads) taken from the captures. */
export const datagramCorpus = (): CorpusFile[] => load('datagrams');

/** The capture files; `port` is the UDP port their datagrams use besides 138. */
export const captureCorpus = (): (CorpusFile & { port: number })[] =>
  load('pcap').map((file) => ({ ...file, port: Number(/port(\d+)/.exec(file.name)?.[1] ?? 138) }));
