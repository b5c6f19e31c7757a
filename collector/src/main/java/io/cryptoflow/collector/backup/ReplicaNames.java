package io.cryptoflow.collector.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replicas litestream.yml declares for one database, by the name Litestream gives them
 * ({@code name:}, else the type). A replica with no backup at all does not appear in
 * {@code litestream generations}, so the drill takes the list of what must exist from here.
 */
public final class ReplicaNames {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private ReplicaNames() {
    }

    public static List<String> of(Path config, Path db, Map<String, String> env) throws IOException {
        JsonNode root = YAML.readTree(expand(Files.readString(config), env));
        List<String> names = new ArrayList<>();
        Path wanted = db.toAbsolutePath().normalize();
        for (JsonNode d : root.path("dbs")) {
            if (!Path.of(d.path("path").asText("")).toAbsolutePath().normalize().equals(wanted)) {
                continue;
            }
            for (JsonNode r : d.path("replicas")) {
                String name = r.path("name").asText("");
                names.add(name.isEmpty() ? r.path("type").asText("file") : name);
            }
        }
        return names;
    }

    /** Litestream's expansion (Go's os.ExpandEnv): $VAR and ${VAR}, unset = empty. */
    static String expand(String text, Map<String, String> env) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
