package io.github.approvalgate.startup;

import java.util.Arrays;
import java.util.Optional;

/**
 * How Lambda initialised this execution environment, from {@code AWS_LAMBDA_INITIALIZATION_TYPE} (Lambda developer
 * guide, "Defined runtime environment variables"). Outside Lambda (tests, the sandbox, {@code quarkus dev}) the
 * variable is absent and the start counts as on-demand.
 */
public enum InitializationType {

    ON_DEMAND("on-demand"),
    PROVISIONED_CONCURRENCY("provisioned-concurrency"),
    SNAP_START("snap-start");

    /**
     * The configuration property Lambda's variable {@code AWS_LAMBDA_INITIALIZATION_TYPE} maps to (MicroProfile
     * Config's environment-variable rule), so a test profile can set it too.
     */
    public static final String PROPERTY = "aws.lambda.initialization-type";

    private final String value;

    InitializationType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** An absent or unknown value is an on-demand start: the one where init work delays the first answer. */
    public static InitializationType of(Optional<String> value) {
        return value.map(String::strip)
                .flatMap(text -> Arrays.stream(values()).filter(type -> type.value.equals(text)).findFirst())
                .orElse(ON_DEMAND);
    }

    /**
     * Whether init runs ahead of any request and its result is kept: once before a snapshot that every restored
     * environment starts from, or in an environment Lambda keeps ready before traffic arrives. Only then does work
     * moved into init take time off a request; on an on-demand start it only moves the wait from the first invocation
     * to init, and adds whatever the first invocation would never have needed.
     */
    public boolean keepsInit() {
        return this != ON_DEMAND;
    }
}
