import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decoding } from '../../../webview/decoding';

const msMessage = () => {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0xaabbccdd, true);
  bytes.set(new TextEncoder().encode('10.0.0.21'), 4);
  view.setUint32(28, 5000, true);
  return bytes;
};

describe('Decoding (webview)', () => {
  it('offers the plain decoders and every registered struct', () => {
    const decoding = new Decoding();
    const choices = decoding.choices();
    for (const choice of ['auto', 'text', 'utf16', 'ansi', 'hex', 'struct:MS_MESSAGE']) assert.ok(choices.includes(choice), choice);
  });

  it('decodes with structs from the headers the host sends, and names headers it could not read', () => {
    const decoding = new Decoding();
    decoding.setHeaders([
      { fileName: 'point.h', source: 'typedef struct { int x; int y; } POINT_MSG;' },
      { fileName: 'broken.h', source: 'typedef struct { int x : 33; } BITS;' },
    ]);
    assert.ok(decoding.choices().includes('struct:POINT_MSG'));
    assert.equal(decoding.headerProblems.length, 1);
    assert.match(decoding.headerProblems[0], /broken\.h/);
    const view = decoding.view(new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]), 'struct:POINT_MSG');
    assert.deepEqual(view.fields?.map((f) => [f.name, f.display]), [['x', '1'], ['y', '2']]);
  });

  it('shows a message whose decoder no longer parses with auto, and says why', () => {
    const view = new Decoding().view(msMessage(), 'struct:not a name');
    assert.equal(view.decoder, 'struct:MS_MESSAGE');
    assert.match(view.problems[0], /struct:NAME needs a C struct name/);
  });

  it('remembers summaries per decoder choice and forgets them when the headers change', () => {
    const decoding = new Decoding();
    const bytes = msMessage();
    assert.match(decoding.summary(bytes, 'auto'), /^MS_MESSAGE msg_id=0xaabbccdd ipStr="10.0.0.21"/);
    assert.match(decoding.summary(bytes, 'hex'), /^32 bytes: dd cc bb aa/);
    const point = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]);
    const before = decoding.summary(point, 'struct:POINT_MSG');
    assert.doesNotMatch(before, /x=1/);
    decoding.setHeaders([{ fileName: 'point.h', source: 'typedef struct { int x; int y; } POINT_MSG;' }]);
    assert.match(decoding.summary(point, 'struct:POINT_MSG'), /x=1 y=2/, 'decoded again with the new registry');
  });

  it('shows the first elements of a large array and decodes more on demand, never the whole array', () => {
    const decoding = new Decoding();
    decoding.setHeaders([{ fileName: 'grid.h', source: 'typedef struct { WORD n; short grid[2048][4000]; } GRID;' }]);
    const bytes = new Uint8Array(2 + 2048 * 4000 * 2);
    new DataView(bytes.buffer).setInt16(2 + (5 * 4000 + 100) * 2, -7, true);
    const view = decoding.view(bytes, 'struct:GRID');
    const grid = view.fields![1];
    assert.equal(grid.elements, 2048);
    assert.equal(grid.children!.length, 64);
    assert.equal(grid.children![0].elements, 4000);
    // The detail pane asks for the next elements of grid[5] from where its first ones end.
    const more = decoding.elements(bytes, view, [1, 5], 64);
    assert.equal(more.length, 1024);
    assert.equal(more[0].name, 'grid[5][64]');
    assert.deepEqual([more[36].name, more[36].value], ['grid[5][100]', -7]);
  });

  it("lays each message out for its watcher's target, a header for its own, and follows the headers' includes", () => {
    const decoding = new Decoding();
    decoding.setHeaders([
      { fileName: 'msg.h', path: '/p/msg.h', source: '#include "hdr.h"\ntypedef struct { HDR h; SIZE_T n; } MSG;' },
      { fileName: 'old.h', arch: 'x86', source: 'typedef struct { HANDLE h; DWORD d; } OLD;' },
    ], { included: [{ path: '/inc/hdr.h', source: 'typedef struct { void *p; } HDR;' }], includePath: ['/inc'], defines: [] });
    assert.deepEqual(decoding.headerProblems, []);
    const bytes = Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(decoding.summary(bytes, 'struct:MSG', 'x86'), 'MSG h={…} n=2');
    assert.match(decoding.summary(bytes, 'struct:MSG', 'x64'), /^MSG h=\{…\} n=3$/);
    assert.equal(decoding.view(bytes.subarray(0, 8), 'struct:OLD', 'x64').fields!.map((f) => f.display).join(' '), '0x00000001 2');
  });

  it('applies the defines of slotpipe.defines before the headers: UNICODE makes TCHAR a WCHAR', () => {
    const decoding = new Decoding();
    const header = [{ fileName: 't.h', source: '#if VERSION >= 2\ntypedef struct { TCHAR name[4]; } T;\n#endif' }];
    decoding.setHeaders(header, { included: [], includePath: [], defines: ['UNICODE', 'VERSION=2'] });
    assert.equal(decoding.view(Uint8Array.of(0x41, 0, 0x42, 0, 0, 0, 0, 0), 'struct:T').fields![0].display, '"AB"');
    decoding.setHeaders(header, { included: [], includePath: [], defines: ['VERSION=2', 'bad name'] });
    assert.deepEqual(decoding.headerProblems, ['slotpipe.defines: "bad name" is not NAME or NAME=integer']);
    assert.equal(decoding.view(Uint8Array.of(0x41, 0x42, 0, 0), 'struct:T').fields![0].display, '"AB"');
  });
});
