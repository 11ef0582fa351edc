/**
 * Takes the README's screenshots: the Slotpipe sidebar and traffic panel with MS_MESSAGE server
 * announcements (a mailslot, as NetBIOS datagrams on a loopback port) and a chatty pipe client, in
 * the light, dark and high contrast themes; and (`decode`) the detail of a tagged message with bit
 * fields, nested unions and the SDK's types from a 32-bit peer's header that #includes another.
 * Run: node --import tsx test/e2e/screenshots.ts [light|dark|high-contrast|decode ...]
 * Writes docs/screenshots/traffic-panel-<theme>.png and decode-detail-dark.png.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from './code-server';
import { slotpipeSend } from './sender';
import { panelLocator, runCommand, waitForActivityBarItem } from './workbench';
import { openSession, waitUntil } from './workbench-session';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern', 'high-contrast': 'Default High Contrast' } as const;
const outDir = path.join(repoRoot, 'docs', 'screenshots');

async function freeUdpPortGuess(): Promise<number> {
  // A TCP port free on loopback right now; UDP ports are looked up the same way for a private test.
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function shoot(name: keyof typeof THEMES): Promise<string> {
  const port = await freeUdpPortGuess();
  const session = await openSession({
    area: 'screenshots',
    theme: THEMES[name],
    viewport: { width: 1440, height: 860 },
    settings: {
      'slotpipe.watchers': [
        { endpoint: '\\\\.\\mailslot\\sms', decode: 'auto', autoStart: true, netbios: { port, bind: '127.0.0.1' } },
        { endpoint: '\\\\.\\pipe\\ssnp', decode: 'auto', autoStart: true },
      ],
    },
  });
  try {
    const { page } = session;
    await waitUntil(() => fs.existsSync(path.join(session.pipeDir, 'CoreFxPipe_ssnp')), 'the pipe watcher', session);
    await (await waitForActivityBarItem(page, 'Slotpipe')).click();
    await runCommand(page, 'Slotpipe: Show Traffic');
    const panel = panelLocator(page);
    await panel.locator('.sp-toolbar').waitFor({ timeout: 60_000 });

    const env = { TMPDIR: session.pipeDir };
    const mailslot = ['\\\\.\\mailslot\\sms', '--port', String(port), '--to', '127.0.0.1', '--name', 'BUILD-07'];
    const senders: Promise<string>[] = [];
    for (const [ip, serverPort, count] of [['10.0.0.21', 5000, 14], ['10.0.0.35', 5001, 9]] as const) {
      senders.push(slotpipeSend([...mailslot, '--struct', 'MS_MESSAGE', '--set', `ipStr=${ip}`, '--set', `ip=${ip}`, '--set', `port=${serverPort}`,
        '--count', String(count), '--repeat', '0.35'], env));
    }
    senders.push(slotpipeSend(['\\\\.\\pipe\\ssnp', 'STATUS build=1842 queue=3 state=running', '--count', '6', '--repeat', '0.6'], env));
    senders.push(slotpipeSend(['\\\\.\\pipe\\ssnp', 'PING from deploy agent', '--utf16', '--nul', '--count', '3', '--repeat', '1'], env));
    await Promise.all(senders);

    await panel.locator('.sp-rows .sp-row', { hasText: 'MS_MESSAGE' }).nth(2).click();
    await panel.locator('.sp-fields').waitFor();
    await page.waitForTimeout(1500); // one chart tick, so the last second is drawn
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `traffic-panel-${name}.png`);
    await page.screenshot({ path: file });
    return file;
  } finally {
    await session.close();
  }
}

/** A status service's message: its header (status-protocol.h) #includes status-common.h; the watcher is x86. */
async function shootDecode(): Promise<string> {
  const port = await freeUdpPortGuess();
  const header = path.join(repoRoot, 'test/fixtures/headers/status/status-protocol.h');
  const session = await openSession({
    area: 'screenshots',
    theme: THEMES.dark,
    viewport: { width: 1440, height: 1100 },
    settings: {
      'slotpipe.headers': [header],
      'slotpipe.watchers': [{ endpoint: '\\\\.\\mailslot\\status', decode: 'auto', arch: 'x86', autoStart: true, netbios: { port, bind: '127.0.0.1' } }],
    },
  });
  try {
    const { page } = session;
    await (await waitForActivityBarItem(page, 'Slotpipe')).click();
    await runCommand(page, 'Slotpipe: Show Traffic');
    const panel = panelLocator(page);
    await panel.locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    const started = 133_780_000_000_000_000n; // 2024-12-04, in 100 ns since 1601
    const send = (values: string[]) => slotpipeSend(['\\\\.\\mailslot\\status', '--port', String(port), '--to', '127.0.0.1', '--name', 'SVC-32',
      '--header', header, '--arch', 'x86', '--struct', 'SP_MESSAGE', ...values.flatMap((v) => ['--set', v])], { TMPDIR: session.pipeDir });
    await send(['flags.version=2', 'flags.priority=5', 'body.ping=1']);
    await send(['flags.version=2', 'flags.priority=3', 'flags.urgent=1', 'body.status.code=503', 'body.status.uptime.QuadPart=864000000000',
      `body.status.started.dwLowDateTime=${started & 0xffffffffn}`, `body.status.started.dwHighDateTime=${started >> 32n}`, 'body.status.job=0x1a4',
      'session.Data1=0x6b29fc40', 'session.Data2=0xca47', 'session.Data3=0x1067', 'session.Data4=b3 1d 00 dd 01 06 62 da',
      'window.left=100', 'window.top=80', 'window.right=900', 'window.bottom=680']);
    await send(['flags.version=2', 'body.fileInfo.name=report.csv', 'body.fileInfo.size.QuadPart=1048576']);
    await panel.locator('.sp-rows .sp-row', { hasText: 'kind=SP_STATUS' }).click();
    await panel.locator('.sp-fields', { hasText: 'uptime' }).waitFor();
    await page.waitForTimeout(1500);
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, 'decode-detail-dark.png');
    await page.screenshot({ path: file });
    return file;
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  for (const name of asked) if (!(name in THEMES) && name !== 'decode') throw new Error(`unknown screenshot "${name}": use ${Object.keys(THEMES).join(', ')} or decode`);
  const names = asked.length ? asked : [...Object.keys(THEMES), 'decode'];
  for (const name of names) console.log(name === 'decode' ? await shootDecode() : await shoot(name as keyof typeof THEMES));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
