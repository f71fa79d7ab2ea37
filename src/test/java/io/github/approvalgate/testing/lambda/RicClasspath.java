package io.github.approvalgate.testing.lambda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * At every start the client copies its JNI library over one fixed file in the system temp folder, which crashes a
     * JVM that loads it at that moment (SIGBUS). With this property set it loads the named file and copies nothing.
     */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String JNI_RESOURCE = "jni/libaws-lambda-jni.linux-x86_64.so";
    private static volatile Path jniLibrary;

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

    /** The client's JNI library, extracted once per test JVM into a file of its own. */
    static synchronized Path jniLibrary() {
        if (jniLibrary == null) {
            try (InputStream in = RicClasspath.class.getClassLoader().getResourceAsStream(JNI_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(JNI_RESOURCE + " is not in the runtime interface client's jar");
                }
                Path dir = Files.createTempDirectory("local-lambda-jni");
                Path file = dir.resolve("libaws-lambda-jni.so");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                jniLibrary = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the runtime interface client's JNI library", e);
            }
        }
        return jniLibrary;
    }
}
