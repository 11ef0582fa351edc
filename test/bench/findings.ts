/**
 * What was found behind the figures: the causes named in the table's notes, and the notes under it.
 * They come from investigating (V8 profiles with --cpu-prof, system calls counted with strace -f -c,
 * CPU per message of each receiving process); the figures themselves are measured on every run.
 */

import { WARM_UP, int } from './results';

const WINE = 'Under Wine every ReadFile, WriteFile and completion-port call is a request to the wineserver (a round trip over a socket, ~2-3 µs here), so both sides pay per call far more than Windows would; the ratio then hinges on the number of calls per message, which is the same on Windows.';

export const WHY = {
  ingest: {
    mailslot: `Same wineserver traffic per message as the C reader (strace -f -c over 100,000 messages, earlier round: 2.05 reads and 1.02 writes per message against 2.01 and 1.00), so the gap is CPU inside the reading process; the JavaScript is small (~0.3-0.5 µs a message on the main thread, 30-55 ns per koffi call), and the I/O worker spends about three quarters of its time in the kernel, in Wine's own requests. The row against the C reader on a second thread (mailslot-ingest-thread) separates what Wine charges any process that reads on a second thread from Slotpipe's own work. Sender, receiver and wineserver share one CPU in these rounds (taskset), so the rate is set by the CPU a message costs the three of them: unplaced, the C reader alone ran at ~70,000 or ~157,000 msg/s depending on where the scheduler put the wineserver, and the ratio swung from 0.74× to 1.06× with it. The target is judged on the median of the rounds' own ratios. Split by thread before this round (/proc, 200,000 messages after the warm-up, user + system µs a message): node.exe's I/O worker 5.35 + 10.45, its main thread 0.7 + 0.15 (taking the batches into the log), its other threads 0.25; the C reader 3.4 + 10.4; perf counted on the worker ~1.5 µs a message in node.exe's own code (V8's builtins and N-API), 0.36 µs in compiled JavaScript and 0.28 µs in koffi. Measured apart under Wine: a koffi call passing two typed arrays ~90 ns (native pointers ~30 ns less), Date.now() 220-235 ns (performance.now() 110-131 ns), a fresh 50 KB ArrayBuffer 18-120 µs (5-7 µs in Linux Node.js). So this round the log keeps a worker batch's small messages in the buffer they crossed in (no copy into its arena, no fresh 4 MB arena chunks), and a batch reads the clock for its first message and then once per 16 (a batch never spans a wait, so a time is at most 16 immediate reads old). With everything on one CPU as in the rounds (200,000 messages, four runs each, µs a message): the main thread 1.0-1.1 → 0.6-0.65, the I/O worker's user time 4.95-5.65 → 4.35-4.9 with the clock change alone (its total varies 16.5-19 from run to run with the machine); the receiver's CPU in the rounds 18.4 → 16.8 µs a message and the ratio 0.87× → 0.91×. At this rate the reader never catches up with the sender (5 empty reads in 220,000), so every batch is a full 512 and the read timeout is never switched. ${WINE}`,
    pipe: `Reads that complete at once are handled on the spot (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) instead of a ReadFile plus a GetQueuedCompletionStatus per message (0.55× before that), and reads now land straight in JavaScript memory. What remains is the reader's own CPU per message, as for mailslots; the ratio has measured from 0.81× to 0.96× in full runs, moving with machine load. ${WINE}`,
    mailslotThread: 'The same C reader with its ReadFile loop on a second thread while the main thread waits, as Slotpipe reads on its I/O worker: what a busy second thread costs under Wine, apart from Slotpipe\'s own work.',
    pipe16: 'The C baseline serves 16 instances with a thread each, blocked in ReadFile; Slotpipe serves them all from one completion port. Under Wine the thread-per-client baseline is the slower design.',
    bytePipeSame: 'The keeping C reader given the read size and pipe buffer Slotpipe now uses: what of byte-pipe-keep\'s ratio comes from reading more per call rather than from less work per byte.',
    bytePipeHot: 'The C reader reading into one hot buffer and keeping nothing: the physical limit of the pipe under Wine, reported, not a target (a monitor keeps every byte).',
    bytePipe: 'The baseline keeps every byte in fresh memory as a monitor must (bench_recv --keep: a 64 KB allocation per 64 KB read, the pipe\'s quota 64 KB). A byte pipe of Slotpipe\'s now takes up to 256 KB of a client\'s writes before they wait and reads what it holds in one call (BYTE_PIPE_BUFFER), so a bulk stream costs a quarter of the ReadFile calls, each a wineserver request here; Slotpipe reads straight into a fresh JavaScript buffer that travels to the log as it is (no copy). With 64 KB reads, before this round, the ratio was 0.72-0.92× over full runs: the extra half request per read was the read that went pending when the reader was ahead of the sender (ERROR_IO_PENDING, then GetQueuedCompletionStatus: two requests where the blocking C read makes one), the rest node.exe\'s user-space CPU per read. byte-pipe-keep-same-reads gives the keeping C reader the same 256 KB reads and quota, so it shows what is left once both read alike. Message pipes keep 64 KB: a 256 KB quota let the sender of 100-byte messages run ahead of the reader and measured 0.76-0.86× on message-pipe-ingest against 0.92-1.00× with 64 KB (five runs of 5 rounds each), while 256 KB reads alone changed nothing there (0.95×, 0.96×).',
  } as Record<string, string>,
  send: {
    mailslot: 'Both sides make one WriteFile per message, and under Wine that is one write(2) on the mailslot\'s socket with no reply awaited (strace -f -c over 50,000 messages: 50,395 writes and 1,157 reads for the C sender, 51,024 writes for `slotpipe send`); the wineserver (~14-17 µs a message) and the C reader (~18-22 µs) set the rate. CPU of the sending process per message, start-up (a --count 1 run) subtracted: C 2.6-3.2 µs, `slotpipe send` ~3.8-4.2 µs (the koffi call and the send\'s promise); the gap between rounds is mostly machine noise.',
    pipe: 'Both sides make the same two wineserver requests per message (strace -f of the write and select requests over 3,000 messages: 2 each), so the gap is the sending process\'s own CPU. Before, `perf record` of the sender put ~5 µs a message on the main thread and ~7.5 µs on the I/O thread in node.exe\'s own code: a structured-clone object per write going over and per result coming back (cloning 64 of them took ~80 µs under Wine, measured) and a buffer allocated per write (~2.4 µs each under Wine). Now the writes of a turn cross in one packed buffer (ids, lengths, connections, bytes; win32/command-batch.ts), results come back as one column of ids, small writes\' log copies share one buffer, and every column buffer is transferred, not cloned: ~1.7 and ~3.3 µs a message in that code. Each command batch\'s results go back before the next is written, and the CLI keeps two turns of 64 writes in flight, so the I/O thread writes one turn while the main thread takes in the last one\'s results (before, a window of 64 ran as stop-and-go: 0.81-0.89×). What remains: ~7 extra wineserver requests per turn of 64 (the wake-up, the result\'s postMessage, the main loop\'s completion-port polls), and the wineserver spends 67-77 µs a message on Slotpipe\'s writes against 60-64 µs on the C sender\'s (read from /proc, 50,000 messages).',
  } as Record<string, string>,
  netbios: {
    burst: 'Lost datagrams are the ones that arrive while the socket\'s receive buffer is full: the watcher asks for a buffer that holds a whole burst (64 MiB), which the system caps, and the raw counting socket gets the same (here ~10,000 datagrams of this size fit). With the buffer full, what is received depends on how fast each side empties it. While each turn of the event loop brings new datagrams the watcher decodes nothing: it copies each datagram into reused 256 KiB chunks and reads on, and decodes the backlog (512 a turn, about a millisecond) at the first turn that brings none (netbios/burst-queue.ts; past 64 MiB waiting the oldest are decoded at once, so nothing is dropped there). Tried and measured: holding Node\'s Buffer per datagram instead keeps tens of thousands of objects alive through the burst\'s garbage collections (scavenges up to ~20 ms; 43,768-47,281 received in three rounds), and one buffer grown by doubling touched twice the fresh memory; decoding 8 between reads, the round before, left the watcher behind the sender (0.83×: 41,269 against 50,000). Into a fresh process the burst also sets off V8\'s optimizing compiler on the receive path while it lasts, on the same two CPUs as the sender: cold, the watcher took datagrams off the socket at ~70,000-77,000/s against the raw socket\'s ~88,000 and lost a quarter of the burst in two of three full runs while working; warmed, both sides read faster (~117,000 and ~135,000/s) and the watcher received all 50,000 in 9 of 10 rounds. Node\'s dgram reads one datagram per recvmsg on both sides (strace: 44,442 recvmsg for 44,441 datagrams): libuv can read many per call with recvmmsg (UV_UDP_RECVMMSG), but only for a handle created with that flag, which Node\'s dgram does not set.',
    cpu: `Counted after a warm-up both sides take alike (${int(WARM_UP.netbios.datagrams)} datagrams, then ${WARM_UP.netbios.pauseMs / 1000} s): in a fresh process the watcher\'s first datagrams set off V8\'s optimizing compiler, a one-time cost that counting from the first datagram put into every figure before this round (perf record of the cold watcher: 12.7 % of its CPU in the compiler against 1.7 % for the counting socket; --trace-opt: ~30 functions, ~100-200 ms of CPU on this machine, once per process). The row also gives the CPU counted from the first datagram, the compiling included. What each further datagram costs beyond the bare socket: the watcher keeps every datagram, so its wire form (228 bytes here) goes into fresh memory, and on this virtual machine first touching a page costs ~5-8 µs (page fault and zeroing of each new 64 KB slab: under 1 µs a datagram); the rest is its own work: one extra event-loop turn per wake-up (the turn that finds the socket quiet; decoding in the turn that emptied the socket instead measured the same, 0.62× against 0.63× counted from the first datagram, so it stays), the copy into the waiting chunk, the plain-write check, the repeat filter, the IPv4/UDP copy with its checksum and the TrafficLog, each 0.1-0.3 µs. The log now keeps the packet slabs themselves (RawMessage.wireFrozen) instead of copying every wire into its 4 MB chunks, which halved the fresh memory per datagram (0.51× before), and the watcher hands each decoded backlog to the sink at once instead of in a later turn. A bare counting socket needs ~2.1-2.5 µs per datagram in a tight loop (Node\'s own receive path: one \'message\' event, Buffer and address object per datagram), more when paced (a wake-up every few datagrams).`,
  },
  latency: 'The tail is scheduling on a loaded 2-core machine (sender, wineserver, I/O worker, main thread); the C receiver on the same path has the same kind of outliers, and a shorter run (100 messages, --quick) under heavier load put both above 5 ms (C 62 ms, Slotpipe 56 ms at p99 for mailslots). Under Wine the wake-up of a blocked reader goes through the wineserver; on Windows it is a kernel wake-up.',
  panel: '',
  panelLatency: 'After the message is logged, the announcement that carries the newest rows goes at once when traffic is light (at most every 5 ms while up to 16 messages came since the last one), heavier traffic at most ~30 a second, and only one is in flight: the next waits for the webview\'s acknowledgement, so announcements never queue up on the way to a busy webview (without it, 100 a second under load backed up to 0.7 s). An announcement carries only the rows no earlier one carried, the page changes once per animation frame, and a new message writes one row. Found this round: code-server\'s extension host scanned every process\'s sockets every few seconds (its port-forwarding candidate finder: a shell listing /proc/*/fd, ps, a stat of every /proc entry; a CPU profile of the extension host during the run), although the tests\' settings had remote.autoForwardPorts off: with a tunnel provider, and code-server has one, the scan stops only when ports come from output alone (remote.autoForwardPortsSource "output", now in the tests\' quiet settings). Each scan held up the extension host\'s event loop: send → logged p99 went from 24 to 1-4 ms, the extension host\'s CPU in the 5 s quiet stretch from ~230 to 40-60 ms, and this row\'s p99 from 66-124 ms in five runs of the case alone to 46-71 ms in seven (an earlier round had tried turning the scan off and seen no change, because autoForwardPorts alone never stopped it). The light-traffic row shows the path itself within the target when the CPUs are mostly free (p99 30-36 ms at 25/s). At 100/s the machine\'s two CPUs are about three quarters busy (the CPU split in the row), most of it Chromium\'s renderer, some 14 ms of its CPU per announcement (the count is in the row; ~17 ms at 25/s): code-server serves the webview\'s frame from the workbench\'s own origin, so one renderer main thread runs both and each announcement waits behind the last. A Chromium trace of the run: that thread busy 4.2-4.4 s of the 5 s for ~170 drawn frames, of which the webview\'s JavaScript ~0.8 s (the scroll to the newest row, which forces a layout, ~0.3 s), the workbench relaying each announcement ~0.6 s (the WebSocket message, its FileReader, the RPC, two postMessages), animation frames 0.6 s, layout, style, paint and layerizing ~1 s; besides, the compositor thread 0.6-0.8 s and the GPU process drawing in software 0.5-0.65 s. A trace at 25/s, where frames stand apart: each announcement draws one frame of ~7 ms of that thread\'s CPU while tracing (the webview\'s animation-frame JavaScript ~2.6 ms with its forced layout; then style, a layout of ~20 of the webview\'s ~300 layout objects, paint and layerizing ~4.5 ms, the layerizing covering the workbench\'s paint as well, since the webview\'s frame is part of its page) and a second frame for the scroll event of ~1 ms. Each announcement crosses code-server\'s WebSocket as four frames (it, the RPC\'s reply, the acknowledgement and its reply). Tried and dropped: 3 or 8 announcements in flight (the renderer takes them no faster: p99 75-85 ms), the postMessage promise instead of the acknowledgement (the same), rows without layers of their own (the same), drawing the rows from the end with the scrollbar catching up 4 times a second so no announcement forces a layout (renderer CPU the same: the layout moves into the frame), and light traffic announced at most every 16 or 25 ms instead of 5 (p99 55-63 and 54-67 ms against 51-71 ms, within the noise; the acknowledgement already spaces announcements ~18 ms apart, ~280 in the 5 s either way). A webview that acknowledged without drawing took the renderer from ~3,850 to 2,320 ms and the GPU process from ~710 to 60 ms, while more announcements crossed: the drawn frames and the crossings both cost whole milliseconds of CPU, in processes Slotpipe does not run. Desktop VS Code gives a webview an origin of its own, draws with the GPU and crosses from the extension host by local IPC, not a WebSocket.',
  idle: {
    mailslot: 'Each mailslot reader waits in ReadFile without a timeout and is woken for a stop by its wake token, so an idle watcher makes no wake-up at all (before: a 200 ms read timeout, 5 wake-ups a second per watcher).',
    wakeups: 'Counted by the reader itself (each ReadFile that ended with no message). The baseline is the same ten watchers with the former default read timeout of 200 ms, measured in the same run. Under Wine each such wake-up is also a wineserver round trip; on Windows it is a kernel timer.',
    pipe: 'Pipe watchers wait in GetQueuedCompletionStatus without a timeout: no wake-ups at all.',
    netbios: 'UDP sockets in the event loop: no timers, no wake-ups.',
  } as Record<string, string>,
  stop: 'A stop sets the stop flag and writes the watcher\'s 16-byte random wake token into the mailslot (a local mailslot write only queues it); the reader reads every message queued before it, drops the token and ends, and the worker thread exits. Under Wine, CancelSynchronousIo from another thread does not cancel a blocked mailslot ReadFile (it fails with ERROR_NOT_FOUND), a completion port refuses a mailslot handle (ERROR_INVALID_PARAMETER) and an overlapped ReadFile on a mailslot waits like a synchronous one, so the token is the one wake-up that works on both. The time is the thread\'s end as much as the wake-up: Wine tears a thread down through the wineserver.',
  memory: 'Per message 45 bytes of columns (time, length, arena slot, flags, watcher, peer, wire, bytes held) plus the bytes in 4 MB ByteArena chunks; no object per message.',
};

