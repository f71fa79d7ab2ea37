package io.github.approvalgate.sweep;

import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepPoolWithUnknownPipeline.UNKNOWN_PIPELINE;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.testing.quarkus.PassingTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A pool pipeline that cannot be listed fails the run (its alarm) without keeping the others from being swept. */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweepPoolWithUnknownPipeline.class)
@WithTestResource(LocalAwsTestResource.class)
@ExtendWith(PassingTime.class)
class ApprovalSweepPoolTest {

    @Test
    void aPipelineThatCannotBeListedFailsTheRunAfterThePoolsOtherPipelinesWereSwept() {
        standIn().startExecutionFor(PIPELINE, "version-1");

        given().contentType(ContentType.JSON).body("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}")
                .when().post().then().statusCode(500)
                .body("errorMessage", containsString("pipeline " + UNKNOWN_PIPELINE + " not listed"))
                .body("errorMessage", containsString("PipelineNotFoundException"));

        List<String> listed = standIn().calls("ListPipelineExecutions").stream()
                .map(call -> call.request().path("pipelineName").asText()).toList();
        assertEquals(List.of(UNKNOWN_PIPELINE, PIPELINE), listed);
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
