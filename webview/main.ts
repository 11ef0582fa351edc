/** The traffic panel's webview entry point (bundled to dist/webview.js). */
import './l10n-bundle';
import { PanelApp } from './panel-app';

new PanelApp(document.getElementById('app')!);
