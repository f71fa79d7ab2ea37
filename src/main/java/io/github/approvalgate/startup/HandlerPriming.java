package io.github.approvalgate.startup;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A priming pass at init through the function's own request path, the one each invocation takes: Jackson reading the
 * selected handler's input, the handler with its interceptors, its service, and Jackson writing its output.
 *
 * <p>
 * The probe event is an empty JSON object, which every handler must turn down before any AWS call (start-approval: a
 * request without its fields; approval-result: an event from no source); {@code HandlerPrimingTest} checks that for
 * every handler. The handler's output record, and every record of ours that Jackson reads or writes, is then written
 * once with empty fields and read once from the probe, so their serialisers and deserialisers are built too.
 * Nothing is sent anywhere and no state is kept: the probe leaves no trace but loaded classes, built
 * (de)serialisers and warmed code.
 */
@ApplicationScoped
public class HandlerPriming {

    /** Turned down by every handler before any AWS call. */
    public static final String PROBE = "{}";
    /** Quarkus's property naming the selected handler ({@code QUARKUS_LAMBDA_HANDLER}). */
    static final String HANDLER_PROPERTY = "quarkus.lambda.handler";

    private static final Logger LOG = Logger.getLogger(HandlerPriming.class);
    private static final String APPLICATION_CLASSES = "/META-INF/quarkus-generated-preload-classes.txt";
    private static final String OUR_PACKAGE = "io.github.approvalgate.";

    private final ObjectMapper json;
    private final Instance<RequestHandler<?, ?>> handlers;

    HandlerPriming(ObjectMapper json, @Any Instance<RequestHandler<?, ?>> handlers) {
        this.json = json;
        this.handlers = handlers;
    }

    /** After the SDK clients are built, so the probe also finds them ready. */
    void prime() {
        probe();
        handlers.handles().forEach(handle -> outputRecord(handle.getBean().getBeanClass())
                .flatMap(HandlerPriming::emptyInstance)
                .ifPresent(sample -> writeQuietly(json, sample)));
        payloadRecords().forEach(record -> {
            emptyInstance(record).ifPresent(sample -> writeQuietly(json, sample));
            readQuietly(json, record);
        });
    }

    /**
     * Our records that Jackson reads or writes ({@code @RegisterForReflection}, the project's rule), found in the list
     * of application classes Quarkus generates for preloading: no hand-kept list to forget a new record in.
     */
    static List<Class<?>> payloadRecords() {
        try (InputStream list = HandlerPriming.class.getResourceAsStream(APPLICATION_CLASSES)) {
            return list == null ? List.of()
                    : payloadRecords(new String(list.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            LOG.debugf("priming found no class list: %s", e);
            return List.of();
        }
    }

    /** The records among these class names that are ours and registered for reflection. */
    static List<Class<?>> payloadRecords(List<String> classNames) {
        List<Class<?>> records = new ArrayList<>();
        for (String name : classNames) {
            if (!name.strip().startsWith(OUR_PACKAGE)) {
                continue;
            }
            try {
                Class<?> type = Class.forName(name.strip(), false, HandlerPriming.class.getClassLoader());
                if (type.isRecord() && type.isAnnotationPresent(RegisterForReflection.class)) {
                    records.add(type);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debugf("priming skips %s: %s", name, e);
            }
        }
        return records;
    }

    /**
     * Sends {@link #PROBE} through the selected handler as an invocation would reach it: read as the handler's input
     * type, then the handler bean itself (its interceptors, its service). Quarkus's own reader is not used: at start-up
     * it is not chosen yet.
     *
     * @return how the handler turned the probe down (the usual case), or empty when it answered it
     */
    Optional<Exception> probe() {
        Optional<String> selected = ConfigProvider.getConfig().getOptionalValue(HANDLER_PROPERTY, String.class);
        Optional<Instance.Handle<RequestHandler<?, ?>>> handle = selected.flatMap(name -> handlers
                .select(NamedLiteral.of(name)).handlesStream().findFirst());
        if (handle.isEmpty()) {
            return Optional.of(new IllegalStateException("no handler selected by " + HANDLER_PROPERTY));
        }
        try {
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) handle.get().get();
            Type input = inputType(handle.get().getBean().getBeanClass());
            json.writeValueAsString(handler.handleRequest(json.readerFor(json.constructType(input)).readValue(PROBE),
                    PrimingContext.INSTANCE));
            return Optional.empty();
        } catch (Exception expected) {
            LOG.debugf("priming probe turned down: %s", expected.getClass().getName());
            return Optional.of(expected);
        }
    }

    /** The input type of a handler class ({@code RequestHandler<I, O>}). */
    static Type inputType(Class<?> handlerClass) {
        return requestHandlerType(handlerClass)
                .orElseThrow(() -> new IllegalArgumentException(handlerClass + " is not a RequestHandler"))
                .getActualTypeArguments()[0];
    }

    private static Optional<ParameterizedType> requestHandlerType(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The record a handler class returns ({@code RequestHandler<I, O>}), when it is one. */
    static Optional<Class<?>> outputRecord(Class<?> handlerClass) {
        return requestHandlerType(handlerClass)
                .map(type -> type.getActualTypeArguments()[1])
                .filter(output -> output instanceof Class<?> c && c.isRecord())
                .map(output -> (Class<?>) output);
    }

    /** A record with every component null, zero or false, or empty if its constructor refuses that. */
    static Optional<Object> emptyInstance(Class<?> record) {
        Class<?>[] types = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Object[] values = Arrays.stream(types).map(HandlerPriming::zero).toArray();
        try {
            Constructor<?> canonical = record.getDeclaredConstructor(types);
            return Optional.of(canonical.newInstance(values));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
    }

    private static void readQuietly(ObjectMapper json, Class<?> record) {
        try {
            json.readValue(PROBE, record);
        } catch (Exception e) {
            LOG.debugf("priming could not read %s: %s", record.getName(), e);
        }
    }

    private static void writeQuietly(ObjectMapper json, Object sample) {
        try {
            json.writeValueAsString(sample);
        } catch (Exception e) {
            LOG.debugf("priming could not write %s: %s", sample.getClass().getName(), e);
        }
    }
}
