package io.github.approvalgate.sweep;

import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

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
import io.restassured.response.ValidatableResponse;

/** The sweep's listing bounds (pages of two executions, two pages at most): the page budget and the oldest start. */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweepSmallPages.class)
@WithTestResource(LocalAwsTestResource.class)
@ExtendWith(PassingTime.class)
class ApprovalSweepBudgetTest {

    @Test
    void listingStopsAtThePageBudgetAndReportsIt() {
        for (int i = 0; i < 5; i++) {
            standIn().startExecutionFor(PIPELINE, "version-" + i);
        }

        sweep().body("pages", equalTo(2))
                .body("examined", equalTo(4))
                .body("pending", equalTo(4))
                .body("stopped_early", containsString("page budget of 2 pages"));

        assertEquals(2, standIn().calls("ListPipelineExecutions").size());
    }

    /** Without the stop at the oldest possible start, this run would read its second page. */
    @Test
    void listingStopsAtTheFirstExecutionOlderThanTheLongestApprovalBeforeTheWindow() {
        for (int i = 0; i < 3; i++) {
            standIn().startExecutionFor(PIPELINE, "old-version-" + i);
        }
        PassingTime.advance(Duration.ofDays(7).plusMinutes(31));
        standIn().startExecutionFor(PIPELINE, "new-version");

        sweep().body("pages", equalTo(1))
                .body("examined", equalTo(1))
                .body("stopped_early", nullValue());
        assertEquals(1, standIn().calls("ListPipelineExecutions").size());
    }

    private static ValidatableResponse sweep() {
        return given().contentType(ContentType.JSON).body("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}")
                .when().post().then().statusCode(200);
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
