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
 * docker-compose.yml and the Dockerfile checked statically against what the build produces and
 * what each service's config says (fast, no Docker needed); {@link ComposeStackIT} runs them.
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
    void declaresTheServicesADataVolumeABackupVolumeAndTheRestoreInit() {
        JsonNode services = compose.get("services");
        assertThat(services.has("collector")).isTrue();
        assertThat(services.has("replicator")).isTrue();
        assertThat(services.has("api")).isTrue();
        assertThat(text(services.get("litestream").get("command"))).contains("litestream", "replicate", "/data/litestream-active.yml");
        assertThat(fieldNames(compose.get("volumes"))).containsExactly("cryptoflow-data", "cryptoflow-backup", "cryptoflow-cache");

        JsonNode restore = services.get("restore");
        assertThat(text(restore.get("command")))
                .contains("cryptoflow-restore", "/etc/litestream$${CRYPTOFLOW_BACKUP_S3_BUCKET:+-s3}.yml", "/data/litestream-active.yml",
                        "/app/collector/collector.jar /app/replicator/replicator.jar");
        assertThat(text(restore.get("volumes"))).contains("./litestream.yml:/etc/litestream.yml", "./litestream-s3.yml:/etc/litestream-s3.yml",
                "./bin/cryptoflow-restore:/usr/local/bin/cryptoflow-restore");
        assertThat(services.get("collector").at("/depends_on/restore/condition").asText())
                .isEqualTo("service_completed_successfully");
        // Litestream starts after the restore and before the collector, so it stops after the
        // collector and its final sync takes the collector's last commits.
        assertThat(services.get("litestream").at("/depends_on/restore/condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.get("collector").at("/depends_on/litestream/condition").asText()).isEqualTo("service_started");
        // The replicator starts before the collector and stops after it: its last cycle applies the final revision.
        assertThat(services.get("collector").at("/depends_on/replicator/condition").asText()).isEqualTo("service_started");
        assertThat(services.get("replicator").at("/depends_on/restore/condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.get("replicator").has("depends_on") && services.get("replicator").get("depends_on").has("collector")).isFalse();
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
        String jar = "/app/" + service + "/" + service + ".jar";
        assertThat(command).containsExactly("java", "-jar", jar, "server", "/app/" + service + "/config.yml");
        // Both image builds put the jar and the config there.
        assertThat(dockerfile).contains("COPY --from=build /src/" + service + "/target/" + service + ".jar " + jar);
        assertThat(dockerfile).contains("COPY " + service + "/config.yml /app/" + service + "/\n");
        assertThat(dockerfile).contains("COPY " + service + "/config.yml " + service + "/target/" + service + ".ja[r] /app/" + service + "/");
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
        assertThat(text(compose.at("/services/restore/volumes"))).contains("./litestream.yml:/etc/litestream.yml");
        JsonNode withS3 = YAML.readTree(root.resolve("litestream-s3.yml").toFile()).get("dbs");
        assertThat(withS3.get(0).get("path")).isEqualTo(dbs.get(0).get("path"));
        // The S3 config keeps the file replica exactly as litestream.yml has it.
        assertThat(withS3.get(0).at("/replicas/0/path")).isEqualTo(dbs.get(0).at("/replicas/0/path"));
        assertThat(withS3.get(0).at("/replicas/1/type").asText()).isEqualTo("s3");
    }

    @Test
    void imageRunsAsANonRootUserOnJre17() {
        assertThat(dockerfile).containsPattern("(?m)^FROM maven:[^ ]*17[^ ]* AS build$");
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre AS runtime$");
        assertThat(dockerfile).containsPattern("(?m)^USER cryptoflow$");
        assertThat(dockerfile).contains("COPY --from=litestream /usr/local/bin/litestream /usr/local/bin/litestream");
    }

    @Test
    void everyServiceTouchingTheDataRunsTheOneNonRootImage() {
        // A restore written by another user (the Litestream image runs as root) left a collector.db
        // the collector could not open: every service on the data volume runs the same image and user.
        compose.get("services").properties().forEach(e -> {
            if (text(e.getValue().get("volumes")).contains("cryptoflow-data:/data")) {
                assertThat(e.getValue().get("image").asText()).as(e.getKey()).isEqualTo("cryptoflow:latest");
                assertThat(e.getValue().has("user")).as(e.getKey() + " keeps the image's user").isFalse();
            }
        });
    }

    @Test
    void acceptedByDockerCompose129AndCompose2() {
        // docker-compose 1.29 rejects the v2-only top-level `name:`; the project name is in .env.
        assertThat(fieldNames(compose)).doesNotContain("name", "version");
        assertThat(compose.at("/services/restore/build/target").asText()).isEqualTo("${CRYPTOFLOW_IMAGE_BUILD:-maven}");
        assertThat(dockerfile).containsPattern("(?m)^FROM runtime AS prebuilt$").containsPattern("(?m)^FROM runtime AS maven$");
    }

    @Test
    void theBackupLivesOnItsOwnVolumeWhereLitestreamYmlPutsTheFileReplica() throws IOException {
        String replicaPath = YAML.readTree(root.resolve("litestream.yml").toFile()).at("/dbs/0/replicas/0/path").asText();
        assertThat(replicaPath).isEqualTo("${CRYPTOFLOW_DATA_DIR}/litestream/collector");
        for (String service : List.of("restore", "litestream")) {
            assertThat(list(compose.at("/services/" + service + "/volumes")))
                    .contains("cryptoflow-data:/data", "cryptoflow-backup:/data/litestream");
        }
        for (String service : List.of("collector", "replicator", "api")) {
            assertThat(text(compose.at("/services/" + service + "/volumes"))).doesNotContain("cryptoflow-backup");
        }
    }

    @Test
    void theSimulatorOverridePointsEveryExchangeUrlOfTheCollectorAtTheSimulator() throws IOException {
        // An exchange URL left at its default makes the collector reach for the real exchange in the
        // compose test (a new market's stream then never connects and the collector is unhealthy).
        JsonNode override = YAML.readTree(root.resolve("e2e/compose/simulator.yml").toFile());
        Map<String, String> overridden = environment(override.at("/services/collector"));
        environment(compose.at("/services/collector")).keySet().stream()
                .filter(name -> name.endsWith("_URL"))
                .forEach(name -> assertThat(overridden.get(name)).as(name + " in e2e/compose/simulator.yml")
                        .matches("(http|ws)://simulator:[0-9]+.*"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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
