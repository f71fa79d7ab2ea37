package io.github.approvalgate.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself, on a small repository: what it must report, and what it must let pass. */
class DocumentationReferencesTest {

    @TempDir
    Path root;

    private DocumentationReferences references;

    @BeforeEach
    void smallRepository() throws IOException {
        write("README.md", "# Title\n");
        write("docs/guide.md", "# Guide\n\n## `quarkus dev` with mock events\n\n## Errors\n\n## Errors\n");
        write("infra/deploy.sh", "#!/bin/sh\n");
        write("src/test/resources/events/start-approval.json", "{}\n");
        write("src/main/java/io/github/approvalgate/request/StartApprovalHandler.java",
                "class StartApprovalHandler { void handleRequest() {} }\n");
        references = new DocumentationReferences(root);
    }

    @Test
    void reportsEachBrokenReferenceWithThePageAndLine() {
        String page = """
                See [the guide](docs/missing.md) and [errors](docs/guide.md#no-such-heading).
                Run `infra/deploi.sh`, post `approval-missing.json` to `StartApprovalHandler`.
                `MissingService` and `StartApprovalHandler.handleEvent` and `io.github.approvalgate.nowhere`.
                [Up](#no-title)
                """;

        assertEquals(List.of(
                "README.md:2: `infra/deploi.sh`: no such file or folder",
                "README.md:2: `approval-missing.json`: no file of that name in the repository",
                "README.md:1: link (docs/missing.md): no file docs/missing.md",
                "README.md:1: link (docs/guide.md#no-such-heading): no heading with anchor #no-such-heading in docs/guide.md",
                "README.md:3: `MissingService`: no MissingService.java under src/",
                "README.md:3: `StartApprovalHandler.handleEvent`: StartApprovalHandler.java has no handleEvent",
                "README.md:3: `io.github.approvalgate.nowhere`: no such package or class under src/main/java or src/test/java",
                "README.md:4: link (#no-title): no heading with anchor #no-title in README.md").stream().sorted().toList(),
                references.check("README.md", page).stream().sorted().toList());
    }

    @Test
    void letsExistingReferencesAndNonReferencesPass() {
        String page = """
                # Title

                [guide](docs/guide.md#quarkus-dev-with-mock-events), [second Errors](docs/guide.md#errors-1),
                [up](#title), [AWS](https://docs.aws.amazon.com/x.md), `infra/deploy.sh`, `./infra/deploy.sh`,
                `start-approval.json`, `src/test/resources/events/`, `StartApprovalHandler.handleRequest`,
                `io.github.approvalgate.request`, `io.github.approvalgate.request.StartApprovalHandler`.
                Not ours or not paths: `ThrottlingException`, `SweepLookBackMinutes`, `target/function.zip`,
                `Stage/Action`, `aws-sample-*.json`, `<function>-<n>.log`, `infra/deploy.sh --help`, `text/html`.
                ```bash
                cat docs/missing.md  # [x](nowhere.md) `MissingService`
                ```
                """;

        assertEquals(List.of(), references.check("README.md", page));
    }

    @Test
    void resolvesLinksFromThePagesOwnFolder() {
        assertEquals(List.of(), references.check("docs/guide.md", "[back](../README.md#title) [self](#errors)"));
        assertEquals(List.of("docs/guide.md:1: link (README.md): no file README.md"),
                references.check("docs/guide.md", "[wrong folder](README.md)"));
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertEquals("when-a-workflow-can-still-end-in-fail-or-at-its-task-timeout",
                DocumentationReferences.anchor("When a workflow can still end in `Fail` or at its task timeout"));
        assertEquals("trust-model-what-an-ai-decision-can-and-cannot-do",
                DocumentationReferences.anchor("Trust model: what an AI decision can and cannot do"));
        assertEquals("1-build", DocumentationReferences.anchor("1. Build"));
        assertEquals("what-a-review-costs-estimate", DocumentationReferences.anchor("What a review costs (estimate)"));
        assertEquals("see-the-guide", DocumentationReferences.anchor("See [the guide](docs/guide.md)"));
        assertEquals(List.of("guide", "quarkus-dev-with-mock-events", "errors", "errors-1"),
                DocumentationReferences.anchors(read("docs/guide.md")));
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String read(String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
