package dev.vigil.sensor.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void restoreDefaultConfiguration() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void jsonLinesAreEcsDocuments() throws Exception {
        assertThat(Logging.configure("json", "info", out)).isTrue();
        Logger log = LoggerFactory.getLogger("dev.vigil.test.Json");
        try (MDC.MDCCloseable c = MDC.putCloseable("vigil.policy.sha256", "ab12")) {
            log.info("started on {}", "eth1");
        }
        log.debug("not at info");
        log.error("failed", new IllegalStateException("boom"));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("message").asText()).isEqualTo("started on eth1");
        assertThat(first.path("log.level").asText()).isEqualTo("INFO");
        assertThat(first.path("log.logger").asText()).isEqualTo("dev.vigil.test.Json");
        assertThat(first.path("service.name").asText()).isEqualTo("vigil");
        assertThat(first.path("event.dataset").asText()).isEqualTo(Logging.LOG_DATASET);
        assertThat(first.path("vigil.policy.sha256").asText()).isEqualTo("ab12");
        assertThat(first.path("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(second.path("error.message").asText()).isEqualTo("boom");
    }

    @Test
    void textLinesHaveTimeLevelAndLogger() {
        Logging.configure("text", "warn", out);
        Logger log = LoggerFactory.getLogger("dev.vigil.test.Text");
        log.info("below the level");
        log.warn("kernel drops: {}", 12);
        assertThat(lines()).singleElement().asString()
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} \\[WARN] Text - kernel drops: 12");
    }

    @Test
    void repeatsAreSuppressedAndSummarised() {
        Logging.configure("text", "info", out);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        RepeatFilter filter = (RepeatFilter) ctx.getTurboFilterList().get(0);
        Logger log = LoggerFactory.getLogger("dev.vigil.test.Repeat");
        for (int i = 0; i < 1000; i++) {
            log.warn("output {} failed: {}", "es", i);
        }
        log.warn("another message");
        assertThat(lines()).hasSize(6);
        filter.flush();
        List<String> lines = lines();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).endsWith("output es failed: 0");
        assertThat(lines.get(4)).endsWith("output es failed: 4");
        assertThat(lines.get(5)).endsWith("another message");
        assertThat(lines.get(6)).contains("[WARN] Repeat - repeated 995 more times in the last ")
                .endsWith(" s: output {} failed: {}");
        // a new window lets the message through again; nothing left to summarise
        log.warn("output {} failed: {}", "es", 1000);
        filter.flush();
        assertThat(lines()).hasSize(8);
    }
}
