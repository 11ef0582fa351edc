/**
 * The CLI's contract for bad usage: a one-line error naming what is wrong and exit code 2, before any
 * endpoint is touched; --help on every command. Runs the built dist/cli.js with this machine's node.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../..');

function slotpipe(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { encoding: 'utf8', cwd: root, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('every command has --help, and the overview lists them', () => {
  const overview = slotpipe('--help');
  assert.equal(overview.code, 0);
  for (const command of ['watch', 'send', 'pipes', 'connect', 'decode', 'intercept']) {
    assert.match(overview.stdout, new RegExp(`^  ${command} `, 'm'));
    const help = slotpipe(command, '--help');
    assert.equal(help.code, 0, command);
    assert.match(help.stdout, new RegExp(`^Usage: slotpipe ${command}`), command);
  }
});

test('bad usage: exit 2 with one line saying what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [[], /^slotpipe — watch/],
    [['frobnicate'], /unknown command "frobnicate"; commands: watch, send, pipes, connect, decode/],
    [['watch'], /watch: name an endpoint/],
    [['watch', '\\\\.\\file\\x'], /expected "mailslot" or "pipe" after the machine name, found "file"/],
    [['watch', '\\\\.\\pipe\\x', '--count', 'many'], /--count takes a whole number from 1/],
    [['watch', '\\\\.\\pipe\\x', '--pipe-mode', 'stream'], /--pipe-mode must be one of message, byte, got "stream"/],
    [['watch', '\\\\.\\pipe\\x', '--port', '70000'], /--port takes a whole number from 1 to 65535/],
    [['watch', '\\\\.\\pipe\\x', '--colour'], /Unknown option '--colour'/],
    [['watch', '\\\\.\\mailslot\\x', '--decode', 'struct:NOPE'], /no struct named "NOPE"/],
    [['send', '\\\\.\\mailslot\\x'], /give a payload: TEXT, --hex HEX, --file FILE or --struct NAME/],
    [['send', '\\\\.\\mailslot\\x', 'text', '--hex', 'aa'], /give one payload, not TEXT and --hex/],
    [['send', '\\\\.\\mailslot\\x', '--hex', 'abc'], /--hex: the hex group "abc" has an odd number of digits/],
    [['send', '\\\\.\\mailslot\\x', '--file', '/nonexistent/file'], /--file \/nonexistent\/file: cannot read it \(ENOENT\)/],
    [['send', '\\\\.\\mailslot\\x', '--struct', 'MS_MESSAGE', '--set', 'port'], /--set "port": write it as field=value/],
    [['send', '\\\\.\\mailslot\\x', '--struct', 'MS_MESSAGE', '--set', 'nosuch=1'], /--struct MS_MESSAGE: .*nosuch/],
    [['send', '\\\\.\\mailslot\\x', 'a', 'b'], /one TEXT argument expected, got 2/],
    [['send', '\\\\.\\mailslot\\x', 'x', '--repeat=-1'], /--repeat takes a number of seconds from 0 to 86400/],
    // A negative value reaches the option's own check (node's parser called it "ambiguous").
    [['send', '\\\\.\\mailslot\\x', 'x', '--repeat', '-1'], /--repeat takes a number of seconds from 0 to 86400, got "-1"/],
    [['send', '\\\\*\\mailslot\\x', '--hex', 'ab'.repeat(425)], /limited to 424 bytes/],
    [['pipes', 'extra'], /pipes takes no arguments/],
    [['intercept'], /intercept: name an endpoint/],
    [['intercept', '\\\\.\\mailslot\\x'], /intercept: \\\\\.\\mailslot\\x is a mailslot; only a pipe server can be intercepted/],
    [['intercept', '\\\\host\\pipe\\x'], /intercept: only a pipe on this computer can be intercepted; use \\\\\.\\pipe\\x/],
    [['watch', '\\\\.\\pipe\\x', '--intercept', '--proxy-to', 'real'], /--intercept and --proxy-to exclude each other/],
  ];
  for (const [args, message] of cases) {
    const r = slotpipe(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(args.length ? r.stderr : r.stdout, message, args.join(' '));
    if (args.length) assert.match(r.stderr, /^slotpipe: .*\nTry "slotpipe --help"\.\n$/, 'one line and a hint');
  }
});
