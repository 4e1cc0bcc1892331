package io.chatflows.bench;

import java.util.ArrayList;
import java.util.List;

/** The results as Markdown tables, with the ratios to the floors and the targets. */
final class Report {

  private final List<String> settings = new ArrayList<>();
  private final List<String> sections = new ArrayList<>();

  void setting(String name, String value) {
    settings.add("- " + name + ": `" + value + "`");
  }

  void b1(List<StepLatency.Result> results) {
    StringBuilder s =
        new StringBuilder("### B1 step latency (click → next send at the stand-in), ms\n\n");
    s.append(
        "| conversations | side | steps | p50 | p90 | p99 | max | p50 ratio (≤ 1.3) | p99 ratio (≤ 2) |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    for (StepLatency.Result r : results) {
      double[] ratio = Stats.ratio(r.product(), r.floor());
      s.append(
          "| %d | product | %s | %.2f× | %.2f× |\n"
              .formatted(r.concurrency(), r.product().row(), ratio[0], ratio[1]));
      s.append("| %d | floor | %s | | |\n".formatted(r.concurrency(), r.floor().row()));
    }
    sections.add(s.toString());
  }

  void b2(Throughput.Result r) {
    StringBuilder s =
        new StringBuilder(
            "### B2 webhook hand-over throughput (%d s, %d senders, %d conversations)\n\n"
                .formatted(r.seconds(), r.senders(), r.conversations()));
    s.append(
        "| side | acknowledged | errors | per second | ack p50 ms | ack p99 ms | took effect |\n");
    s.append("|---|---|---|---|---|---|---|\n");
    s.append(
        "| webhooks | %d | %d | %.0f | %.1f | %.1f | %d steps recorded (+%d re-deliveries answered `duplicate`, no step) |\n"
            .formatted(
                r.webhooks().acked(),
                r.webhooks().errors(),
                r.webhooks().perSecond(),
                r.webhooks().ack().p50(),
                r.webhooks().ack().p99(),
                r.stepsRecorded(),
                r.duplicatesSent()));
    s.append(
        "| raw signals | %d | %d | %.0f | %.1f | %.1f | %d counted by the workflows |\n"
            .formatted(
                r.signals().acked(),
                r.signals().errors(),
                r.signals().perSecond(),
                r.signals().ack().p50(),
                r.signals().ack().p99(),
                r.signalsCounted()));
    s.append(
        "\nRatio webhooks/raw signals: **%.2f×** (target ≥ 0.8); exactly once: %s\n"
            .formatted(
                r.webhooks().perSecond() / r.signals().perSecond(),
                r.stepsRecorded() == r.webhooks().acked() ? "yes" : "NO"));
    sections.add(s.toString());
  }

  void b3(HistoryEvents.Result r) {
    StringBuilder s = new StringBuilder("### B3 history events per step (6-node flow)\n\n");
    s.append("| side | events per step |\n|---|---|\n");
    s.append(
        "| product | %.1f |\n| floor | %.1f |\n".formatted(r.productPerStep(), r.floorPerStep()));
    s.append("\nOne product step: ");
    r.productStep().forEach((k, v) -> s.append("`").append(k).append("` ×").append(v).append(", "));
    s.setLength(s.length() - 2);
    s.append("\n");
    sections.add(s.toString());
  }

  void b4(Memory.Result r, int cache) {
    StringBuilder s =
        new StringBuilder(
            "### B4 heap after full GC with conversations waiting for a reply (workflow cache %d)\n\n"
                .formatted(cache));
    s.append(
        "| waiting conversations | app heap (api + worker + embedded Mongo) MB | Temporal server heap MB |\n|---|---|---|\n");
    Memory.Point base = r.points().get(0);
    for (Memory.Point p : r.points()) {
      s.append(
          "| %d | %.1f | %.1f |\n"
              .formatted(p.conversations(), p.appHeap() / 1048576.0, p.serverHeap() / 1048576.0));
    }
    Memory.Point last = r.points().get(r.points().size() - 1);
    if (last.conversations() > 0) {
      s.append(
          "\nPer waiting conversation: app **%.0f bytes**, Temporal server **%.0f bytes** (%d of %d started in %.0f s)\n"
              .formatted(
                  (last.appHeap() - base.appHeap()) / (double) last.conversations(),
                  (last.serverHeap() - base.serverHeap()) / (double) last.conversations(),
                  r.started(),
                  r.target(),
                  r.seconds()));
    }
    sections.add(s.toString());
  }

  void b5(ApiLatency.Result r) {
    StringBuilder s = new StringBuilder("### B5 API latency, ms\n\n");
    s.append("| request | n | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
    s.append("| validate 500-node flow | %s |\n".formatted(r.validate().row()));
    s.append("| save (create) 500-node flow | %s |\n".formatted(r.save().row()));
    s.append(
        "| GET 6-node flow detail, %d clients | %s |\n".formatted(r.clients(), r.detail().row()));
    s.append(
        "| GET flow list (page_size 20 of %d), %d clients | %s |\n"
            .formatted(r.flows(), r.clients(), r.list().row()));
    s.append(
        "| GET 500-node flow detail, %d clients | %s |\n"
            .formatted(r.clients(), r.largeDetail().row()));
    s.append("\nNon-200 answers: %d\n".formatted(r.errors()));
    sections.add(s.toString());
  }

  String render() {
    return "## Results\n\n" + String.join("\n", settings) + "\n\n" + String.join("\n", sections);
  }
}
