package dev.athanor.core.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON helpers for tests. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Serializes and parses a config, as a file would. */
    public static Map<String, Object> roundTrip(Map<String, Object> config) {
        try {
            return MAPPER.readValue(MAPPER.writeValueAsString(config), new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new AssertionError("config is not JSON-serializable: " + config, e);
        }
    }

    /** Parses a JSON document from the test class path. */
    public static com.fasterxml.jackson.databind.JsonNode resource(Class<?> owner, String path) {
        try (var in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("test resource not found: " + path);
            }
            return MAPPER.readTree(in);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }
}
