package io.github.approvalgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The sample events under {@code src/test/resources/events/}: the same files the README's dev loop posts. */
public final class SampleEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleEvents() {
    }

    public static ObjectNode load(String name) {
        try (InputStream in = SampleEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample event " + name + " under src/test/resources/events");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON value written in a test, e.g. to put a wrongly typed value into a sample. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample with some fields changed, as JSON text. */
    public static String edited(String name, Consumer<ObjectNode> edit) {
        ObjectNode event = load(name);
        edit.accept(event);
        return event.toString();
    }
}
