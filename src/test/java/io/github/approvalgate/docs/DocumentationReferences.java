package io.github.approvalgate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the references in a Markdown page that point at nothing in the repository. Fenced code blocks are skipped
 * (their commands are kept true by hand); everything else is read line by line with these rules:
 * <ol>
 * <li><b>Links</b> {@code [text](target)} whose target has no scheme ({@code https:}, {@code mailto:}, ...): the path,
 * relative to the page's folder, must exist; a {@code #anchor} must be the anchor of a heading in the target page (or
 * in the page itself when the path is empty).</li>
 * <li><b>Anchors</b> follow GitHub's rules: the heading's text without Markdown ({@code `code`}, {@code *emphasis*},
 * {@code [links](...)}) is lower-cased, every character but letters, digits, spaces, hyphens and underscores is dropped,
 * each space becomes a hyphen, and a repeated anchor gets {@code -1}, {@code -2}, ... in order.</li>
 * <li><b>Repository paths</b> in backticks: a span without whitespace, {@code ://}, {@code ...} or placeholder
 * characters ({@code < > { } $ * |}), read without a leading {@code ./}. It names a path when its first segment is a
 * top-level file or folder of the repository (it must then exist from the root), or when it ends in one of
 * {@link #FILE_EXTENSIONS} (some file's path must then end with it, e.g. {@code start-approval.json}). Build outputs
 * under {@code target/} are never checked.</li>
 * <li><b>Our Java classes</b> in backticks: an UpperCamelCase name of two words or more that ends in one of
 * {@link #CLASS_SUFFIXES}, optionally followed by {@code .member}, must be a {@code <Name>.java} somewhere under
 * {@code src/} (and the member must occur in it). Names that AWS or the JDK own ({@link #FOREIGN_CLASSES}) are not
 * ours. Fully qualified {@code io.github.approvalgate...} names must be a package folder or class under
 * {@code src/*}{@code /java}.</li>
 * </ol>
 */
final class DocumentationReferences {

    static final Set<String> FILE_EXTENSIONS = Set.of("java", "json", "yaml", "yml", "py", "sh", "properties", "md",
            "txt", "xml");
    static final List<String> CLASS_SUFFIXES = List.of("Handler", "Service", "Test", "IT", "Exception", "StandIn",
            "Benchmark", "Producer", "Config", "Resource", "Profiles", "Filter", "Rules", "Reviewer", "Server",
            "Lambda", "Loop", "Logs", "Priming", "Services", "Store", "Starter", "Delivery");
    /** AWS API errors and JDK exceptions the pages name: not classes of this project. */
    static final Set<String> FOREIGN_CLASSES = Set.of("ConcurrentPipelineExecutionsLimitExceededException",
            "ApprovalAlreadyCompletedException", "InvalidApprovalTokenException", "ThrottlingException",
            "ModelTimeoutException", "AccessDeniedException", "ValidationException", "IllegalStateException",
            "IllegalArgumentException");
    private static final String OUR_PACKAGE = "io.github.approvalgate";

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]*)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\s|://|\\.\\.\\.|[<>{}$*|…]");
    private static final Pattern CLASS_REFERENCE = Pattern
            .compile("([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?:[.#]([a-z]\\w*))?");

    private final Path root;
    private final Set<String> topLevel = new HashSet<>();
    private final List<String> files = new ArrayList<>();
    private final Map<String, List<Path>> javaFiles = new HashMap<>();

    DocumentationReferences(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(this.root)) {
            walk.filter(path -> !path.equals(this.root)).forEach(path -> {
                String relative = relative(path);
                String first = relative.split("/", 2)[0];
                if (first.equals(".git") || first.equals("target")) {
                    return;
                }
                topLevel.add(first);
                if (Files.isRegularFile(path)) {
                    files.add(relative);
                    String name = path.getFileName().toString();
                    if (relative.startsWith("src/") && name.endsWith(".java")) {
                        javaFiles.computeIfAbsent(name.substring(0, name.length() - 5), k -> new ArrayList<>()).add(path);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of the page at {@code page} (relative to the root), read from disk. */
    List<String> check(String page) {
        try {
            return check(page, Files.readString(root.resolve(page)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of {@code markdown}, read as if it were the page at {@code page} (relative to the root). */
    List<String> check(String page, String markdown) {
        List<String> problems = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String where = page + ":" + (i + 1) + ": ";
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                String problem = checkCodeSpan(span.group(1).strip());
                if (problem != null) {
                    problems.add(where + problem);
                }
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (link.find()) {
                String problem = checkLink(page, link.group(2));
                if (problem != null) {
                    problems.add(where + problem);
                }
            }
        }
        return problems;
    }

    private String checkLink(String page, String target) {
        if (target.isEmpty() || SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String pathPart = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path pageFolder = root.resolve(page).getParent();
        Path resolved = pathPart.isEmpty() ? root.resolve(page) : pageFolder.resolve(pathPart).normalize();
        if (!resolved.startsWith(root) || !Files.exists(resolved)) {
            return "link (" + target + "): no file " + pathPart;
        }
        if (anchor != null && !anchor.isEmpty()) {
            if (!resolved.toString().endsWith(".md")) {
                return "link (" + target + "): #" + anchor + " on a file that is not Markdown";
            }
            if (!anchors(read(resolved)).contains(anchor)) {
                return "link (" + target + "): no heading with anchor #" + anchor + " in " + relative(resolved);
            }
        }
        return null;
    }

    private String checkCodeSpan(String span) {
        if (span.startsWith(OUR_PACKAGE)) {
            return checkQualifiedName(span);
        }
        Matcher name = CLASS_REFERENCE.matcher(span);
        if (name.matches()) {
            return checkClassName(name.group(1), name.group(2));
        }
        if (PLACEHOLDER.matcher(span).find()) {
            return null;
        }
        String path = span.startsWith("./") ? span.substring(2) : span;
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String first = trimmed.split("/", 2)[0];
        if (trimmed.isEmpty() || first.equals("target")) {
            return null;
        }
        if (topLevel.contains(first)) {
            return Files.exists(root.resolve(trimmed)) ? null : "`" + span + "`: no such file or folder";
        }
        int dot = trimmed.lastIndexOf('.');
        if (dot > 0 && FILE_EXTENSIONS.contains(trimmed.substring(dot + 1))) {
            boolean found = files.stream().anyMatch(file -> file.equals(trimmed) || file.endsWith("/" + trimmed));
            return found ? null : "`" + span + "`: no file of that name in the repository";
        }
        return null;
    }

    private String checkClassName(String name, String member) {
        if (FOREIGN_CLASSES.contains(name) || CLASS_SUFFIXES.stream().noneMatch(name::endsWith)) {
            return null;
        }
        List<Path> sources = javaFiles.get(name);
        if (sources == null) {
            return "`" + name + "`: no " + name + ".java under src/";
        }
        if (member != null && sources.stream().noneMatch(source -> read(source).contains(member))) {
            return "`" + name + "." + member + "`: " + name + ".java has no " + member;
        }
        return null;
    }

    private String checkQualifiedName(String name) {
        String path = name.replace('.', '/');
        for (String sourceRoot : List.of("src/main/java/", "src/test/java/")) {
            if (Files.isDirectory(root.resolve(sourceRoot + path))
                    || Files.isRegularFile(root.resolve(sourceRoot + path + ".java"))) {
                return null;
            }
        }
        return "`" + name + "`: no such package or class under src/main/java or src/test/java";
    }

    /** The anchors GitHub gives the headings of {@code markdown}, in order. */
    static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String anchor = anchor(heading.group(2));
            int count = seen.merge(anchor, 1, Integer::sum);
            anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
        }
        return anchors;
    }

    /** GitHub's anchor of one heading's text (without its duplicate suffix). */
    static String anchor(String heading) {
        String text = LINK.matcher(heading).replaceAll("$1").replace("`", "").replace("*", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
