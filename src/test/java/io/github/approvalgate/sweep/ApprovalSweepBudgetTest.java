package io.github.approvalgate.sweep;

import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The sweep stops at its page budget (pages of two, two pages at most) and says so. */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweepSmallPages.class)
@WithTestResource(LocalAwsTestResource.class)
class ApprovalSweepBudgetTest {

    @Test
    void listingStopsAtThePageBudgetAndReportsIt() {
        for (int i = 0; i < 5; i++) {
            LocalAwsTestResource.codePipeline().startExecutionFor(PIPELINE, "version-" + i);
        }

        given().contentType(ContentType.JSON).body("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}").when()
                .post().then().statusCode(200)
                .body("examined", equalTo(4))
                .body("pending", equalTo(4))
                .body("stopped_early", containsString("page budget of 2 pages"));

        assertEquals(2, LocalAwsTestResource.codePipeline().calls("ListPipelineExecutions").size());
    }
}
