package dev.vigil.sensor.output.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.sensor.output.spool.FsyncPolicy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS delivery with certificate verification against a real TLS receiver whose self-signed
 * certificate (for localhost and 127.0.0.1) the test makes with the JDK's keytool.
 */
class WebhookTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path certs;
    private static SSLContext serverSsl;
    private static Path caPem;
    private static SSLContext otherHostSsl;
    private static Path otherCaPem;

    @TempDir
    Path tmp;
    private Receiver rx;
    private WebhookAgent agent;

    @BeforeAll
    static void makeCertificates() throws Exception {
        caPem = certs.resolve("ca.pem");
        serverSsl = certificate("localhost", "SAN=dns:localhost,ip:127.0.0.1", caPem);
        otherCaPem = certs.resolve("other-ca.pem");
        otherHostSsl = certificate("other", "SAN=dns:receiver.invalid", otherCaPem);
    }

    /** A self-signed certificate: the server's TLS context, and its PEM written to {@code pem}. */
    private static SSLContext certificate(String name, String san, Path pem) throws Exception {
        Path keystore = certs.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", san, "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "receiver", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }

    private static void keytool(String... args) throws Exception {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (rx != null) {
            rx.close();
        }
    }

    private WebhookConfig.Builder config(String url) throws Exception {
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, WebhookAgentTest.SECRET);
        return WebhookConfig.builder(url).secretFile(secret).spoolDirectory(tmp.resolve("spool"))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2)).drainTimeout(Duration.ZERO).fsync(FsyncPolicy.never());
    }

    @Test
    void deliversOverTlsWhenTheCaFileVouchesForTheReceiver() throws Exception {
        rx = Receiver.https(serverSsl);
        agent = new WebhookAgent(config(rx.url("https", "localhost")).caCertificate(caPem).build());
        agent.start();
        agent.onRecord(WebhookAgentTest.finding("f-tls", "tls.weak", 3), true);
        WebhookAgentTest.await("delivery", () -> agent.sent() == 1);
        assertThat(rx.requests).extracting(Receiver.Request::key).containsExactly("f-tls");
        WebhookAgentTest.assertSigned(rx.requests.get(0));
    }

    @Test
    void refusesAReceiverTheTrustStoreDoesNotKnowAndKeepsTheAlert() throws Exception {
        rx = Receiver.https(serverSsl);
        agent = new WebhookAgent(config(rx.url("https", "localhost")).build()); // JVM trust store only
        agent.start();
        agent.onRecord(WebhookAgentTest.finding("f-tls", "tls.weak", 3), true);
        WebhookAgentTest.await("failed TLS attempts", () -> agent.retried() >= 2);
        assertThat(agent.sent()).isZero();
        assertThat(rx.requests).isEmpty();
        assertThat(agent.failuresByReason()).containsKey("tls");
        assertThat(agent.queueDepth()).isEqualTo(1); // kept for when the certificate is fixed
    }

    @Test
    void refusesACertificateForAnotherHostName() throws Exception {
        // a certificate the CA file trusts, but issued to receiver.invalid, not to 127.0.0.1
        rx = Receiver.https(otherHostSsl);
        agent = new WebhookAgent(config(rx.url("https", "127.0.0.1")).caCertificate(otherCaPem).build());
        agent.start();
        agent.onRecord(WebhookAgentTest.finding("f-tls", "tls.weak", 3), true);
        WebhookAgentTest.await("failed TLS attempts", () -> agent.retried() >= 2);
        assertThat(agent.sent()).isZero();
        assertThat(agent.failuresByReason()).containsKey("tls");
    }
}
