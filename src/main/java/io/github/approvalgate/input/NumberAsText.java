package io.github.approvalgate.input;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For a field AWS documents both as a JSON number and as a string: reads either as its text ({@code 3.0} stays
 * {@code "3.0"}); anything else fails as {@link StrictScalarTypes} makes every other string field fail.
 */
@RegisterForReflection
public class NumberAsText extends StdScalarDeserializer<String> {

    public NumberAsText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getText();
        }
        return (String) context.handleUnexpectedToken(String.class, parser);
    }
}
