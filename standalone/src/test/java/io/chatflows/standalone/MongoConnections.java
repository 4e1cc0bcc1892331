package io.chatflows.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;

/** Connections of the embedded store's tests to a MongoDB-wire server they start themselves. */
final class MongoConnections {

  private MongoConnections() {}

  /** Binds {@code server} to a free loopback port and connects a client to it. */
  static MongoClient connect(MongoServer server) {
    var address = server.bind();
    return MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
  }
}
