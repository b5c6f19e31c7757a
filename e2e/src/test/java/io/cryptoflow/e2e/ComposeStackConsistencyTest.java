package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cryptoflow.common.RepoRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked statically
 * against what the build produces and what each service's config says.
 */
class ComposeStackConsistencyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::-([^}]*))?}");

    private static Path root;
    private static JsonNode compose;
    private static String dockerfile;

    @BeforeAll
    static void load() throws IOException {
        root = RepoRoot.find();
        compose = YAML.readTree(root.resolve("docker-compose.yml").toFile());
        dockerfile = Files.readString(root.resolve("Dockerfile"));
    }

    @Test
    void declaresTheFourServicesOneNamedDataVolumeAndTheRestoreInit() {
        JsonNode services = compose.get("services");
        assertThat(services.has("collector")).isTrue();
        assertThat(services.has("replicator")).isTrue();
        assertThat(services.has("api")).isTrue();
        assertThat(services.get("litestream").get("image").asText()).isEqualTo("litestream/litestream:0.3.13");
        assertThat(text(services.get("litestream").get("command"))).contains("replicate", "/etc/litestream.yml");
        assertThat(compose.get("volumes").size()).isEqualTo(1);

        JsonNode restore = services.get("restore");
        assertThat(text(restore.get("command")))
                .contains("restore", "-if-db-not-exists", "-if-replica-exists", "/data/collector.db");
        assertThat(services.get("collector").at("/depends_on/restore/condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.get("replicator").at("/depends_on/collector/condition").asText()).isEqualTo("service_healthy");
        assertThat(services.get("api").at("/depends_on/replicator/condition").asText()).isEqualTo("service_healthy");
    }

    @Test
    void publishesOnlyTheApiPort() {
        JsonNode services = compose.get("services");
        assertThat(services.get("api").get("ports")).isNotNull();
        for (String internal : List.of("collector", "replicator", "litestream", "restore")) {
            assertThat(services.get(internal).has("ports")).as(internal + " publishes no port").isFalse();
        }
        assertThat(services.get("api").get("ports").get(0).asText()).endsWith(":3000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"collector", "replicator", "api"})
    void everyServiceCommandNamesAJarAndConfigThatTheBuildAndImageProvide(String service) {
        List<String> command = list(compose.at("/services/" + service + "/command"));
        assertThat(command).containsExactly("java", "-jar", "/app/" + service + ".jar", "server",
                "/app/" + service + "/config.yml");
        assertThat(dockerfile).contains("COPY --from=build /src/" + service + "/target/" + service + ".jar /app/" + service + ".jar");
        assertThat(dockerfile).contains("COPY " + service + "/config.yml /app/" + service + "/config.yml");
        assertThat(root.resolve(service + "/config.yml")).exists();
        assertThat(root.resolve(service + "/target/" + service + ".jar"))
                .as("the build produces the jar the image copies (run after package)").exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"collector", "replicator", "api"})
    void healthCheckUrlMatchesThePortAndPathTheServiceConfigDeclares(String service) throws IOException {
        JsonNode svc = compose.at("/services/" + service);
        Map<String, String> env = environment(svc);
        JsonNode config = YAML.readTree(substitute(Files.readString(root.resolve(service + "/config.yml")), env));

        URI health = URI.create(list(svc.at("/healthcheck/test")).get(3));
        assertThat(list(svc.at("/healthcheck/test")).subList(0, 3)).containsExactly("CMD", "curl", "-fsS");

        JsonNode server = config.get("server");
        int adminPort;
        String adminPath;
        if ("simple".equals(server.path("type").asText())) {
            adminPort = server.at("/connector/port").asInt();
            adminPath = server.path("adminContextPath").asText("/");
        } else {
            adminPort = server.at("/adminConnectors/0/port").asInt();
            adminPath = server.path("adminContextPath").asText("/");
        }
        assertThat(health.getPort()).isEqualTo(adminPort);
        assertThat(health.getPath()).isEqualTo((adminPath.endsWith("/") ? adminPath : adminPath + "/") + "healthcheck");
    }

    @Test
    void everyEnvironmentVariableTheStackSetsIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(root.resolve("README.md"));
        compose.get("services").fields().forEachRemaining(e -> environment(e.getValue()).keySet()
                .forEach(name -> assertThat(readme).as(e.getKey() + " sets " + name).contains("`" + name + "`")));
    }

    @Test
    void litestreamBacksUpCollectorDbAndNeverApiDb() throws IOException {
        JsonNode dbs = YAML.readTree(root.resolve("litestream.yml").toFile()).get("dbs");
        assertThat(dbs.size()).isEqualTo(1);
        assertThat(dbs.get(0).get("path").asText()).endsWith("/collector.db");
        assertThat(dbs.get(0).get("replicas").size()).isPositive();
        assertThat(text(compose.at("/services/litestream/volumes"))).contains("./litestream.yml:/etc/litestream.yml");
    }

    @Test
    void imageRunsAsANonRootUserOnJre17() {
        assertThat(dockerfile).containsPattern("(?m)^FROM maven:[^ ]*17[^ ]* AS build$");
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
        assertThat(dockerfile).containsPattern("(?m)^USER cryptoflow$");
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        JsonNode node = service.get("environment");
        if (node != null) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("<<")) {
                    env.put(e.getKey(), e.getValue().asText());
                }
            });
            JsonNode merged = node.get("<<");
            if (merged != null) {
                merged.fields().forEachRemaining(e -> env.putIfAbsent(e.getKey(), e.getValue().asText()));
            }
        }
        return env;
    }

    private static String substitute(String text, Map<String, String> env) {
        Matcher m = SUBSTITUTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> list(JsonNode node) {
        return YAML.convertValue(node, YAML.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.toString();
    }
}
