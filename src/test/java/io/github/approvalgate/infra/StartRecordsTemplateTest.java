package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.reminder.ReminderMarkers;
import io.github.approvalgate.request.StartRecords;

/**
 * start-approval's records of where each request started: read and written under their prefix only, with no listing,
 * and removed by the bucket's lifecycle as late as the request's object versions (as long as a retry can come).
 */
class StartRecordsTemplateTest {

    private final InfraTemplate template = InfraTemplate.load();

    @Test
    void startApprovalReadsAndWritesOnlyItsRecordsUnderTheirPrefix() {
        Map<String, JsonNode> statements = statements("StartApprovalRole");
        JsonNode records = statements.get("StartRecords");
        assertEquals(List.of("s3:GetObject", "s3:PutObject"), IamPolicy.values(records.path("Action")));
        assertEquals("arn:${AWS::Partition}:s3:::${BucketName}/" + StartRecords.PREFIX + "*",
                records.path("Resource").path("Fn::Sub").get(0).asText());
        assertEquals(statements.get("WriteSourceObject").path("Resource").path("Fn::Sub").get(1),
                records.path("Resource").path("Fn::Sub").get(1), "the source object's bucket");
        assertFalse(statements.toString().contains("s3:ListBucket"), "a record is read only once it exists");
    }

    @Test
    void recordsAndReminderMarkersExpireWhenTheRequestsVersionsDo() {
        JsonNode rules = template.declared("ArtifactBucket").path("Properties").path("LifecycleConfiguration")
                .path("Rules");
        JsonNode noncurrentDays = null;
        Map<String, JsonNode> expiringByPrefix = new LinkedHashMap<>();
        for (JsonNode rule : rules) {
            if (rule.has("NoncurrentVersionExpiration")) {
                noncurrentDays = rule.path("NoncurrentVersionExpiration").path("NoncurrentDays");
            }
            if (rule.has("Prefix") && rule.has("ExpirationInDays")) {
                expiringByPrefix.put(rule.path("Prefix").asText(), rule.path("ExpirationInDays"));
            }
        }
        assertEquals(List.of(ReminderMarkers.PREFIX, StartRecords.PREFIX), new ArrayList<>(expiringByPrefix.keySet()),
                "only these expire");
        for (JsonNode days : expiringByPrefix.values()) {
            assertEquals(noncurrentDays, days);
        }
    }

    private Map<String, JsonNode> statements(String role) {
        Map<String, JsonNode> bySid = new LinkedHashMap<>();
        for (JsonNode policy : template.declared(role).path("Properties").path("Policies")) {
            policy.path("PolicyDocument").path("Statement").forEach(s -> bySid.put(s.path("Sid").asText(), s));
        }
        return bySid;
    }
}
