// The folder `npm start` opens: settings that watch the demo's mailslot and pipe, decode the
// announcements with the sample's own header (slotpipe.headers), and a README saying what to look at.
import fs from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;

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
    'slotpipe.watchers': [mailslotWatcher, { endpoint: pipe, decode: 'text', autoStart: true }],
    'slotpipe.headers': ['ms_protocol.h'],
    'slotpipe.logCapacity': 100000,
  };
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  // The header of the classic sample, so struct decoding from slotpipe.headers is part of the demo.
  fs.copyFileSync(path.join(here, 'demo', 'ms_protocol.h'), path.join(workspace, 'ms_protocol.h'));
  fs.writeFileSync(path.join(workspace, 'README.md'), `# Slotpipe demo

The Slotpipe view in the activity bar lists two watchers from this folder's settings:
\`${mailslot}\` receives MS_MESSAGE server announcements (see **Discovered servers**) and
\`${pipe}\` is a pipe a chatty client talks to. Run **Slotpipe: Show Traffic** to see every message.
`);
}
