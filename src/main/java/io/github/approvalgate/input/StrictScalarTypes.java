package io.github.approvalgate.input;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every payload and event is read with its declared types: Jackson's default turns {@code 12345} or {@code true} into
 * the string {@code "12345"} and {@code "1"} into a number, which would let a malformed request through as a different
 * value. The Lambda extension reads events with a copy of this CDI {@link ObjectMapper}, so the setting covers handler
 * input too. A field that AWS documents as either a number or a string opts in with {@link NumberAsText}.
 */
@Singleton
public class StrictScalarTypes implements ObjectMapperCustomizer {

    @Override
    @SuppressWarnings("deprecation") // the 2.x way to change a MapperFeature on a built mapper; still supported
    public void customize(ObjectMapper mapper) {
        // Numbers and booleans from strings and each other (not int to float: 1 is a valid JSON 1.0).
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // Strings from numbers and booleans: not covered by the feature above.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
}
