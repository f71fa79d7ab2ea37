package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The pipeline's service role reaches the artifacts and the deploy target, never the request documents. */
class PipelineRoleTemplateTest {

    private static final String SOURCE_KEY = "requests/index.html";
    private static final String DEPLOY_KEY = "approved/index.html";
    private static final Map<String, String> VALUES = Map.of("AWS::Partition", "aws", "BucketName", "bucket",
            "CodePipelineS3bucketKeyInput", SOURCE_KEY, "CodePipelineS3bucketKeyOutput", DEPLOY_KEY);

    private final InfraTemplate template = InfraTemplate.load();
    private final IamPolicy pipelineRole = IamPolicy.of(template.resource("PipelineRolePolicy"), VALUES);

    @Test
    void thePipelineRoleCannotWriteTheSourceObject() {
        assertTrue(pipelineRole.denies("s3:PutObject", object(SOURCE_KEY)), "an explicit Deny on the source key");
        assertFalse(pipelineRole.allows("s3:PutObject", object(SOURCE_KEY)));
        assertFalse(pipelineRole.allows("s3:PutObjectAcl", object(SOURCE_KEY)));
    }

    @Test
    void thePipelineRoleStillReadsTheSourceAndWritesArtifactsAndTheDeployTarget() {
        assertTrue(pipelineRole.allows("s3:GetObjectVersion", object(SOURCE_KEY)), "the S3 source action reads it");
        assertTrue(pipelineRole.allows("s3:PutObject", object(DEPLOY_KEY)), "the Deploy stage writes it");
        assertTrue(pipelineRole.allows("s3:PutObject", object("approval-pipeline/SourceArti/abc123")),
                "the artifact store writes under a prefix derived from the pipeline name");
        assertTrue(pipelineRole.allows("s3:PutObjectAcl", object(DEPLOY_KEY)));
    }

    @Test
    void aDeployKeyEqualToTheSourceKeyIsRefusedAtDeployTime() {
        var assertion = template.declared().path("Rules").path("DeployKeyIsNotTheSourceKey").path("Assertions").get(0)
                .path("Assert");
        var equals = assertion.path("Fn::Not").get(0).path("Fn::Equals");
        assertEquals("CodePipelineS3bucketKeyInput", equals.get(0).path("Ref").asText());
        assertEquals("CodePipelineS3bucketKeyOutput", equals.get(1).path("Ref").asText());
    }

    private static String object(String key) {
        return "arn:aws:s3:::bucket/" + key;
    }
}
