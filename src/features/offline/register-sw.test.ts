import { describe, expect, it } from 'vitest';
import { watchForUpdates, type SwContainer, type SwRegistration } from './register-sw';

/** A service worker in some lifecycle state, recording the messages the page sends it. */
class FakeWorker extends EventTarget {
  state = 'installing';
  messages: unknown[] = [];
  postMessage(message: unknown) {
    this.messages.push(message);
  }
  moveTo(state: string) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeContainer implements SwContainer {
  private listeners: (() => void)[] = [];
  constructor(public controller: unknown) {}
  addEventListener(_type: 'controllerchange', listener: () => void) {
    this.listeners.push(listener);
  }
  changeController() {
    const ls = this.listeners;
    this.listeners = [];
    ls.forEach((l) => l());
  }
}

class FakeRegistration implements SwRegistration {
  waiting: FakeWorker | null = null;
  installing: FakeWorker | null = null;
  private onFound: (() => void)[] = [];
  addEventListener(_type: 'updatefound', listener: () => void) {
    this.onFound.push(listener);
  }
  update() {
    return Promise.resolve();
  }
  found(worker: FakeWorker) {
    this.installing = worker;
    this.onFound.forEach((l) => l());
  }
}

function setup(controlled: boolean) {
  const container = new FakeContainer(controlled ? {} : null);
  const reg = new FakeRegistration();
  const offers: (() => void)[] = [];
  let reloads = 0;
  return { container, reg, offers, reloads: () => reloads, watch: () => watchForUpdates(container, reg, (apply) => offers.push(apply), () => reloads++) };
}

describe('watchForUpdates', () => {
  it('offers a new version once it has installed while an older one controls the page, and reloads only after the user applies it and it took over', () => {
    const t = setup(true);
    t.watch();
    const next = new FakeWorker();
    t.reg.found(next);
    expect(t.offers).toHaveLength(0);
    next.moveTo('installed');
    expect(t.offers).toHaveLength(1);
    // Nothing happens until the user says so.
    expect(next.messages).toEqual([]);
    expect(t.reloads()).toBe(0);
    t.offers[0]!();
    expect(next.messages).toEqual([{ type: 'SKIP_WAITING' }]);
    expect(t.reloads()).toBe(0);
    t.container.changeController();
    expect(t.reloads()).toBe(1);
  });

  it('offers a version that was already waiting when the page opened', () => {
    const t = setup(true);
    t.reg.waiting = new FakeWorker();
    t.watch();
    expect(t.offers).toHaveLength(1);
  });

  it('says nothing on the first install (no version controls the page yet)', () => {
    const t = setup(false);
    t.watch();
    const first = new FakeWorker();
    t.reg.found(first);
    first.moveTo('installed');
    first.moveTo('activated');
    expect(t.offers).toHaveLength(0);
    // Its clientsClaim() changes the controller: that is no reason to reload.
    t.container.changeController();
    expect(t.reloads()).toBe(0);
  });
});
