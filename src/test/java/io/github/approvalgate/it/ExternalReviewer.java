package io.github.approvalgate.it;

import java.net.URI;

import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;

/**
 * An automated reviewer outside the stack, deciding a pending approval through the documented API path (README,
 * "Decisions by API"): {@code ListActionExecutions} for the execution → the waiting action's approval token
 * ({@code output.executionResult.externalExecutionId}) → {@code PutApprovalResult}. It signs with its own access key,
 * which the stand-in maps to the reviewer's principal, as IAM would.
 */
final class ExternalReviewer implements AutoCloseable {

    private final CodePipelineClient codePipeline;

    public ExternalReviewer(URI codePipelineEndpoint, String accessKeyId) {
        codePipeline = CodePipelineClient.builder()
                .endpointOverride(codePipelineEndpoint)
                .region(LocalAwsClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }

    /** Decides the named approval action of one execution, which must be waiting. */
    public void decide(String pipeline, String executionId, String stage, String action, boolean approve,
            String summary) {
        ActionExecutionDetail waiting = codePipeline.listActionExecutionsPaginator(list -> list
                .pipelineName(pipeline).filter(filter -> filter.pipelineExecutionId(executionId)))
                .actionExecutionDetails().stream()
                .filter(row -> row.stageName().equals(stage) && row.actionName().equals(action)
                        && row.status() == ActionExecutionStatus.IN_PROGRESS)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(stage + "/" + action + " of " + executionId + " is not waiting"));
        codePipeline.putApprovalResult(put -> put.pipelineName(pipeline).stageName(stage).actionName(action)
                .token(waiting.output().executionResult().externalExecutionId())
                .result(result -> result.status(approve ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED)
                        .summary(summary)));
    }

    @Override
    public void close() {
        codePipeline.close();
    }
}
