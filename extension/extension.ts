/**
 * The composition root: builds the one TrafficLog, watcher manager and services, and hands them to
 * the views and commands. Nothing else happens here. Activation stays cheap: backends (and koffi)
 * load on first use.
 */
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { TrafficLog } from './core/traffic-log';
import { Conversations } from './core/conversations';
import { WatcherManager } from './watchers/watcher-manager';
import { DiscoveredServers } from './watchers/server-announcements';
import { SlotpipeServicesHost } from './ui/slotpipe-services';
import { readSettings } from './ui/settings-source';
import { logMaxBytes } from './core/settings';
import { CaptureRecorder } from './ui/capture-recorder';
import { createDescriber } from './capture/describe-message';
import { registerTrafficPanel } from './ui/panel/traffic-panel';
import { WatchersTree, WATCHERS_VIEW_ID } from './ui/sidebar/watchers-tree';
import { PipesTree, PIPES_VIEW_ID } from './ui/sidebar/pipes-tree';
import { ServersTree, SERVERS_VIEW_ID } from './ui/sidebar/servers-tree';
import { registerStatusBar } from './ui/status-bar';
import { RecentEndpoints } from './ui/send/recent-endpoints';
import { MessageSender } from './ui/send/message-sender';
import { RepeatSender } from './ui/send/repeat-sender';
import type { CommandContext } from './ui/commands/command-context';
import { registerWatcherCommands } from './ui/commands/watcher-commands';
import { registerTrafficCommands } from './ui/commands/traffic-commands';
import { registerSendCommands } from './ui/commands/send-commands';
import { registerPipeCommands } from './ui/commands/pipe-commands';
import { registerInterceptCommands } from './ui/commands/intercept-commands';
import { registerCaptureCommands } from './ui/commands/capture-commands';
import { registerServerCommands } from './ui/commands/server-commands';
import { registerChatCommands } from './ui/commands/chat-commands';
import type { SlotpipeApi } from './ui/extension-api';
import { errorMessage } from './core/error-message';

let stopWatchers: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): SlotpipeApi {
  // Strings outside ui/ (and the webview's) are translated with the same bundle as vscode.l10n.t.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const output = vscode.window.createOutputChannel('Slotpipe', { log: true });
  const { settings } = readSettings();
  const log = new TrafficLog(settings.logCapacity, logMaxBytes(settings));
  // Right after the log: the panel's `conn:N` filter asks it about messages it has already read.
  const conversations = new Conversations(log);
  const manager = new WatcherManager(log, output, { connections: conversations });
  stopWatchers = () => manager.dispose();
  const services = new SlotpipeServicesHost(log, conversations, manager, output);
  const servers = new DiscoveredServers({ mappings: () => services.settings.settings.serverAnnouncements, registry: () => services.structRegistry() });
  const unobserve = log.onAppend((batch) => servers.observe(batch));
  const describe = createDescriber((watcherId) => manager.get(watcherId)?.decode, () => services.structRegistry());
  const capture = new CaptureRecorder(services, describe);
  const pipesTree = new PipesTree(output);
  const sender = new MessageSender(manager, log);
  const repeater = new RepeatSender(sender, output);
  const panel = registerTrafficPanel(context, services);

  const ctx: CommandContext = {
    extension: context,
    services,
    manager,
    servers,
    pipesTree,
    recent: new RecentEndpoints(context.globalState),
    panel,
    describe,
  };
  const watchersTree = new WatchersTree(services);
  const serversTree = new ServersTree(servers);
  context.subscriptions.push(
    output,
    services,
    capture,
    repeater,
    watchersTree,
    pipesTree,
    serversTree,
    { dispose: unobserve },
    { dispose: () => servers.dispose() },
    { dispose: () => conversations.dispose() },
    vscode.window.registerTreeDataProvider(WATCHERS_VIEW_ID, watchersTree),
    vscode.window.registerTreeDataProvider(PIPES_VIEW_ID, pipesTree),
    vscode.window.registerTreeDataProvider(SERVERS_VIEW_ID, serversTree),
    registerStatusBar(services, () => manager.totalRate()),
    ...registerWatcherCommands(ctx),
    ...registerTrafficCommands(ctx),
    ...registerSendCommands(ctx, sender, repeater),
    ...registerPipeCommands(ctx),
    ...registerInterceptCommands(ctx),
    ...registerCaptureCommands(ctx),
    ...registerServerCommands(ctx),
    ...registerChatCommands(ctx),
  );

  const ready = services.reload().catch((err: unknown) => output.error(`applying settings failed: ${errorMessage(err)}`));
  return { services, manager, servers, capture, repeater, ready };
}

/** Stops every watcher, so each handle and socket is closed before the host goes away. */
export async function deactivate(): Promise<void> {
  await stopWatchers?.();
  stopWatchers = undefined;
}
