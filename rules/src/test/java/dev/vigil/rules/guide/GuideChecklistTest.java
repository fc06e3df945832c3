package dev.vigil.rules.guide;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GuideChecklistTest {
    @Test
    void theChecklistHasTheGuidesSixControlsInOrder() {
        assertThat(GuideChecklist.controls()).extracting(GuideChecklist.Control::id).containsExactly(1, 2, 3, 4, 6, 9);
        assertThat(GuideChecklist.controls()).allSatisfy(c -> {
            assertThat(c.task()).isNotBlank();
            assertThat(c.expectation()).isNotEmpty();
            assertThat(c.recommendations()).isNotEmpty();
        });
    }

    /** Every task and expectation is the guide's own wording (normalised for line breaks and hyphenation). */
    @Test
    void tasksAndRecommendationsAreQuotedFromTheGuide() throws IOException {
        Path seed = Path.of(System.getProperty("vigil.repo.root", ".."), "..", "shared", "seed");
        String guide;
        try (Stream<Path> files = Files.list(seed)) {
            guide = normalise(Files.readString(files.filter(p -> p.toString().endsWith(".txt")).findFirst().orElseThrow()));
        }
        for (GuideChecklist.Control c : GuideChecklist.controls()) {
            for (String r : c.recommendations()) {
                assertThat(guide).as("recommendation of CIS %d", c.id()).contains(normalise(r));
            }
            for (String sentence : c.task().split("(?<=\\.) ")) {
                assertThat(guide).as("task of CIS %d", c.id()).contains(normalise(sentence));
            }
        }
    }

    private static String normalise(String s) {
        return s.replace("ac- cording", "according").replace("inventory inventory", "inventory")
                .replaceAll("\\s+", " ").replace("wiki.zenitel. com", "wiki.zenitel.com").toLowerCase();
    }
}
