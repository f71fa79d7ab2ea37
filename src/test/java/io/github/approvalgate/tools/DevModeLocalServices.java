package io.github.approvalgate.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.approvalgate.infra.InfraTemplate;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.it.LocalApprovalLoop;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.moto.MotoServer;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;

/**
 * Local services for {@code ./mvnw quarkus:dev} ({@code ./mvnw -q -Psandbox -Dsandbox.mode=services}): moto and the
 * CodePipeline stand-in, the sample bucket and pipeline, and one workflow waiting with a real task token. Writes
 * {@code target/sandbox/dev.env} (endpoints for the dev JVM) and {@code target/sandbox/start-approval.json} (the sample
 * event carrying that token); approving from the prompt writes the emitted event to
 * {@code target/sandbox/approval-event.json} for approval-result.
 */
final class DevModeLocalServices {

    private static final Path DIR = Path.of("target", "sandbox");
    /** Dev mode runs against a pool of two pipelines (PipelineCount=2), named as the template names them. */
    private static final int POOL_SIZE = 2;

    private DevModeLocalServices() {
    }

    static void run() throws IOException {
        Files.createDirectories(DIR);
        try (MotoServer moto = MotoServer.startWithoutLambda();
                CodePipelineStandIn codePipeline = new CodePipelineStandIn()) {
            moto.configure("{\"lambda\": {\"use_docker\": false}}");
            InfraTemplate template = InfraTemplate.load();
            String pool = template.pipelineNames("StartApprovalFunction", LocalApprovalLoop.PIPELINE, POOL_SIZE);
            for (String pipeline : pool.split(",")) {
                codePipeline.definePipeline(
                        TemplatePipeline.definition(pipeline, LocalApprovalLoop.BUCKET, LocalApprovalLoop.KEY));
            }
            LocalAwsClients.createVersionedBucket(moto.endpoint(), LocalApprovalLoop.BUCKET);
            codePipeline.onEvent(event -> {
                if (event.contains("\"category\":\"Approval\"") && !event.contains("\"state\":\"STARTED\"")) {
                    write("approval-event.json", event);
                }
            });
            try (WaitingTasks tasks = new WaitingTasks(moto)) {
                WaitingTask task = tasks.start();
                write("dev.env", String.join("\n", List.of(
                        "AWS_REGION=" + LocalAwsClients.REGION.id(),
                        "AWS_ACCESS_KEY_ID=test",
                        "AWS_SECRET_ACCESS_KEY=test",
                        "QUARKUS_S3_ENDPOINT_OVERRIDE=" + moto.endpoint(),
                        "APPROVAL_GATE_SFN_ENDPOINT_OVERRIDE=" + moto.endpoint(),
                        "APPROVAL_GATE_CODEPIPELINE_ENDPOINT_OVERRIDE=" + codePipeline.endpoint(),
                        "APPROVAL_GATE_PIPELINE_NAMES=" + pool, "")));
                write("start-approval.json", SampleEvents.edited("start-approval.json",
                        (ObjectNode event) -> event.put("token", task.token())));
                System.out.printf("""
                        Local services are up: moto %s, CodePipeline stand-in %s with pipelines %s.
                        A workflow is waiting: %s
                          target/sandbox/dev.env            endpoints for quarkus:dev (set -a; . target/sandbox/dev.env; set +a)
                          target/sandbox/start-approval.json the sample request, with that workflow's task token
                        Press Enter to list pending approvals; 'a N' approves, 'r N' rejects, 'q' quits.
                        %n""", moto.endpoint(), codePipeline.endpoint(), pool, task.executionArn());
                prompt(codePipeline, tasks, task);
            }
        }
    }

    private static void prompt(CodePipelineStandIn codePipeline, WaitingTasks tasks, WaitingTask task)
            throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.strip().equals("q"); line = in.readLine()) {
            List<PendingApproval> pending = codePipeline.pendingApprovals();
            String[] words = line.strip().split("\\s+");
            if (words.length == 2 && words[1].matches("\\d+") && Integer.parseInt(words[1]) < pending.size()) {
                PendingApproval chosen = pending.get(Integer.parseInt(words[1]));
                if (words[0].equals("a")) {
                    codePipeline.approve(chosen.pipelineName(), chosen.executionId(), "Approved from the dev prompt");
                } else {
                    codePipeline.reject(chosen.pipelineName(), chosen.executionId(), "Rejected from the dev prompt");
                }
                System.out.println("Decided; the event is in target/sandbox/approval-event.json");
                continue;
            }
            for (int i = 0; i < pending.size(); i++) {
                System.out.printf("  %d: pipeline %s, execution %s, S3 version %s%n", i, pending.get(i).pipelineName(),
                        pending.get(i).executionId(), pending.get(i).sourceVersionId());
            }
            System.out.printf("  waiting workflow: %s%n", tasks.status(task));
        }
    }

    private static void write(String name, String content) {
        try {
            Files.writeString(DIR.resolve(name), content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
