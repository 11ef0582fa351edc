/**
 * Takes the README's screenshots: the Slotpipe sidebar and traffic panel with MS_MESSAGE server
 * announcements (a mailslot, as NetBIOS datagrams on a loopback port) and a chatty pipe client, in
 * the light, dark and high contrast themes; and (`decode`) the detail of a tagged message with bit
 * fields, nested unions and the SDK's types from a 32-bit peer's header that #includes another.
 * Run: node --import tsx test/e2e/screenshots.ts [light|dark|high-contrast|decode ...]
 * Writes docs/screenshots/traffic-panel-<theme>.png and decode-detail-dark.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './code-server';
import { freeUdpPortGuess } from './free-port';
import { slotpipeSend } from './sender';
import { openStatusMessage } from './status-service';
import { panelLocator, runCommand, waitForActivityBarItem } from './workbench';
import { openSession, waitUntil } from './workbench-session';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern', 'high-contrast': 'Default High Contrast' } as const;
const outDir = path.join(repoRoot, 'docs', 'screenshots');

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

/** A status service's message in the detail (status-service.ts), from an x86 watcher. */
async function shootDecode(): Promise<string> {
  const { session } = await openStatusMessage(THEMES.dark, { width: 1440, height: 1100 });
  try {
    await session.page.waitForTimeout(1500);
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, 'decode-detail-dark.png');
    await session.page.screenshot({ path: file });
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
