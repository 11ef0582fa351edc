/** Keeps the capture file of `slotpipe.captureFile` open and appends every logged batch to it. */
import type * as vscode from 'vscode';
import { CaptureFileWriter } from '../capture/capture-file';
import type { DescribeMessage } from '../capture/capture-record';
import type { SlotpipeServicesHost } from './slotpipe-services';
import { resolveWorkspacePath } from './slotpipe-services';
import { errorMessage } from '../core/error-message';

export class CaptureRecorder implements vscode.Disposable {
  private writer: CaptureFileWriter | undefined;
  private configured = '';
  private switching: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private readonly settingsSubscription: vscode.Disposable;

  constructor(
    private readonly services: SlotpipeServicesHost,
    private readonly describe: DescribeMessage,
  ) {
    this.unsubscribe = services.log.onAppend((batch) => void this.writer?.append(batch));
    this.settingsSubscription = services.onDidApplySettings((read) => void this.use(read.settings.captureFile));
  }

  /** Where capture goes now ('' = nowhere); resolves once the file is open. */
  use(file: string): Promise<void> {
    this.switching = this.switching.then(async () => {
      if (file === this.configured) return;
      this.configured = file;
      const previous = this.writer;
      const closed = previous?.close() ?? Promise.resolve();
      // The next file takes every batch from now on and writes them once the previous one is closed.
      this.writer = file ? CaptureFileWriter.opening(resolveWorkspacePath(file).fsPath, this.describe, (message) => this.services.output.error(message), closed) : undefined;
      const writer = this.writer;
      await closed;
      if (!writer) return;
      try {
        await writer.ready;
        this.services.output.info(`capturing every message to ${writer.path}`);
      } catch (err) {
        if (this.writer === writer) this.writer = undefined;
        this.services.output.error(`slotpipe.captureFile: ${errorMessage(err)}`);
      }
    });
    return this.switching;
  }

  get path(): string | undefined {
    return this.writer?.path;
  }

  /** Waits until everything logged so far is on disk. */
  async flush(): Promise<void> {
    await this.switching;
    await this.writer?.append([]);
  }

  dispose(): void {
    this.unsubscribe();
    this.settingsSubscription.dispose();
    void this.writer?.close();
  }
}
