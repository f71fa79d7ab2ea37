package io.github.approvalgate.testing.codepipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.SourceRevisionType;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/**
 * Approval actions of one stage with the same run order, as CodePipeline runs them: they start together, the stage
 * ends only when all of them ended, one failed action fails it, and a stop with abandon abandons all that still wait.
 */
@Tag("harness")
class ParallelApprovalsStandInTest {

    private static final String PIPELINE = "two-groups";
    private static final String STAGE = "Approval";

    private static CodePipelineStandIn standIn;
    private static CodePipelineClient codePipeline;

    @BeforeAll
    static void start() {
        standIn = new CodePipelineStandIn();
        standIn.definePipeline(TemplatePipeline.definition(PIPELINE, "bucket", "request.json")
                .withParallelActions(STAGE, List.of("security", "owner")));
        codePipeline = LocalAwsClients.codePipeline(standIn.endpoint());
    }

    @AfterAll
    static void stop() {
        codePipeline.close();
        standIn.close();
    }

    @BeforeEach
    void forgetExecutions() {
        standIn.reset();
    }

    @Test
    void getPipelineDeclaresBothActionsInOneStageWithOneRunOrder() {
        StageDeclaration approval = codePipeline.getPipeline(b -> b.name(PIPELINE)).pipeline().stages().stream()
                .filter(stage -> stage.name().equals(STAGE)).findFirst().orElseThrow();

        assertEquals(List.of("security", "owner"), approval.actions().stream().map(ActionDeclaration::name).toList());
        assertEquals(List.of(1, 1), approval.actions().stream().map(ActionDeclaration::runOrder).toList());
    }

    @Test
    void bothActionsWaitAtOnceAndTheExecutionSucceedsOnlyWhenBothApproved() {
        String execution = startExecution("v1");

        assertEquals(List.of("security", "owner"), waitingActions(execution));
        standIn.approve(PIPELINE, execution, STAGE, "owner", "fine by the owner");
        assertEquals(PipelineExecutionStatus.IN_PROGRESS, status(execution), "security has not decided");
        assertEquals(List.of("security"), waitingActions(execution));
        assertEquals(List.of(), actionEvents(execution, "Deploy"), "the next stage waits for the whole stage");

        standIn.approve(PIPELINE, execution, STAGE, "security", "fine by security");

        assertEquals(PipelineExecutionStatus.SUCCEEDED, status(execution));
        assertEquals(List.of("STARTED", "SUCCEEDED"), actionEvents(execution, "Deploy"));
        assertEquals(List.of("Succeeded", "Succeeded"), approvalStatuses(execution));
    }

    @Test
    void aRejectionFailsTheStageOnlyWhenTheOtherActionEndsToo() {
        String execution = startExecution("v2");

        standIn.reject(PIPELINE, execution, STAGE, "security", "no");
        assertEquals(PipelineExecutionStatus.IN_PROGRESS, status(execution), "owner still waits");
        standIn.approve(PIPELINE, execution, STAGE, "owner", "yes");

        assertEquals(PipelineExecutionStatus.FAILED, status(execution));
        assertEquals(List.of(), actionEvents(execution, "Deploy"));
    }

    @Test
    void stopWithAbandonAbandonsEveryWaitingApproval() {
        String execution = startExecution("v3");
        standIn.reject(PIPELINE, execution, STAGE, "security", "no");

        codePipeline.stopPipelineExecution(b -> b.pipelineName(PIPELINE).pipelineExecutionId(execution).abandon(true)
                .reason("rejected by security"));

        assertEquals(PipelineExecutionStatus.STOPPED, status(execution));
        assertEquals(List.of("STARTED", "FAILED"), actionEvents(execution, "security"));
        assertEquals(List.of("STARTED", "ABANDONED"), actionEvents(execution, "owner"));
        assertEquals(List.of("Failed", "Abandoned"), approvalStatuses(execution));
        assertThrows(IllegalStateException.class,
                () -> standIn.approve(PIPELINE, execution, STAGE, "owner", "too late"));
        assertThrows(software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotStoppableException.class,
                () -> codePipeline.stopPipelineExecution(b -> b.pipelineName(PIPELINE).pipelineExecutionId(execution)
                        .abandon(true)));
    }

    @Test
    void stopWithoutAbandonWaitsForTheApprovalsToEnd() {
        String execution = startExecution("v4");
        codePipeline.stopPipelineExecution(b -> b.pipelineName(PIPELINE).pipelineExecutionId(execution).abandon(false)
                .reason("operator"));

        standIn.approve(PIPELINE, execution, STAGE, "security", "yes");
        assertEquals(PipelineExecutionStatus.STOPPING, status(execution));
        standIn.approve(PIPELINE, execution, STAGE, "owner", "yes");

        assertEquals(PipelineExecutionStatus.STOPPED, status(execution));
        assertEquals(List.of(), actionEvents(execution, "Deploy"));
    }

    @Test
    void theUndecidedActionTimesOutAndFailsTheExecution() {
        String execution = startExecution("v5");
        standIn.approve(PIPELINE, execution, STAGE, "owner", "yes");

        standIn.expire(PIPELINE, execution);

        assertEquals(PipelineExecutionStatus.FAILED, status(execution));
        assertEquals(List.of("STARTED", "FAILED"), actionEvents(execution, "security"));
        ActionExecutionDetail expired = rows(execution).stream().filter(r -> r.actionName().equals("security"))
                .findFirst().orElseThrow();
        assertEquals(null, expired.updatedBy(), "nobody decided");
    }

    private String startExecution(String versionId) {
        return codePipeline.startPipelineExecution(b -> b.name(PIPELINE)
                .sourceRevisions(r -> r.actionName("Source").revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID)
                        .revisionValue(versionId)))
                .pipelineExecutionId();
    }

    private static List<String> waitingActions(String execution) {
        return standIn.pendingApprovals().stream().filter(p -> p.executionId().equals(execution))
                .map(PendingApproval::action).toList();
    }

    private PipelineExecutionStatus status(String execution) {
        return codePipeline.getPipelineExecution(b -> b.pipelineName(PIPELINE).pipelineExecutionId(execution))
                .pipelineExecution().status();
    }

    private List<ActionExecutionDetail> rows(String execution) {
        return codePipeline.listActionExecutions(b -> b.pipelineName(PIPELINE)
                .filter(f -> f.pipelineExecutionId(execution))).actionExecutionDetails();
    }

    /** Approval rows in declaration order (ListActionExecutions lists newest first). */
    private List<String> approvalStatuses(String execution) {
        return List.of("security", "owner").stream().map(name -> rows(execution).stream()
                .filter(r -> r.actionName().equals(name)).findFirst().orElseThrow().statusAsString()).toList();
    }

    private static List<String> actionEvents(String execution, String action) {
        return standIn.events().stream().map(ParallelApprovalsStandInTest::parse)
                .filter(e -> e.path("detail-type").asText().equals(ActionEvents.DETAIL_TYPE))
                .filter(e -> e.at("/detail/execution-id").asText().equals(execution)
                        && e.at("/detail/action").asText().equals(action))
                .map(e -> e.at("/detail/state").asText()).toList();
    }

    private static JsonNode parse(String event) {
        try {
            return AwsJson11Server.JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
