package io.chatflows.store.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health through {@code ping}, which both MongoDB and the embedded Mongo-wire server answer
 * (the latter has no {@code hello}, which Spring's own indicator uses).
 */
@Component("mongodbHealthIndicator")
public class MongoPingHealthIndicator implements HealthIndicator {

  private final MongoTemplate mongo;

  public MongoPingHealthIndicator(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public Health health() {
    try {
      mongo.executeCommand(new Document("ping", 1));
      return Health.up().build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }
}
