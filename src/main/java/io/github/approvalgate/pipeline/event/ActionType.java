package io.github.approvalgate.pipeline.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The action's type, e.g. owner AWS, provider Manual, category Approval, version 1. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActionType(String owner, String provider, String category, String version) {

    public static final String APPROVAL_CATEGORY = "Approval";
}
