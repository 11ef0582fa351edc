/**
 * The panel's strings in the display language: the host writes its l10n bundle (the one vscode.l10n.t
 * uses) into the page as JSON; this module hands it to @vscode/l10n before any other module's
 * l10n.t runs, so main.ts imports it first. Without a bundle (English) every string stays as written.
 */
import * as l10n from '@vscode/l10n';
import { L10N_BUNDLE_ELEMENT_ID } from '../extension/core/panel-protocol';

const text = document.getElementById(L10N_BUNDLE_ELEMENT_ID)?.textContent;
if (text) l10n.config({ contents: JSON.parse(text) as Record<string, string> });