export const NOTES = `## How the figures are taken

- **Rows** have stable ids (after each case's name here, \`id\` in docs/benchmarks.json, which the same run writes with
  each row's baseline and Slotpipe figures and units, ratio, target and met?); \`npm run bench -- --only=ID,…\`
  runs the cases of those rows only.
- **Win32 cases** run Windows Node.js and the C peers (test/win32/peers/bench_send.c, bench_recv.c) under Wine
  in the project's prefix, all sharing one wineserver. Slotpipe's side is test/bench/win32-driver.ts in
  Windows Node.js: the real watcher (I/O worker thread, completion port or mailslot read, batches)
  appending into a real TrafficLog. Rates are taken at the receiver from the first message counted to the
  last one counted (logged); "CPU/msg" is the receiving process's user + kernel time over the counted
  messages (GetProcessTimes / process.cpuUsage, all threads); "wineserver µs/msg" is read from /proc when available.
  Mailslot ingest runs three sides in turn each round (C reader, C reader on a second thread, Slotpipe)
  with sender, receiver and wineserver on one CPU (taskset; the wineserver is placed back on every CPU after).
- **Warm-up**: ingest rounds (Win32) and the NetBIOS rounds count from after a warm-up that every side
  takes alike from a sender of its own: ${int(WARM_UP.win32.messages)} messages (${WARM_UP.win32.bytes / 2 ** 20} MB for byte pipes) and a
  ${WARM_UP.win32.pauseMs / 1000} s pause for Win32, ${int(WARM_UP.netbios.datagrams)} datagrams at the CPU case's pace and ${WARM_UP.netbios.pauseMs / 1000} s for NetBIOS (bench_recv --warmup, the drivers' \`warmUp\`). A fresh Node
  process compiles the watcher's hot code with V8's optimizing compiler the first time it runs (~100-200 ms
  of CPU here, once), which the C readers and the bare counting socket hardly have; a watcher in the editor
  runs for hours, so what is compared is the cost of each further message. The burst row also gives the
  same burst into fresh processes. Sends and latency are not warmed: a \`slotpipe send\` run pays its start-up.
- **Latency** stamps each message at WriteFile with QueryPerformanceCounter in ns (the clock Node's hrtime
  reads on Windows), compared with hrtime when the message is in the TrafficLog.
- **Wake-ups and stop**: each mailslot reader counts the ReadFile calls that ended with no message
  (\`idleWakeups\`); a stop is timed from \`stop()\` to its end (the I/O thread gone), next to an idle pipe
  watcher's stop in the same process, and messages written just before a stop are counted in the log.
- **NetBIOS** (Linux, loopback): CPU compares datagrams handled per CPU-second of the receiving process at a
  rate both keep up with, so neither the sender's speed nor kernel drops decide the ratio; the burst sends
  as fast as the sender goes and counts what each side received, both sockets with the receive buffer the
  watcher asks for (netbios/receive-buffer.ts).
- **Panel** figures use the production webview bundle in headless Chromium with the real TrafficLog and
  PanelResponder (test/e2e's panel harness) and, for latency, the packaged .vsix in code-server.
- **Activation** wraps the packaged extension's main file so the extension host's own call of \`activate()\`
  is timed where it happens, and checks \`require.cache\` for koffi afterwards.
- Nothing here is a timed assertion of the test suite; \`npm run bench\` exits non-zero only when a case
  could not run.

## Wine and Windows

${WINE}
- Mailslot and pipe ingest, send and latency ratios depend on the Wine side: both Slotpipe and the C
  baseline make the same kind of calls, but Wine makes each call cost a wineserver round trip, which
  magnifies every extra call (completion-port waits, wake-ups) and shrinks the share of Slotpipe's own CPU.
  On Windows the calls are cheaper, so Slotpipe's own per-message CPU (koffi, batching, logging) weighs
  more and the mailslot ratio is expected to be lower than here, the pipe ratios about the same. A byte
  pipe's 256 KB reads save three of every four calls against the 64 KB reader: each a wineserver round
  trip here but a kernel call on Windows, so that gain is expected to be smaller on Windows.
- Idle mailslot watchers make no wake-ups on either system now. Waking a blocked mailslot read for a stop,
  tried under Wine 8 with a C probe: \`CancelSynchronousIo\` from another thread fails with ERROR_NOT_FOUND
  (1168) and the read stays blocked; \`CreateIoCompletionPort\` refuses a mailslot handle
  (ERROR_INVALID_PARAMETER, 87); an overlapped ReadFile on a mailslot waits like a synchronous one (it
  returned ERROR_SEM_TIMEOUT after the mailslot's 500 ms read timeout instead of ERROR_IO_PENDING); opening
  the mailslot for writing without FILE_SHARE_READ fails with a sharing violation (32) while its reader is
  open. Windows documents \`CancelSynchronousIo\` for any synchronous I/O (not tried here: no Windows
  machine), but the wake token needs neither and behaves the same on both: a local mailslot write only
  queues a message.
- A stop's time is mostly the I/O thread's exit (the reader is done within a few ms): under Wine a thread
  ends through the wineserver, so the stop is expected to be shorter on Windows.
- This machine is shared: other test runs (also under Wine) may run at the same time, so single figures
  vary between runs by ±20%; ratios come from alternating rounds to spread that noise over both sides.

## Changed in the product for these figures

- \`extension/win32/mailslot-loop.ts\`, \`mailslot-wake.ts\`, \`io-worker-host.ts\`: a mailslot reader waits
  without a timeout; a stop writes the watcher's random 16-byte wake token into the mailslot, which the
  reader drops after every message queued before it. \`readTimeout\` has no default any more (set, it still
  bounds each wait); \`idleWakeups\` counts waits that ended empty. Idle wake-ups went from 5 a second per
  watcher to 0, a stop from ≈ 205 ms to the I/O thread's exit.
- \`extension/ui/panel/announce-pacer.ts\`, \`panel-session.ts\`, \`webview/panel-app.ts\`: light traffic is
  announced at most every 5 ms instead of every 33 ms, heavier traffic stays at ~30 a second, and one
  announcement is in flight at a time (the webview acknowledges each).
- \`extension/ui/panel/panel-responder.ts\`, \`webview/row-cache.ts\`, \`panel-app.ts\`, \`table.ts\`, \`rate-chart.ts\`,
  \`media/panel.css\`: an announcement carries only the newest rows no earlier one carried (was the whole newest
  block of up to 128), the page changes once per animation frame however many announcements came, a row
  keeps its element while on screen and only what changed is written (rows contained, on their own
  layers), and the rate chart redraws at most 4 times a second. Send → drawn went from p50 54 ms to ~27-33 ms.
- \`test/bench/cases/win32-ingest.ts\`, \`netbios.ts\`, \`win32-driver.ts\`, \`linux-driver.ts\`, \`test/win32/peers/bench_recv.c\`:
  the warm-up above. Counted from the first message, the previous full run had mailslot ingest at 0.84× and
  NetBIOS CPU at 0.61×; after the warm-up, runs while working gave 0.88-0.91× and 0.70-0.80×.
- \`test/bench/wineserver-cpu.ts\`: the mailslot ingest rounds start the prefix's wineserver before placing it on
  a CPU, so the rounds are placed even when no Wine program ran just before.
- \`extension/netbios/receive-buffer.ts\`: a NetBIOS watcher asks for a 64 MiB socket receive buffer (was
  4 MiB); the watcher's detail says what it got and the system's limit when that is less.
- \`extension/win32/command-batch.ts\`, \`io-worker-host.ts\`, \`batcher.ts\`, \`completion-loop.ts\`, \`cli/send.ts\`: writes
  cross to the I/O thread as one packed buffer per turn with no object or buffer per write, results come back as one
  transferred column of ids, and each command batch's results go back before the next batch is written;
  \`slotpipe send\` keeps two turns of 64 writes (at most 4 MiB each) in flight. Pipe send went from 0.81-0.89× to
  0.85-0.94× over seven 5-round runs (median 0.92×); the C baseline itself ran from 7,145 to 10,984 msg/s across them.
- \`extension/netbios/burst-queue.ts\`, \`udp-watcher.ts\`: datagrams are copied off the socket into reused
  chunks and decoded once a turn of the event loop brings none (512 a turn; past 64 MiB waiting the
  oldest are decoded at once, nothing dropped); each decoded backlog goes to the sink at once; a stop
  decodes what waits first.
- \`extension/core/traffic-log.ts\`, \`byte-arena.ts\`, \`netbios/packet-slab.ts\`: the log keeps a NetBIOS
  datagram's IPv4/UDP packet in the slab it was written to (\`wireFrozen\`), one arena chunk per slab,
  instead of copying it; packets from 4 KB on get a buffer of their own so a slab wastes little at its end.
- \`extension/win32/worker-protocol.ts\`, \`pipe-server.ts\`, \`pipe-connection.ts\`, \`pipe-server-loop.ts\`: a byte pipe of
  Slotpipe's takes up to 256 KB of a client's writes before they wait (was 64 KB) and a server's connection
  reads up to its pipe's quota at once (64-256 KB; a live intercept's instances take the real server's
  quota); message pipes keep 64 KB. Byte-pipe ingest went from 0.72-0.92× to 1.09-1.21× the keeping C
  reader over three runs, and 0.89-0.96× that reader given the same read size.
- \`webview/table.ts\`, \`toolbar.ts\`, \`element.ts\`, \`panel-app.ts\`: a drawn frame forces one layout before its own, not two: the table's
  height comes from its resize observer, the toolbar writes only what changed, before the table scrolls,
  and the table's own scrolling no longer draws the rows a second time.
- \`test/bench/process-cpu.ts\`, \`cases/panel-latency.ts\`: the panel latency row gives each process's CPU during
  the traffic and during as long without it; \`bench_recv --read-size\` and the \`byte-pipe-keep-same-reads\` row.
- \`extension/core/traffic-log.ts\`, \`win32/io-worker-host.ts\`, \`win32/batcher.ts\`: the log keeps a worker batch's small
  messages in the buffer they crossed in instead of copying them into its arena, and a batch reads the clock for its
  first message and then once per 16. Mailslot ingest went from 0.87× to 0.91× in two runs of that case alone.
- \`test/e2e/workbench.ts\`, \`test/bench/cases/panel-latency.ts\`: code-server's settings in the tests and benchmarks
  stop its port-forwarding scan (\`remote.autoForwardPortsSource\` "output"), which held up the extension host every
  few seconds; the panel latency case measures 25/s (\`panel-latency-light\`, reported) before 100/s in one session
  and counts the announcements that reached the webview.
- \`webview/toolbar.ts\`, \`rate-chart.ts\`, \`panel-app.ts\`: the totals (\`N messages\`) are written at most 4 times a second
  together with the chart (was: in every drawn frame, so each announcement laid out and painted the toolbar). At 25/s the
  renderer's CPU went from 4,420-5,390 ms (mean 4,800, four runs) to 3,850-4,690 ms (mean 4,290, five runs) over the
  10 s; at 100/s no change showed through the noise.

## Left to do

- NetBIOS CPU: keep the UDP payload alone and make the 28 bytes of IPv4/UDP headers at export (less fresh
  memory and no checksum per datagram); read many datagrams per call once Node's dgram can use recvmmsg.
- Mailslot ingest: the I/O worker's CPU beyond the C reader's is user space, ~1.5 µs a message in node.exe's
  own code (thread split and perf in the row); a profile with node.exe's symbols would name the builtins and
  N-API calls behind it, and the main thread's ~0.6 µs could shrink if batches went into the log as
  columns instead of an object per message.
- Pipe send: the ~7 wineserver requests per turn of 64 that the C sender does not make (wake-up, result hand-over, the
  main loop's completion-port polls); a larger turn measured the same within the noise (0.96× against 0.94×), so 64 stays.
- Panel latency at 100/s: p99 in code-server on this machine is set by the processes sharing two cores (split
  in its row), most of it Chromium drawing in software; at 25/s the same path is within the target. Measure
  desktop VS Code (local IPC, GPU compositing) and a machine with more cores before changing the design again.
- Run the Win32 cases on real Windows to get the Windows-side ratios.
`;
