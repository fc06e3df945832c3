package dev.vigil.sensor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.sensor.output.OutputAgent;
import dev.vigil.sensor.output.webhook.WebhookAgent;
import dev.vigil.sensor.output.webhook.WebhookConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class WebhookOutputsTest {
    private static final java.util.function.Function<String, String> NO_ENV = name -> null;

    @TempDir
    Path tmp;

    @Command(name = "t")
    static final class Cmd {
        @Mixin
        WebhookOptions webhook;
    }

    private WebhookOptions parse(String... args) {
        Cmd c = new Cmd();
        new CommandLine(c).parseArgs(args);
        return c.webhook;
    }

    @Test
    void oneAgentPerUrlEachWithItsOwnSpool() throws Exception {
        Path secret = tmp.resolve("s");
        Files.writeString(secret, "k\n");
        WebhookOptions o = parse("--webhook", "https://soc.example/hook", "--webhook", "http://127.0.0.1:8080/x",
                "--webhook-secret-file", secret.toString(), "--webhook-min-severity", "3",
                "--webhook-rules", "asset.unknown,snmp.weak", "--webhook-format", "slack",
                "--webhook-spool-dir", tmp.resolve("spool").toString());
        List<OutputAgent> agents = WebhookOutputs.create(o, NO_ENV);
        assertThat(agents).hasSize(2);
        WebhookConfig a = ((WebhookAgent) agents.get(0)).config();
        WebhookConfig b = ((WebhookAgent) agents.get(1)).config();
        assertThat(a.signed()).isTrue();
        assertThat(a.minSeverity()).isEqualTo(3);
        assertThat(a.ruleIds()).isEqualTo(Set.of("asset.unknown", "snmp.weak"));
        assertThat(a.format()).isEqualTo(WebhookConfig.Format.SLACK);
        assertThat(a.spool().directory().getParent()).isEqualTo(tmp.resolve("spool"));
        assertThat(a.spool().directory().getFileName().toString()).matches("soc\\.example-443-[0-9a-f]{12}");
        assertThat(b.spool().directory().getFileName().toString()).matches("127\\.0\\.0\\.1-8080-[0-9a-f]{12}");
        assertThat(a.toString()).doesNotContain("k\n").contains("signed=true");
    }

    @Test
    void theSecretMayComeFromTheEnvironmentAndNeverFromTheCommandLine() {
        WebhookOptions o = parse("--webhook", "http://127.0.0.1:8080/x");
        Map<String, String> env = Map.of(WebhookOutputs.SECRET_ENV, "k", WebhookOutputs.STATE_ENV, tmp.toString());
        WebhookAgent signed = (WebhookAgent) WebhookOutputs.create(o, env::get).get(0);
        assertThat(signed.config().signed()).isTrue();
        assertThat(signed.config().spool().directory().getParent()).isEqualTo(tmp.resolve("webhook"));
        WebhookAgent unsigned = (WebhookAgent) WebhookOutputs.create(o, NO_ENV).get(0);
        assertThat(unsigned.config().signed()).isFalse();
        assertThatThrownBy(() -> parse("--webhook", "http://h/", "--webhook-secret", "k"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> WebhookOutputs.create(parse("--webhook", "ftp://h/"), NO_ENV))
                .hasMessageContaining("--webhook").hasMessageContaining("http(s)");
        assertThatThrownBy(() -> WebhookOutputs.create(parse("--webhook", "http://u:p@h/"), NO_ENV))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> WebhookOutputs.create(parse("--webhook", "http://h/", "--webhook", "http://h/"),
                NO_ENV)).hasMessageContaining("twice");
        assertThatThrownBy(() -> WebhookOutputs.create(parse("--webhook", "http://h/", "--webhook-format", "xml"),
                NO_ENV)).hasMessageContaining("json or slack");
        assertThatThrownBy(() -> WebhookOutputs.create(parse("--webhook-secret-file", "/x"), NO_ENV))
                .hasMessageContaining("needs --webhook");
        assertThatThrownBy(() -> WebhookOutputs.create(parse("--webhook", "http://h/", "--webhook-secret-file",
                tmp.resolve("missing").toString()), NO_ENV)).hasMessageContaining("secret file");
        assertThat(WebhookOutputs.create(parse(), NO_ENV)).isEmpty();
    }
}
