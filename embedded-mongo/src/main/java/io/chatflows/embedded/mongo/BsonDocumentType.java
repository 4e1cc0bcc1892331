package io.chatflows.embedded.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded MongoDB-wire server stores a document in its data file: as BSON, the bytes
 * MongoDB stores and the wire carries, with mongo-java-server's own encoder and decoder.
 *
 * <p>mongo-java-server's H2 backend stores documents with H2's default value type, which writes an
 * object it does not know with Java serialisation: each document read or written went through
 * {@code ObjectOutputStream} with its class descriptors, several times the work and the bytes of
 * BSON. A document stored so before (the first byte is one of H2's type tags, all below 128) is
 * still read; it is written as BSON the next time it changes. A value the BSON encoder cannot write
 * (none the wire can carry) is written as before.
 */
final class BsonDocumentType extends BasicDataType<Document> {

  /** Marks a BSON document; H2's own type tags are all below it. */
  private static final byte BSON = (byte) 0xB5;

  private static final ObjectDataType STOCK = new ObjectDataType();

  /**
   * An estimate of a document's size in memory, for H2's page cache: three times the average size
   * of the BSON written (its objects, strings of two-byte characters and headers).
   */
  private volatile int averageSize = 1_024;

  @Override
  public int getMemory(Document document) {
    return averageSize;
  }

  @Override
  public void write(WriteBuffer buff, Document document) {
    ByteBuf bson = Unpooled.buffer(averageSize / 3 + 64);
    try {
      BsonEncoder.encodeDocument(document, bson);
    } catch (IllegalArgumentException notBson) {
      STOCK.write(buff, document);
      return;
    }
    int size = bson.readableBytes();
    averageSize = (averageSize * 15 + 3 * size) / 16;
    buff.put(BSON).put(bson.nioBuffer());
  }

  /** The size of a document as BSON, as mongo-java-server counts it for its statistics. */
  static int sizeOf(Document document) {
    ByteBuf bson = Unpooled.buffer();
    try {
      BsonEncoder.encodeDocument(document, bson);
      return bson.writerIndex();
    } finally {
      bson.release();
    }
  }

  @Override
  public Document read(ByteBuffer buff) {
    if (buff.get(buff.position()) != BSON) {
      return (Document) STOCK.read(buff);
    }
    buff.get();
    int size = Integer.reverseBytes(buff.getInt(buff.position()));
    ByteBuffer bson = buff.slice();
    bson.limit(size);
    buff.position(buff.position() + size);
    return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }
}
