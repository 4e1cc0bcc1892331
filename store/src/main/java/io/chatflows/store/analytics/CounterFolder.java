package io.chatflows.store.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds counted changes ({@link FlowCounters#fold}) after the change was made, off the writer's
 * path: a change's writer hands its fold over and returns; one background thread folds what was
 * handed over, the folds of one counter document together in one update. Until a change is folded
 * its pending entry counts it for readers, as it did between the writer's change and fold before.
 *
 * <p>The fold of a change must come before the next change of the same document ({@link
 * CountedWrites}): {@link #settle} folds a change still waiting here at once, or waits for the fold
 * in progress. A process that dies with folds waiting leaves their pending entries to the next
 * writer of each document and to readers, as a writer dying before its fold always did.
 *
 * <p>{@link #inline} folds at once on the writer's thread (tools and tests outside a Spring
 * context).
 */
public final class CounterFolder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CounterFolder.class);

  private static final int REMEMBERED = 4096;
  private static final long SETTLE_WAIT_SECONDS = 10;

  /** A fold handed over: claimed once, by the folder thread or by {@link #settle}. */
  private record Waiting(
      CounterKey key,
      String token,
      FlowCounts delta,
      AtomicBoolean claimed,
      CompletableFuture<Void> done) {}

  private final FlowCounters counters;
  private final boolean background;
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private final Thread thread;
  private volatile boolean closing;

  /** Tokens this process folded lately: their documents need no folding before the next change. */
  private final Set<String> folded =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  private CounterFolder(FlowCounters counters, boolean background) {
    this.counters = counters;
    this.background = background;
    this.thread = background ? new Thread(this::run, "counter-folder") : null;
    if (thread != null) {
      thread.setDaemon(true);
    }
  }

  /** A folder with its background thread started. */
  public static CounterFolder background(FlowCounters counters) {
    CounterFolder folder = new CounterFolder(counters, true);
    folder.thread.start();
    return folder;
  }

  /**
   * A folder whose thread never runs: folds wait until {@link #flush} or until the next change of
   * their document (tests: folds made as late as they can be, a process dying with folds waiting).
   */
  public static CounterFolder paused(FlowCounters counters) {
    return new CounterFolder(counters, true);
  }

  /** A folder that folds on the writer's thread, before the writer returns. */
  public static CounterFolder inline(FlowCounters counters) {
    return new CounterFolder(counters, false);
  }

  /** Folds a change that was made (its source carries {@code token}), now or soon. */
  void fold(CounterKey key, String token, FlowCounts delta) {
    if (!background || closing) {
      counters.fold(key, token, delta);
      folded.add(token);
      return;
    }
    waiting.put(
        token, new Waiting(key, token, delta, new AtomicBoolean(), new CompletableFuture<>()));
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Whether folds are made by the folder's thread, after their writer returned. */
  public boolean foldsInBackground() {
    return background;
  }

  /** Notes a change its writer folded itself. */
  void folded(String token) {
    folded.add(token);
  }

  /**
   * Makes sure the change with {@code token}, if this process made it, is folded: folds it now when
   * it is still waiting, or waits for its fold in progress.
   *
   * @return whether this process knows it is folded; false when the change is not this process's
   *     (or was made too long ago to be remembered), and the caller must look at its pending entry
   */
  boolean settle(String token) {
    if (folded.contains(token)) {
      return true;
    }
    Waiting w = waiting.get(token);
    if (w == null) {
      return folded.contains(token);
    }
    if (w.claimed().compareAndSet(false, true)) {
      foldOne(w);
      return true;
    }
    try {
      w.done().get(SETTLE_WAIT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Folds everything handed over so far (the folder's thread keeps running). */
  public void flush() {
    List<Waiting> batch = claimAll();
    if (!batch.isEmpty()) {
      foldAll(batch);
    }
  }

  /** Folds what is waiting and stops the thread; later folds are made on the writer's thread. */
  @Override
  public void close() {
    closing = true;
    if (thread != null) {
      synchronized (signal) {
        signal.notifyAll();
      }
      try {
        thread.join(TimeUnit.SECONDS.toMillis(SETTLE_WAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flush();
  }

  private void run() {
    while (!closing) {
      List<Waiting> batch = claimAll();
      if (batch.isEmpty()) {
        synchronized (signal) {
          if (waiting.isEmpty() && !closing) {
            try {
              signal.wait(1000);
            } catch (InterruptedException e) {
              return;
            }
          }
        }
        continue;
      }
      foldAll(batch);
    }
  }

  private List<Waiting> claimAll() {
    List<Waiting> batch = new ArrayList<>();
    for (Waiting w : waiting.values()) {
      if (w.claimed().compareAndSet(false, true)) {
        batch.add(w);
      }
    }
    return batch;
  }

  /** Folds a claimed batch: the folds of one counter document in one update where it can. */
  private void foldAll(List<Waiting> batch) {
    Map<String, List<Waiting>> byCounter = new LinkedHashMap<>();
    for (Waiting w : batch) {
      byCounter.computeIfAbsent(w.key().id(), id -> new ArrayList<>()).add(w);
    }
    for (List<Waiting> same : byCounter.values()) {
      try {
        if (same.size() == 1 || !foldedTogether(same)) {
          same.forEach(this::foldOne);
        } else {
          same.forEach(this::finish);
        }
      } catch (RuntimeException e) {
        log.warn(
            "folding {} counted changes failed; their pending entries count them until the next"
                + " writer or a reader folds them",
            same.size(),
            e);
        same.forEach(w -> finish(w, e));
      }
    }
  }

  private boolean foldedTogether(List<Waiting> same) {
    Map<String, FlowCounts> deltas = new LinkedHashMap<>();
    same.forEach(w -> deltas.put(w.token(), w.delta()));
    return counters.foldAll(same.get(0).key(), deltas);
  }

  private void foldOne(Waiting w) {
    try {
      counters.fold(w.key(), w.token(), w.delta());
      finish(w);
    } catch (RuntimeException e) {
      finish(w, e);
      throw e;
    }
  }

  private void finish(Waiting w) {
    folded.add(w.token());
    waiting.remove(w.token());
    w.done().complete(null);
  }

  private void finish(Waiting w, RuntimeException failure) {
    if (!w.done().isDone()) {
      waiting.remove(w.token());
      w.done().completeExceptionally(failure);
    }
  }
}
