package io.github.approvalgate.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsNamesTest {

    @ParameterizedTest
    @ValueSource(strings = { "abc", "approval-gate-artifacts", "docs.example.com", "a1-b2.c3",
            "a23456789012345678901234567890123456789012345678901234567890123" })
    void validBucketNamesPass(String name) {
        assertEquals(Optional.empty(), AwsNames.s3BucketNameProblem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ab", "Approval", "under_score", "-leading", "trailing-", "two..dots", "192.168.5.4",
            "a234567890123456789012345678901234567890123456789012345678901234", "spa ce", "" })
    void invalidBucketNamesAreRefused(String name) {
        assertTrue(AwsNames.s3BucketNameProblem(name).orElseThrow().startsWith("is not a valid S3 bucket name"));
    }

    @Test
    void keysAreLimitedTo1024Utf8Bytes() {
        assertEquals(Optional.empty(), AwsNames.s3KeyProblem("k".repeat(1024)));
        assertEquals(Optional.empty(), AwsNames.s3KeyProblem("€".repeat(341))); // 1023 bytes
        assertTrue(AwsNames.s3KeyProblem("k".repeat(1025)).orElseThrow().startsWith("is 1025 bytes"));
        assertTrue(AwsNames.s3KeyProblem("€".repeat(342)).orElseThrow().startsWith("is 1026 bytes"));
    }

    @Test
    void stateNamesAreLimitedTo80Characters() {
        assertEquals(Optional.empty(), AwsNames.stateNameProblem("😀".repeat(80)));
        assertTrue(AwsNames.stateNameProblem("s".repeat(81)).orElseThrow().startsWith("is 81 characters"));
    }

    @Test
    void problemsEchoTheValueBounded() {
        String problem = AwsNames.s3BucketNameProblem("B".repeat(5000)).orElseThrow();

        assertTrue(problem.endsWith("…(5000 chars)"), problem);
        assertTrue(problem.length() < 300, problem);
    }

    @Test
    void codePipelineNamesAndExecutionIdsFollowTheApiReference() {
        assertTrue(AwsNames.codePipelineNameProblem("Approval-Gate_1.0@x").isEmpty());
        assertTrue(AwsNames.codePipelineNameProblem("a".repeat(100)).isEmpty());
        assertTrue(AwsNames.codePipelineNameProblem("a".repeat(101)).isPresent());
        assertTrue(AwsNames.codePipelineNameProblem("two words").isPresent());
        assertTrue(AwsNames.codePipelineNameProblem("").isPresent());
        assertTrue(AwsNames.codePipelineExecutionIdProblem("c2f8a7f0-1b2c-4d3e-8f90-0123456789ab").isEmpty());
        assertTrue(AwsNames.codePipelineExecutionIdProblem("C2F8A7F0-1B2C-4D3E-8F90-0123456789AB").isPresent());
        assertTrue(AwsNames.codePipelineExecutionIdProblem("c2f8a7f0").isPresent());
        String problem = AwsNames.codePipelineExecutionIdProblem("y".repeat(5000)).orElseThrow();
        assertTrue(problem.length() < 200, problem);
    }
}
