package io.chatflows.standalone;

import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.embedded.mongo.DurableH2Backend;
import java.nio.file.Path;

/**
 * A MongoDB-wire server a test started, with a client connected to it: the embedded default's
 * backend on a data file, or mongo-java-server's stock H2 backend in memory, whose answers the
 * embedded default's are compared with.
 */
record ServedMongo<B extends MongoBackend>(B backend, MongoServer server, MongoClient client)
    implements AutoCloseable {

  static ServedMongo<DurableH2Backend> durable(Path dataFile) {
    return of(new DurableH2Backend(dataFile.toString()));
  }

  static ServedMongo<H2Backend> stock() {
    return of(H2Backend.inMemory());
  }

  static <B extends MongoBackend> ServedMongo<B> of(B backend) {
    MongoServer server = new MongoServer(backend);
    return new ServedMongo<>(backend, server, MongoConnections.connect(server));
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
