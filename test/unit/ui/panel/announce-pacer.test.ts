import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ACK_WAIT_MS, ANNOUNCE_INTERVAL_MS, AnnouncePacer, CHART_TICK_MS, LIGHT_MESSAGES, QUIET_MS } from '../../../../extension/ui/panel/announce-pacer';

describe('AnnouncePacer', () => {
  let clock = 0;
  let announced: number[];
  let pacer: AnnouncePacer;
  /** Whether the fake webview acknowledges each announcement as it gets it. */
  let acking: boolean;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    clock = 0;
    announced = [];
    acking = true;
    pacer = new AnnouncePacer(() => {
      announced.push(clock);
      if (acking) pacer.acknowledged();
    }, () => clock);
  });

  afterEach(() => {
    pacer.dispose();
    mock.timers.reset();
  });

  /** Moves the fake clock forward one millisecond at a time, running due timers. */
  function advance(ms: number, each?: () => void): void {
    for (let i = 0; i < ms; i++) {
      clock++;
      mock.timers.tick(1);
      each?.();
    }
  }

  it('says nothing before the webview is ready', () => {
    pacer.setVisible(true);
    pacer.request();
    advance(2 * CHART_TICK_MS);
    assert.deepEqual(announced, []);
  });

  it('announces at most once per interval under heavy traffic (20 messages a millisecond)', () => {
    pacer.setVisible(true);
    pacer.setReady();
    advance(1000, () => pacer.request(20));
    assert.ok(announced.length <= Math.ceil(1000 / ANNOUNCE_INTERVAL_MS) + 1, `${announced.length} announcements in one second`);
    assert.ok(announced.length >= 20, `${announced.length} announcements in one second: traffic is still shown promptly`);
    for (let i = 1; i < announced.length; i++) assert.ok(announced[i] - announced[i - 1] >= ANNOUNCE_INTERVAL_MS);
  });

  it('announces a message after a quiet spell at once, not at the next interval', () => {
    pacer.setVisible(true);
    pacer.setReady();
    advance(QUIET_MS);
    const before = announced.length;
    pacer.request(1);
    advance(1);
    assert.equal(announced.length, before + 1);
    assert.equal(announced.at(-1), QUIET_MS + 1);
  });

  it('announces light traffic (one message every 10 ms) message by message', () => {
    pacer.setVisible(true);
    pacer.setReady();
    const requests: number[] = [];
    advance(1000, () => {
      if (clock % 10 === 0) {
        requests.push(clock);
        pacer.request(1);
      }
    });
    const waits = requests.map((t) => announced.find((a) => a >= t)! - t);
    assert.ok(Math.max(...waits) <= 1, `longest wait ${Math.max(...waits)} ms`);
  });

  it('light traffic arriving every millisecond is announced every QUIET_MS, until it grows heavy', () => {
    pacer.setVisible(true);
    pacer.setReady();
    advance(100, () => pacer.request(1));
    for (let i = 1; i < announced.length; i++) assert.equal(announced[i] - announced[i - 1], QUIET_MS);
    const light = announced.length;
    advance(100, () => pacer.request(LIGHT_MESSAGES));
    assert.ok(announced.length - light <= Math.ceil(100 / ANNOUNCE_INTERVAL_MS) + 1, `${announced.length - light} announcements in 100 ms of heavy traffic`);
  });

  it('keeps one announcement in flight: the next waits for the acknowledgement', () => {
    acking = false;
    pacer.setVisible(true);
    pacer.setReady();
    advance(500, () => clock % 10 === 0 && pacer.request(1));
    assert.deepEqual(announced, [0], 'nothing more while the first is not acknowledged');
    pacer.acknowledged();
    advance(1);
    assert.deepEqual(announced, [0, 501], 'what waited goes as soon as it is acknowledged');
    advance(ACK_WAIT_MS, () => clock % 10 === 0 && pacer.request(1));
    assert.equal(announced.length, 3, 'an acknowledgement that never comes holds back for ACK_WAIT_MS only');
  });

  it('never announces while hidden, and catches up once shown', () => {
    pacer.setVisible(true);
    pacer.setReady();
    const before = announced.length;
    pacer.setVisible(false);
    advance(5 * CHART_TICK_MS, () => pacer.request());
    assert.equal(announced.length, before);
    pacer.setVisible(true);
    advance(1);
    assert.equal(announced.length, before + 1);
  });

  it('ticks once a second while visible so the chart moves without traffic', () => {
    pacer.setVisible(true);
    pacer.setReady();
    const before = announced.length;
    advance(5 * CHART_TICK_MS);
    assert.equal(announced.length - before, 5);
  });

  it('announces at once when asked to (a new filter), and never after dispose', () => {
    pacer.setVisible(true);
    pacer.setReady();
    pacer.announceNow();
    assert.equal(announced.length, 2);
    pacer.dispose();
    pacer.request();
    pacer.announceNow();
    advance(3 * CHART_TICK_MS);
    assert.equal(announced.length, 2);
  });
});
