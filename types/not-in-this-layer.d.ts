/**
 * What `vscode` and `koffi` resolve to in core/, decode/ and the webview (tsconfig.base.json's paths): a
 * module that exports nothing, so using either there is a compile error. The host's and the tests'
 * projects see the real ones.
 */
export {};
