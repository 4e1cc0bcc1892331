package io.chatflows.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        "| conversations | side | steps | p50 | p90 | p99 | max | p50 ratio to durable floor (≤ 1.2) | p99 ratio (≤ 1.5) | p50 / p99 ratio to the floor with the product's writes | p50 / p99 ratio to raw signal |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (StepLatency.Result r : results) {
      double[] ratio = Stats.ratio(r.product(), r.floor());
      double[] writes = Stats.ratio(r.product(), r.floorWrites());
      double[] raw = Stats.ratio(r.product(), r.raw());
      s.append(
          "| %d | product | %s | %.2f× | %.2f× | %.2f× / %.2f× | %.2f× / %.2f× |\n"
              .formatted(
                  r.concurrency(),
                  r.product().row(),
                  ratio[0],
                  ratio[1],
                  writes[0],
                  writes[1],
                  raw[0],
                  raw[1]));
      s.append("| %d | durable floor | %s | | | | |\n".formatted(r.concurrency(), r.floor().row()));
      s.append(
          "| %d | durable floor with the product's writes | %s | | | | |\n"
              .formatted(r.concurrency(), r.floorWrites().row()));
      s.append("| %d | raw signal | %s | | | | |\n".formatted(r.concurrency(), r.raw().row()));
    }
    s.append("\nThe app's just-in-time compiler during the product's measured steps: ");
    s.append(
        String.join(
            ", ",
            results.stream()
                .map(
                    r ->
                        "%.0f %% of the time at %d".formatted(r.compiling() * 100, r.concurrency()))
                .toList()));
    s.append(" conversations.\n");
    sections.add(s.toString());
  }

  void b2(Throughput.Result r) {
    StringBuilder s =
        new StringBuilder(
            "### B2 webhook hand-over throughput (%d s each, %d senders, %d conversations)\n\n"
                .formatted(r.seconds(), r.senders(), r.conversations()));
    s.append(
        "| side | acknowledged | errors | per second | ack p50 ms | ack p99 ms | took effect | CPU ms per webhook: receiving JVM / benchmark JVM |\n");
    s.append("|---|---|---|---|---|---|---|---|\n");
    s.append(webhookRow("product webhooks", r.product(), "steps recorded"));
    s.append(webhookRow("durable floor webhooks", r.floor(), "records written"));
    s.append(
        webhookRow(
            "durable floor webhooks with the product's writes", r.floorWrites(), "steps recorded"));
    s.append(
        "| raw signals | %d | %d | %.0f | %.1f | %.1f | %d counted by the workflows | |\n"
            .formatted(
                r.signals().acked(),
                r.signals().errors(),
                r.signals().perSecond(),
                r.signals().ack().p50(),
                r.signals().ack().p99(),
                r.signalsCounted()));
    s.append(
        "\nRatio product/durable floor: **%.2f×** (target ≥ 0.8); product/durable floor with the product's writes: %.2f×; product/raw signals: %.2f×; exactly once: product %s, floor %s, floor with the product's writes %s\n"
            .formatted(
                r.product().side().perSecond() / r.floor().side().perSecond(),
                r.product().side().perSecond() / r.floorWrites().side().perSecond(),
                r.product().side().perSecond() / r.signals().perSecond(),
                r.product().exactlyOnce() ? "yes" : "NO",
                r.floor().exactlyOnce() ? "yes" : "NO",
                r.floorWrites().exactlyOnce() ? "yes" : "NO"));
    Map<String, Double> commands = r.product().commandsPerWebhook();
    if (!commands.isEmpty()) {
      s.append(
          "\nMongoDB commands the app sent per acknowledged product webhook (its `mongodb.driver.commands` counts; the conversation list B2 polls for its step counts included): %.2f in all — %s\n"
              .formatted(
                  commands.values().stream().mapToDouble(Double::doubleValue).sum(),
                  String.join(
                      ", ",
                      commands.entrySet().stream()
                          .map(e -> "`%s` %.2f".formatted(e.getKey(), e.getValue()))
                          .toList())));
    }
    sections.add(s.toString());
  }

  private static String webhookRow(String name, Throughput.Webhooks w, String effect) {
    return "| %s | %d | %d | %.0f | %.1f | %.1f | %d %s (+%d re-deliveries answered `duplicate`) | %.1f / %.1f |\n"
        .formatted(
            name,
            w.side().acked(),
            w.side().errors(),
            w.side().perSecond(),
            w.side().ack().p50(),
            w.side().ack().p99(),
            w.tookEffect(),
            effect,
            w.duplicatesSent(),
            w.receiverCpuMs(),
            w.benchCpuMs());
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
        "\nGETs: maximum throughput with %d clients in a closed loop, then an open loop (constant arrival rate, latency from each request's due time) at fractions of it; each open-loop latency also split where a sender thread started the request (the generator's lag: started − due; from start: the server, the loopback and the client's parsing):\n\n"
            .formatted(OpenLoop.CLIENTS));
    s.append(
        "| request | load | requests/s asked (sent) | n | p50 | p90 | p99 | max | errors | generator's lag p50 / p99 | from start p50 / p99 |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (OpenLoop.Result get : r.gets()) {
      s.append(
          "| %s | maximum, %d clients | %.0f | %s | 0 | | |\n"
              .formatted(
                  get.request(), OpenLoop.CLIENTS, get.maxPerSecond(), get.saturated().row()));
      for (OpenLoop.Rate rate : get.rates()) {
        s.append(
            "| %s | %.0f %% | %.0f (%.0f) | %s | %d | %.1f / %.1f | %.1f / %.1f |\n"
                .formatted(
                    get.request(),
                    rate.fraction() * 100,
                    rate.target(),
                    rate.achieved(),
                    rate.latency().row(),
                    rate.errors(),
                    rate.lag().p50(),
                    rate.lag().p99(),
                    rate.fromStart().p50(),
                    rate.fromStart().p99()));
      }
    }
    sections.add(s.toString());
  }

  void b6(AnalyticsScale.Result r) {
    StringBuilder s =
        new StringBuilder(
            "### B6 analytics of one flow by number of conversations (counters over %d hours), ms\n\n"
                .formatted(r.hours()));
    s.append(
        "| conversations | seeded in s | backfilled in s | answer's `started` | side | n | p50 | p90 | p99 | max |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (AnalyticsScale.Size size : r.sizes()) {
      s.append(
          "| %d | %.0f | %.0f | %d | `GET /chat-flow/analytics/?flow=` | %s |\n"
              .formatted(
                  size.conversations(),
                  size.seedSeconds(),
                  size.backfillSeconds(),
                  size.answeredStarted(),
                  size.analytics().row()));
      s.append(
          "| %d | | | | floor: its counter documents read by id | %s |\n"
              .formatted(size.conversations(), size.floor().row()));
    }
    sections.add(s.toString());
    StringBuilder l =
        new StringBuilder(
            "### B7 conversation list of one workspace (`GET /chat-flow/conversations/?page_size=20&…`, its total counted), ms\n\n");
    l.append("| conversations | filter | total | side | n | p50 | p90 | p99 | max |\n");
    l.append("|---|---|---|---|---|---|---|---|---|\n");
    for (AnalyticsScale.Size size : r.sizes()) {
      for (AnalyticsScale.ListRow row : size.lists()) {
        l.append(
            "| %d | %s | %d | API | %s |\n"
                .formatted(size.conversations(), row.filter(), row.total(), row.api().row()));
        l.append(
            "| %d | %s | | floor: the same find of 20 and count on MongoDB | %s |\n"
                .formatted(size.conversations(), row.filter(), row.floor().row()));
      }
    }
    sections.add(l.toString());
  }

  String render() {
    return "## Results\n\n" + String.join("\n", settings) + "\n\n" + String.join("\n", sections);
  }
}
