package io.arbalest.am.cli;

import io.arbalest.planner.config.ArbalestConfig;
import io.arbalest.planner.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md lists every configuration key with its default. */
class ConfigurationDocTest {
    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigKey key : ArbalestConfig.KEYS) {
            assertThat(doc).as("docs/configuration.md row of " + key.name())
                    .contains("| `" + key.name() + "` | `" + key.defaultValue() + "` |");
        }
    }
}
