package dev.vigil.sensor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SensorConfigLoaderTest {
    @TempDir
    Path dir;

    private static final String MINIMAL = """
            capture:
              interface: eth1
            outputs:
              ndjson:
                path: events.ndjson
            """;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, text);
        return f;
    }

    private List<String> problems(String text) throws IOException {
        Path f = write(text);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SensorConfigLoader.load(f));
        assertThat(e).as("expected the configuration to be refused").isNotNull();
        return e.problems();
    }

    private String at(int line, int column) {
        return dir.resolve("vigil.yaml") + ":" + line + ":" + column + ": ";
    }

    @Test
    void theExampleInDeployLoads() throws Exception {
        Path example = Path.of(System.getProperty("vigil.repo.root", "..")).resolve("deploy/config/vigil.example.yaml");
        String text = Files.readString(example);
        // the example names files under /etc/vigil; give them to it here
        Path etc = Files.createDirectories(dir.resolve("etc"));
        for (String name : List.of("policy.yaml", "inventory.csv", "es-ca.pem", "es-api-key", "webhook-soc.secret")) {
            Files.writeString(etc.resolve(name), "x\n");
        }
        Path f = dir.resolve("vigil.example.yaml");
        Files.writeString(f, text.replace("/etc/vigil/", etc + "/"));

        SensorConfig c = SensorConfigLoader.load(f);

        assertThat(c.capture()).isEqualTo(new SensorConfig.Capture("eth1", 65_535, 64 << 20, "not port 22", true, true));
        assertThat(c.pipeline()).isEqualTo(new SensorConfig.Pipeline(1, 16_384, 8_192, 65_536, List.of("all")));
        assertThat(c.policy()).isEqualTo(etc.resolve("policy.yaml"));
        assertThat(c.inventory()).isEqualTo(etc.resolve("inventory.csv"));
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/vigil"));
        assertThat(c.outputs().ndjson().path()).isEqualTo("/var/log/vigil/events.ndjson");
        SensorConfig.Elasticsearch es = c.outputs().elasticsearch();
        assertThat(es.urls()).containsExactly("https://127.0.0.1:9200");
        assertThat(es.apiKeyFile()).isEqualTo(etc.resolve("es-api-key"));
        assertThat(es.caFile()).isEqualTo(etc.resolve("es-ca.pem"));
        assertThat(c.namespace()).isEqualTo("default");
        assertThat(c.spool()).isEqualTo(new SensorConfig.Spool(Path.of("/var/lib/vigil/spool"), 1L << 30, "batch"));
        assertThat(c.webhooks()).hasSize(2);
        WebhookSettings soc = c.webhooks().get(0);
        assertThat(soc.name()).isEqualTo("soc");
        assertThat(soc.url()).isEqualTo("https://soc.example.net/hooks/vigil");
        assertThat(soc.secretFile()).isEqualTo(etc.resolve("webhook-soc.secret"));
        assertThat(soc.minSeverity()).isEqualTo(3);
        assertThat(soc.rules()).containsExactly("asset.unknown", "sip.*");
        assertThat(soc.location()).startsWith(f + ":");
        WebhookSettings chat = c.webhooks().get(1);
        assertThat(chat.url()).isNull();
        assertThat(chat.urlEnv()).isEqualTo("VIGIL_SLACK_URL");
        assertThat(chat.format()).isEqualTo("slack");
        assertThat(c.http()).isEqualTo(new SensorConfig.Http(true, "127.0.0.1", 9469));
        assertThat(c.user()).isEqualTo("vigil");
        assertThat(c.log()).isEqualTo(new SensorConfig.Log("json", "info"));
        assertThat(c.location("capture.interface")).startsWith(f + ":").endsWith(":14");
    }

    @Test
    void aMinimalConfigurationTakesTheDefaults() throws Exception {
        SensorConfig c = SensorConfigLoader.load(write(MINIMAL));
        assertThat(c.capture()).isEqualTo(new SensorConfig.Capture("eth1", 65_535, 64 << 20, null, true, true));
        assertThat(c.outputs().ndjson().path()).isEqualTo(dir.resolve("events.ndjson").toString());
        assertThat(c.outputs().elasticsearch()).isNull();
        assertThat(c.policy()).isNull();
        assertThat(c.inventory()).isNull();
        assertThat(c.webhooks()).isEmpty();
        assertThat(c.http()).isEqualTo(new SensorConfig.Http(true, "127.0.0.1", SensorConfig.DEFAULT_HTTP_PORT));
        assertThat(c.user()).isNull();
        assertThat(c.log()).isEqualTo(new SensorConfig.Log("text", "info"));
        assertThat(c.spool().dir()).isEqualTo(Path.of("/var/lib/vigil/spool"));
    }

    @Test
    void anUnknownKeyIsAnErrorWithItsPositionAndASuggestion() throws Exception {
        List<String> p = problems(MINIMAL + "pipeline:\n  wokers: 2\n");
        assertThat(p).singleElement().asString()
                .startsWith(at(7, 3) + "pipeline.wokers: unknown key (did you mean 'workers'?)")
                .contains("known here: decoders, max_flows, packet_ring, record_ring, workers");
    }

    @Test
    void aLiteralSecretIsRefusedWithoutEchoingIt() throws Exception {
        List<String> p = problems(MINIMAL + """
                  elasticsearch:
                    url: http://127.0.0.1:9200
                    username: vigil
                    password: hunter2
                """);
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith(at(9, 5) + "outputs.elasticsearch.password: secrets "
                + "are not accepted in the configuration file").contains("password_file", "password_env"));
        assertThat(String.join("\n", p)).doesNotContain("hunter2");
    }

    @Test
    void credentialsInAUrlAreRefusedWithoutEchoingThem() throws Exception {
        List<String> p = problems(MINIMAL + """
                webhooks:
                  - url: https://bob:s3cret@soc.example.net/hook
                """);
        assertThat(p).singleElement().asString().startsWith(at(7, 10) + "webhooks[0].url: credentials in a URL")
                .doesNotContain("s3cret");
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheValuesPosition() throws Exception {
        List<String> p = problems("""
                capture:
                  interface: eth1
                  snaplen: lots
                  buffer_size: 64MB
                  immediate: maybe
                pipeline:
                  packet_ring: 1000
                  workers: 65
                http:
                  listen: localhost
                log:
                  format: xml
                outputs:
                  ndjson:
                    path: x.ndjson
                """);
        assertThat(p).containsExactly(
                at(3, 12) + "capture.snaplen: must be a whole number from 64 to 262144",
                at(4, 16) + "capture.buffer_size: must be a size such as 1048576, 64MiB or 1GiB, got '64MB'",
                at(5, 14) + "capture.immediate: must be true or false",
                at(8, 12) + "pipeline.workers: must be from 1 to 64, got 65",
                at(7, 16) + "pipeline.packet_ring: must be a power of two (ring slots), got 1000",
                at(10, 11) + "http.listen: must be host:port, e.g. 127.0.0.1:9469 or [::1]:9469, got 'localhost'",
                at(12, 11) + "log.format: must be one of text, json, got 'xml'");
    }

    @Test
    void missingInterfaceAndOutputsAreRefused() throws Exception {
        List<String> p = problems("capture:\n  snaplen: 100\n");
        assertThat(p).containsExactly(
                at(2, 3) + "capture.interface: missing: the interface connected to the mirror (SPAN) port",
                dir.resolve("vigil.yaml") + ": outputs: no output configured: add outputs.ndjson, "
                        + "outputs.elasticsearch or webhooks (events would go nowhere)");
    }

    @Test
    void referencedFilesMustExist() throws Exception {
        List<String> p = problems(MINIMAL + "policy: site-policy.yaml\ninventory: /nonexistent/inv.csv\n");
        assertThat(p).containsExactly(
                at(6, 9) + "policy: no such file: " + dir.resolve("site-policy.yaml"),
                at(7, 12) + "inventory: no such file: /nonexistent/inv.csv");
    }

    @Test
    void duplicateKeysAndBadYamlNameTheirLine() throws Exception {
        assertThat(problems(MINIMAL + "capture:\n  interface: eth2\n"))
                .anySatisfy(s -> assertThat(s).startsWith(at(6, 1) + "capture: duplicate key (first at line 1)"));
        assertThat(problems("capture:\n  interface: [eth1\n")).singleElement().asString()
                .startsWith(dir.resolve("vigil.yaml") + ":3:1: not valid YAML");
        assertThatThrownBy(() -> SensorConfigLoader.load(write(""))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("empty");
        assertThat(problems("- a\n- b\n")).first().asString().contains("must be a mapping");
    }

    @Test
    void elasticsearchCredentialsMustBeComplete() throws Exception {
        assertThat(problems(MINIMAL + """
                  elasticsearch:
                    url: http://127.0.0.1:9200
                    username: vigil
                """)).singleElement().asString()
                .isEqualTo(at(8, 15) + "outputs.elasticsearch.username: a username needs password_file or password_env");
        assertThat(problems(MINIMAL + """
                  elasticsearch:
                    url: [http://a:9200, "ftp://b"]
                    api_key_env: VIGIL_KEY
                    api_key_file: nope
                """)).containsExactly(
                at(7, 10) + "outputs.elasticsearch.url: must be http(s)://host[:port], got 'ftp://b'",
                at(9, 19) + "outputs.elasticsearch.api_key_file: no such file: " + dir.resolve("nope"),
                at(8, 18) + "outputs.elasticsearch.api_key_env: give api_key_file or api_key_env, not both");
    }

    @Test
    void webhookEntriesAreChecked() throws Exception {
        List<String> p = problems(MINIMAL + """
                webhooks:
                  - url: https://a.example/h
                    url_env: HOOK
                  - format: teams
                    secret_env: "1BAD"
                """);
        assertThat(p).containsExactly(
                at(7, 10) + "webhooks[0].url: give exactly one of url, url_file and url_env",
                at(9, 5) + "webhooks[1].url: missing: the receiver's http(s) URL (or url_file / url_env when the "
                        + "URL itself is the secret, as with Slack incoming webhooks)",
                at(10, 17) + "webhooks[1].secret_env: must name an environment variable (letters, digits, _), "
                        + "got '1BAD'",
                at(9, 13) + "webhooks[1].format: must be one of json, slack, got 'teams'");
    }

    @Test
    void sizesListenAddressesAndUsers() throws Exception {
        SensorConfig c = SensorConfigLoader.load(write(MINIMAL + """
                pipeline:
                  decoders: sip
                http:
                  listen: "[::1]:0"
                spool:
                  max_size: 512MiB
                  fsync: always
                user: vigil-sensor
                """.replace("pipeline:\n", "pipeline:\n  max_flows: 1_000\n")));
        assertThat(c.http()).isEqualTo(new SensorConfig.Http(true, "::1", 0));
        assertThat(c.http().listen()).isEqualTo("[::1]:0");
        assertThat(c.pipeline().decoders()).containsExactly("sip");
        assertThat(c.pipeline().maxFlows()).isEqualTo(1000);
        assertThat(c.spool().maxBytes()).isEqualTo(512L << 20);
        assertThat(c.user()).isEqualTo("vigil-sensor");
        assertThat(problems(MINIMAL + "user: Root Account\n")).singleElement().asString()
                .startsWith(at(6, 7) + "user: must be a system account name");
        assertThat(problems(MINIMAL.replace("eth1", "eth1\n  buffer_size: 512KiB")))
                .singleElement().asString().isEqualTo(at(3, 16) + "capture.buffer_size: must be from 1MiB to "
                        + "2047MiB, got 512KiB");
    }
}
