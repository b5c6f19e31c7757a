package io.cryptoflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped api/config.yml parses, validates and has the documented defaults. */
class ApiConfigurationTest {

    final YamlConfigurationFactory<ApiConfiguration> factory = new YamlConfigurationFactory<>(
            ApiConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    ApiConfiguration load(String path) throws Exception {
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), path);
    }

    @Test
    void shippedConfigHasTheDocumentedPortsAndBindsAdminToLoopback() throws Exception {
        ApiConfiguration c = load("config.yml");
        DefaultServerFactory server = (DefaultServerFactory) c.getServerFactory();
        HttpConnectorFactory app = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
        HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
        if (System.getenv("API_PORT") == null) {
            assertThat(app.getPort()).isEqualTo(3000);
        }
        if (System.getenv("API_ADMIN_PORT") == null) {
            assertThat(admin.getPort()).isEqualTo(3001);
        }
        assertThat(admin.getBindHost()).isEqualTo("127.0.0.1");
        if (System.getenv("CRYPTOFLOW_DATA_DIR") == null) {
            assertThat(c.apiDbPath()).isEqualTo(Path.of("./data/api.db").toAbsolutePath().normalize());
        }
        assertThat(c.apiDbPath().getFileName().toString()).isEqualTo("api.db");
        assertThat(c.getLive().getMaxSubscriptionsPerConnection()).isEqualTo(16);
        assertThat(c.getCorsAllowedOrigins()).containsExactly("*");
    }

    @Test
    void aDatabaseUrlCannotBeConfigured(@TempDir Path dir) throws Exception {
        Path yml = dir.resolve("bad.yml");
        Files.writeString(yml, "dataDir: /tmp\ndatabase:\n  url: jdbc:sqlite:/tmp/collector.db\n");
        assertThatThrownBy(() -> load(yml.toString())).hasMessageContaining("database");
    }

    @Test
    void invalidValuesAreRejectedAtStartup(@TempDir Path dir) throws Exception {
        Path yml = dir.resolve("bad.yml");
        Files.writeString(yml, "dataDir: ''\nlive:\n  maxSubscriptionsPerConnection: 0\n");
        assertThatThrownBy(() -> load(yml.toString())).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("dataDir").hasMessageContaining("maxSubscriptionsPerConnection");
    }
}
