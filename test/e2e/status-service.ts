/**
 * A 32-bit status service's traffic in code-server: `slotpipe.headers` names status-protocol.h (which
 * #includes status-common.h beside it), an x86 mailslot watcher (NetBIOS on a loopback port) receives a
 * ping, a status and a file-info message sent with `slotpipe send --struct`, and the status message is
 * selected in the traffic panel. For the decode e2e test and the README's screenshot.
 */
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { repoRoot } from './code-server';
import { freeUdpPortGuess } from './free-port';
import { slotpipeSend } from './sender';
import { panelLocator, runCommand, waitForActivityBarItem } from './workbench';
import { openSession, type WorkbenchSession } from './workbench-session';

export const STATUS_HEADER = path.join(repoRoot, 'test/fixtures/headers/status/status-protocol.h');
/** 2024-12-04 23:06:40 UTC, in 100 ns intervals since 1601. */
export const STATUS_STARTED = 133_780_000_000_000_000n;

/** The caller closes the session. */
export async function openStatusMessage(theme: string, viewport: { width: number; height: number }): Promise<{ session: WorkbenchSession; panel: FrameLocator }> {
  const port = await freeUdpPortGuess();
  const session = await openSession({
    area: 'status-service',
    theme,
    viewport,
    settings: {
      'slotpipe.headers': [STATUS_HEADER],
      'slotpipe.watchers': [{ endpoint: '\\\\.\\mailslot\\status', decode: 'auto', arch: 'x86', autoStart: true, netbios: { port, bind: '127.0.0.1' } }],
    },
  });
  try {
    const { page } = session;
    await (await waitForActivityBarItem(page, 'Slotpipe')).click();
    await runCommand(page, 'Slotpipe: Show Traffic');
    const panel = panelLocator(page);
    await panel.locator('.sp-toolbar').waitFor({ timeout: 60_000 });
    const send = (values: string[]) => slotpipeSend(['\\\\.\\mailslot\\status', '--port', String(port), '--to', '127.0.0.1', '--name', 'SVC-32',
      '--header', STATUS_HEADER, '--arch', 'x86', '--struct', 'SP_MESSAGE', ...values.flatMap((v) => ['--set', v])], { TMPDIR: session.pipeDir });
    await send(['flags.version=2', 'flags.priority=5', 'body.ping=1']);
    await send(['flags.version=2', 'flags.priority=3', 'flags.urgent=1', 'body.status.code=503', 'body.status.uptime.QuadPart=864000000000',
      `body.status.started.dwLowDateTime=${STATUS_STARTED & 0xffffffffn}`, `body.status.started.dwHighDateTime=${STATUS_STARTED >> 32n}`, 'body.status.job=0x1a4',
      'session.Data1=0x6b29fc40', 'session.Data2=0xca47', 'session.Data3=0x1067', 'session.Data4=b3 1d 00 dd 01 06 62 da',
      'window.left=100', 'window.top=80', 'window.right=900', 'window.bottom=680']);
    await send(['flags.version=2', 'body.fileInfo.name=report.csv', 'body.fileInfo.size.QuadPart=1048576']);
    await panel.locator('.sp-rows .sp-row', { hasText: 'kind=SP_STATUS' }).click();
    await panel.locator('.sp-fields', { hasText: 'uptime' }).waitFor();
    return { session, panel };
  } catch (error) {
    await session.close();
    throw error;
  }
}
