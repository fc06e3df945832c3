package dev.vigil.sensor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The event JSON Schema shipped in the jar ({@code deploy/schema/vigil-event.schema.json}). */
public final class EventSchema {
    public static final String RESOURCE = "/deploy/schema/vigil-event.schema.json";
    private static final JsonNode NODE = load();
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(NODE, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    private EventSchema() {
    }

    private static JsonNode load() {
        try (InputStream in = EventSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode node() {
        return NODE;
    }

    public static JsonSchema schema() {
        return SCHEMA;
    }

    public static Set<ValidationMessage> validate(JsonNode doc) {
        return SCHEMA.validate(doc);
    }
}
