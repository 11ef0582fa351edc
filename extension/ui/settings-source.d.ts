import { type SlotpipeSettings, type WatcherSetting } from '../core/settings';
import type { ConfiguredWatcher } from '../watchers/watcher-manager';
export declare const SECTION = "slotpipe";
export interface ReadSettings {
    settings: SlotpipeSettings;
    watchers: ConfiguredWatcher[];
    problems: string[];
}
export declare function readSettings(): ReadSettings;
/** Adds a watcher to the settings (or replaces the one with the same endpoint). */
export declare function addWatcherSetting(setting: WatcherSetting): Promise<void>;
/** Changes one field of a configured watcher where it is configured. */
export declare function updateWatcherSetting(id: string, origin: 'user' | 'workspace', change: Partial<WatcherSetting>): Promise<void>;
