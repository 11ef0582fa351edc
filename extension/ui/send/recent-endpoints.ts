/** The endpoint names a person sent to lately, newest first, kept across sessions. */
import type * as vscode from 'vscode';

const KEY = 'slotpipe.recentEndpoints';
const MAX = 10;

export class RecentEndpoints {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    const value = this.state.get<unknown>(KEY);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  async remember(endpoint: string): Promise<void> {
    const rest = this.list().filter((e) => e.toLowerCase() !== endpoint.toLowerCase());
    await this.state.update(KEY, [endpoint, ...rest].slice(0, MAX));
  }
}
