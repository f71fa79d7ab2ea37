package io.github.approvalgate.input;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The Lambda extension reads approval-result's events with a copy of the application's {@link
 * com.fasterxml.jackson.databind.ObjectMapper}, so {@link StrictScalarTypes} holds there too: a field of the wrong JSON
 * type fails before the handler runs. Posted to the mock event server; the sample is a Deploy action's event, which
 * the handler ignores once it is read.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalResult.class)
@WithTestResource(LocalAwsTestResource.class)
class StrictEventTypesTest {

    private static final String SAMPLE = "aws-sample-deploy-succeeded.json";

    @ParameterizedTest
    @ValueSource(strings = { "pipeline", "execution-id", "stage", "state" })
    void aNumberWhereTheEventHasAStringIsRefused(String field) {
        String event = SampleEvents.edited(SAMPLE, e -> e.withObject("detail").put(field, 12345));

        given().contentType(ContentType.JSON).body(event)
                .when().post()
                .then().statusCode(500)
                .body("errorMessage", allOf(containsString("String"), containsString("\"" + field + "\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "3.0", "1", "\"1\"" })
    void thePipelineVersionMayBeANumberOrAString(String version) {
        postWithPipelineVersion(version).statusCode(200).body("outcome", equalTo("ignored"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "true", "{}", "[1]" })
    void thePipelineVersionMayNotBeAnythingElse(String version) {
        postWithPipelineVersion(version).statusCode(500).body("errorMessage", containsString("\"version\""));
    }

    private static ValidatableResponse postWithPipelineVersion(String json) {
        String event = SampleEvents.edited(SAMPLE, e -> e.withObject("detail").set("version", SampleEvents.parse(json)));
        return given().contentType(ContentType.JSON).body(event).when().post().then();
    }
}
