// The folder `npm start` opens: settings that watch the demo's mailslot (MS_MESSAGE announcements,
// decoded by the built-in struct) and pipe (chat lines, decoded with the demo's own header through
// slotpipe.headers), and a README saying what to look at.
import fs from 'node:fs';
import path from 'node:path';

const CHAT_HEADER = 'chat_protocol.h';
/** The header the demo's chat client encodes with (scripts/demo-traffic.ts reads it too). */
export const chatHeaderPath = path.join(import.meta.dirname, 'demo', CHAT_HEADER);

/**
 * @param {string} workspace the folder to write
 * @param {{ mailslot: string, pipe: string, port?: number }} demo the endpoints; `port`: the loopback UDP
 *   port of the NetBIOS datagrams off Windows (none on Windows, where the mailslot is a Win32 one)
 */
export function writeDemoWorkspace(workspace, { mailslot, pipe, port }) {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const mailslotWatcher = { endpoint: mailslot, decode: 'struct:MS_MESSAGE', autoStart: true };
  if (port) mailslotWatcher.netbios = { port, bind: '127.0.0.1' };
  const settings = {
    'slotpipe.watchers': [mailslotWatcher, { endpoint: pipe, decode: 'struct:CHAT_LINE', autoStart: true }],
    'slotpipe.headers': [CHAT_HEADER],
    'slotpipe.logCapacity': 100000,
  };
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  fs.copyFileSync(chatHeaderPath, path.join(workspace, CHAT_HEADER));
  fs.writeFileSync(path.join(workspace, 'README.md'), `# Slotpipe demo

The Slotpipe view in the activity bar lists two watchers from this folder's settings:
\`${mailslot}\` receives MS_MESSAGE server announcements (see **Discovered servers**) and
\`${pipe}\` is a pipe a chatty client talks to, in \`CHAT_LINE\` structs from \`${CHAT_HEADER}\`.
Run **Slotpipe: Show Traffic** to see every message.
`);
}
