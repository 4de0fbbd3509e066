// A mailbox that joins with years of history (50,000 messages) must not hold up the new mail of
// the province's other mailboxes: the database and this process's event loop are shared. So a
// sync's first batch — what just arrived — goes at once, and the batches after it (a backlog) go
// through one lane per process: one backlog batch at a time, with a pause after each in which
// fresh arrivals elsewhere get the database.
export class BacklogLane {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly pauseMs = 100) {}

  /** Runs `fn` after the backlog batches queued before it; the next one waits `pauseMs` more. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn);
    const pause = () => new Promise((r) => setTimeout(r, this.pauseMs));
    this.tail = p.then(pause, pause);
    return p;
  }
}
