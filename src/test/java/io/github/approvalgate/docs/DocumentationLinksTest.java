package io.github.approvalgate.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every link and every file or class name that {@code README.md} and {@code docs/*.md} mention points at something
 * that exists (the rules: {@link DocumentationReferences}), and the README stays short.
 */
class DocumentationLinksTest {

    /** The README is the entry page: quick start, how it works, links. Everything else belongs in docs/. */
    static final long README_MAX_BYTES = 12 * 1024;

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyReferenceInTheReadmeAndTheDocsResolves() throws IOException {
        DocumentationReferences references = new DocumentationReferences(ROOT);
        List<String> problems = new ArrayList<>();
        for (String page : pages()) {
            problems.addAll(references.check(page));
        }
        assertTrue(problems.isEmpty(), "broken references:\n" + String.join("\n", problems));
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        long size = Files.size(ROOT.resolve("README.md"));
        assertTrue(size <= README_MAX_BYTES, "README.md has " + size + " bytes, more than " + README_MAX_BYTES
                + ": move the detail to a page under docs/ and link it");
    }

    @Test
    void theReadmeLinksEveryDocsPage() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> pages = pages();
        assertFalse(pages.size() < 2, "docs/ has pages");
        for (String page : pages) {
            if (page.startsWith("docs/")) {
                assertTrue(readme.contains("(" + page + ")"), "README.md links " + page);
            }
        }
    }

    private static List<String> pages() throws IOException {
        List<String> pages = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.map(path -> "docs/" + path.getFileName()).filter(name -> name.endsWith(".md")).sorted()
                    .forEach(pages::add);
        }
        return pages;
    }
}
