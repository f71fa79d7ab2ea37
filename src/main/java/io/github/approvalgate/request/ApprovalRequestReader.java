package io.github.approvalgate.request;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns the task's Payload into an {@link ApprovalRequest} with the application's strict {@link ObjectMapper}: a value
 * of the wrong JSON type is refused with the field's name and both types, never with the value itself (it may be the
 * task token).
 */
@ApplicationScoped
public class ApprovalRequestReader {

    private final ObjectMapper json;

    ApprovalRequestReader(ObjectMapper json) {
        this.json = json;
    }

    /** @return the request, or null when the payload is JSON null */
    public ApprovalRequest read(JsonNode payload) {
        if (payload == null || payload.isNull()) {
            return null;
        }
        if (!payload.isObject()) {
            throw InvalidApprovalRequestException.invalid(
                    List.of("the payload must be a JSON object, not " + typeOf(payload)));
        }
        try {
            return json.treeToValue(payload, ApprovalRequest.class);
        } catch (MismatchedInputException e) {
            String field = String.join(".", e.getPath().stream().map(Reference::getFieldName).toList());
            throw InvalidApprovalRequestException.invalid(List.of("field '" + field + "' must be "
                    + expected(e.getTargetType()) + ", not " + typeOf(payload.at(pointer(e.getPath())))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an already parsed payload could not be mapped", e);
        }
    }

    private static String expected(Class<?> type) {
        return type == String.class ? "a JSON string" : "of type " + (type == null ? "unknown" : type.getSimpleName());
    }

    private static String pointer(List<Reference> path) {
        StringBuilder pointer = new StringBuilder();
        path.forEach(reference -> pointer.append('/').append(reference.getFieldName()
                .replace("~", "~0").replace("/", "~1")));
        return pointer.toString();
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING, BINARY -> "a string";
            case NULL -> "null";
            case MISSING -> "missing";
        };
    }
}
