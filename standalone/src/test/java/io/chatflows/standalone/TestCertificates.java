package io.chatflows.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority with a server and a client certificate, made by the JDK's
 * {@code keytool} in a directory of the test's: PKCS12 stores for the test's server and the trust
 * store, PEM files (certificate chain, PKCS#8 key) for the client, as Temporal Cloud hands them
 * out.
 */
final class TestCertificates {

  static final String PASSWORD = "changeit";

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** Creates the CA, a server certificate for 127.0.0.1/localhost and a client certificate. */
  static TestCertificates create(Path dir) {
    TestCertificates certificates = new TestCertificates(dir);
    certificates.make();
    return certificates;
  }

  /** Server key and chain (PKCS12, password {@link #PASSWORD}). */
  Path serverStore() {
    return dir.resolve("server.p12");
  }

  /** The CA certificate alone, as a PKCS12 trust store (password {@link #PASSWORD}). */
  Path trustStore() {
    return dir.resolve("trust.p12");
  }

  /** The client's certificate chain, PEM. */
  Path clientChainPem() {
    return dir.resolve("client.pem");
  }

  /** The client's private key, PKCS#8 PEM. */
  Path clientKeyPem() {
    return dir.resolve("client.key");
  }

  X509Certificate clientCertificate() {
    return (X509Certificate) load(dir.resolve("client.p12")).chain()[0];
  }

  KeyStore serverKeyStore() {
    return keyStore(serverStore());
  }

  KeyStore trustKeyStore() {
    return keyStore(trustStore());
  }

  private void make() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Chat Flows Test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        "ca.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-storepass",
        PASSWORD,
        "-rfc",
        "-file",
        "ca.crt");
    keytool(
        "-importcert",
        "-alias",
        "ca",
        "-file",
        "ca.crt",
        "-keystore",
        "trust.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-noprompt");
    signed("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth");
    signed("client", "CN=chat-flows-worker", null, "eku=clientAuth");
    Loaded client = load(dir.resolve("client.p12"));
    StringBuilder chain = new StringBuilder();
    for (Certificate certificate : client.chain()) {
      chain.append(pem("CERTIFICATE", encoded(certificate)));
    }
    try {
      Files.writeString(clientChainPem(), chain);
      Files.writeString(clientKeyPem(), pem("PRIVATE KEY", client.key().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A key pair in {@code <name>.p12} whose certificate the CA signed, with the CA in its chain. */
  private void signed(String name, String dname, String san, String eku) {
    String store = name + ".p12";
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-validity",
        "2",
        "-keystore",
        store,
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    keytool(
        "-certreq",
        "-alias",
        name,
        "-keystore",
        store,
        "-storepass",
        PASSWORD,
        "-file",
        name + ".csr");
    List<String> gencert =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                PASSWORD,
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".crt",
                "-rfc",
                "-validity",
                "2",
                "-ext",
                eku));
    if (san != null) {
      gencert.addAll(List.of("-ext", san));
    }
    keytool(gencert.toArray(String[]::new));
    keytool(
        "-importcert",
        "-alias",
        "ca",
        "-file",
        "ca.crt",
        "-keystore",
        store,
        "-storepass",
        PASSWORD,
        "-noprompt");
    keytool(
        "-importcert",
        "-alias",
        name,
        "-file",
        name + ".crt",
        "-keystore",
        store,
        "-storepass",
        PASSWORD,
        "-noprompt");
  }

  private void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + String.join(" ", args) + ":\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Loaded(Key key, Certificate[] chain) {}

  private static Loaded load(Path store) {
    KeyStore keyStore = keyStore(store);
    try {
      String alias = store.getFileName().toString().replace(".p12", "");
      return new Loaded(
          keyStore.getKey(alias, PASSWORD.toCharArray()), keyStore.getCertificateChain(alias));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore keyStore(Path store) {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, PASSWORD.toCharArray());
      return keyStore;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
