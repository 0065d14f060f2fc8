package lab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of the README, BENCHMARKS.md and docs/*.md resolves: the file (or folder) it names
 * exists, and its {@code #anchor}, in a Markdown file, is one of that file's headings as GitHub slugs them.
 * Links to other sites are not followed (nothing here has a network). The checker is tested on a small tree
 * of its own first, so that a green run means the links resolve, not that the check looked away.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    @Test
    void everyRelativeLinkAndAnchorOfTheDocsResolves() throws IOException {
        Path root = repositoryRoot();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() >= 10, "README, BENCHMARKS and the docs pages: " + pages);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            checked += links(page).size();
            broken.addAll(brokenLinks(page));
        }
        assertTrue(checked > 50, "links checked: " + checked);
        assertEquals(List.of(), broken, "links that do not resolve");
    }

    @Test
    void theCheckFindsAMissingFileAMissingAnchorAndKnowsGitHubsSlugs(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.md"), String.join("\n",
                "# Title",
                "## What `./lab run` shows (the book's models)",
                "## Twice", "## Twice",
                "[ok](b.md#other-page) [ok](#what-lab-run-shows-the-books-models) [ok](#twice-1) [ok](sub/)",
                "![ok](sub/pic.png) [web](https://example.org/x.md#nowhere)",
                "[missing file](c.md) [missing anchor](b.md#nothing) [third twin](#twice-2)",
                "```", "[inside a fence](nowhere.md)", "```",
                "`[inside code](nowhere.md)` [in the page](#title)"));
        Files.writeString(dir.resolve("b.md"), "# Other page\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/pic.png"), new byte[] {1});

        List<String> broken = brokenLinks(dir.resolve("a.md"));

        assertEquals(List.of(
                "a.md:7: c.md (no such file)",
                "a.md:7: b.md#nothing (no heading 'nothing' in b.md)",
                "a.md:7: #twice-2 (no heading 'twice-2' in a.md)"), broken);
    }

    /** Each relative link of a page that does not resolve, as "page:line: target (why)". */
    static List<String> brokenLinks(Path page) {
        List<String> broken = new ArrayList<>();
        for (Link link : links(page)) {
            String target = link.target();
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            String where = page.getFileName() + ":" + link.line() + ": " + target;
            if (!Files.exists(resolved)) {
                broken.add(where + " (no such file)");
            } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                broken.add(where + " (no heading '" + anchor + "' in " + resolved.getFileName() + ")");
            }
        }
        return broken;
    }

    record Link(int line, String target) {}

    /** The page's relative links, outside fenced code blocks and code spans. */
    static List<Link> links(Path page) {
        List<Link> links = new ArrayList<>();
        List<String> lines = lines(page);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (m.find()) {
                if (!m.group(1).matches("[a-z]+:.*")) { // http:, https:, mailto: are not ours to check
                    links.add(new Link(i + 1, m.group(1)));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub gives a page's headings: slugs, the second of a name "-1", the third "-2". */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String slug = slug(m.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's slug: lower case, punctuation dropped except '-' and '_', each space a '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
    }

    private static List<String> lines(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root: the nearest folder above the module's that holds the Maven Wrapper. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no checkout root (mvnw beside docs/) above " + Path.of("").toAbsolutePath());
    }
}
