package io.github.approvalgate.local;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Class path of AWS Lambda's Java runtime interface client (test-scope dependency
 * {@code com.amazonaws:aws-lambda-java-runtime-interface-client}): the jar of one class per artifact it needs,
 * located through the test class loader, so it works with any test runner's class path layout.
 * System property {@code local-lambda.ric.classpath} overrides it.
 */
final class RicClasspath {

    private static final List<String> MARKERS = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", // the client
            "com.amazonaws.services.lambda.runtime.Context", // aws-lambda-java-core
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer", // aws-lambda-java-serialization
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal"); // utils-lite

    private RicClasspath() {
    }

    static String get() {
        String override = System.getProperty("local-lambda.ric.classpath");
        if (override != null && !override.isBlank()) {
            return override;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String marker : MARKERS) {
            try {
                Class<?> type = Class.forName(marker, false, RicClasspath.class.getClassLoader());
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("Lambda runtime interface client not on the test class path (" + marker
                        + "): add com.amazonaws:aws-lambda-java-runtime-interface-client in test scope", e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
