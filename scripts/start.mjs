// `npm start`: Slotpipe running with demo traffic.
// Linux: code-server 4.100.3 on 127.0.0.1 (isolated folders below .vscode-test/demo/, no auth) with
// Slotpipe loaded in development mode, a demo folder whose settings watch a mailslot (NetBIOS datagrams
// on a loopback UDP port) and a pipe (a Unix socket), and a demo process that announces servers with
// MS_MESSAGE and chats on the pipe. Prints the URL; Ctrl-C stops everything it started.
// Windows and macOS: VS Code desktop (`code` on PATH) with the extension in development mode and the same
// demo (on Windows through a Win32 mailslot and pipe).
import * as esbuild from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { chatHeaderPath, writeDemoWorkspace } from './demo-workspace.mjs';
import { ensure as ensureCodeServer, launchCodeServer } from './setup/code-server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const demoDir = path.join(root, '.vscode-test', 'demo');
const workspace = path.join(demoDir, 'workspace');
const windows = process.platform === 'win32';
const desktop = process.platform !== 'linux';
const MAILSLOT = '\\\\.\\mailslot\\slotpipe_demo';
const PIPE = '\\\\.\\pipe\\slotpipe-demo-chat';

const stops = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops.reverse()) await stop().catch((err) => console.error(`start: ${err.message}`));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  step('building');
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed (see above)');
  await esbuild.build({
    entryPoints: [path.join(root, 'scripts', 'demo-traffic.ts')], outfile: path.join(demoDir, 'demo-traffic.js'),
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['koffi'], logLevel: 'warning',
  });

  const port = windows ? undefined : await freeUdpPort();
  writeDemoWorkspace(workspace, { mailslot: MAILSLOT, pipe: PIPE, port });

  let url;
  if (desktop) {
    step('opening VS Code with Slotpipe in development mode');
    const code = spawn('code', [`--extensionDevelopmentPath=${root}`, workspace], { shell: true, stdio: 'inherit' });
    code.on('error', (err) => console.error(`start: cannot run "code" (${err.message}); is VS Code on PATH?`));
  } else {
    step('code-server');
    await ensureCodeServer();
    const server = await launchCodeServer({
      home: path.join(demoDir, 'server'),
      userSettings: { 'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never' },
      folder: workspace,
    });
    stops.push(() => server.stop());
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`]]);
    url = `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  }

  step('demo traffic');
  const demoArgs = [path.join(demoDir, 'demo-traffic.js'), '--mailslot', MAILSLOT, '--pipe', PIPE, '--header', chatHeaderPath, ...(port ? ['--port', String(port)] : [])];
  const demo = spawn(process.execPath, demoArgs, { cwd: root, stdio: 'inherit', detached: !windows });
  stops.push(async () => {
    if (demo.exitCode !== null) return;
    try {
      if (windows) demo.kill();
      else process.kill(-demo.pid, 'SIGKILL');
    } catch (err) {
      if (err.code !== 'ESRCH') throw err;
    }
  });
  demo.on('exit', (code) => {
    if (!stopping) {
      console.error(`start: the demo traffic stopped (exit ${code})`);
      void stopAll(1);
    }
  });

  console.log('');
  if (url) {
    console.log('Slotpipe is running in code-server. Open this URL in a browser:');
    console.log(`\n  ${url}\n`);
  } else {
    console.log('Slotpipe is running in VS Code (Extension Development Host).');
  }
  console.log(`Demo: MS_MESSAGE announcements to ${MAILSLOT}${port ? ` (NetBIOS datagrams on 127.0.0.1:${port})` : ''}, a chatty client on ${PIPE} (CHAT_LINE structs).`);
  console.log('Press Ctrl-C to stop.');
} catch (err) {
  console.error(`start: ${err.message}`);
  await stopAll(1);
}

function step(text) {
  console.log(`start: ${text}`);
}

async function freeUdpPort() {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}
