package io.github.approvalgate.input;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The name an enum constant has in JSON answers, so that a log field says the same as the answer. */
public final class WireName {

    private WireName() {
    }

    /**
     * The constant's {@link JsonProperty} value, or its name in lower case without one. The enum must be registered for
     * reflection (native builds keep its fields' annotations only then).
     */
    public static String of(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(JsonProperty.class);
            return property == null ? constant.name().toLowerCase(Locale.ROOT) : property.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("an enum constant is a public field of its class", e);
        }
    }
}
