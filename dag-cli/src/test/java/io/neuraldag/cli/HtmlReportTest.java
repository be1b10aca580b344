package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.DagFormats;
import io.neuraldag.core.Edge;
import io.neuraldag.core.Operator;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.PostgresPlans;
import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.mincut.MinCutConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The HTML report: one self-contained page whose SVG part is well-formed XML (parsed by the JDK's
 * XML parser with DTDs refused), holds one node group per operator and one path per edge, marks the
 * critical path and the min cut as the library computes them, and references nothing outside.
 */
class HtmlReportTest {
    /* Anything that makes a browser fetch: reference attributes not pointing into the page, url(), imports, embeds. */
    private static final Pattern EXTERNAL = Pattern.compile(
            "(?i)(\\b(href|src|srcset|action|xmlns(:\\w+)?)\\s*=\\s*[\"']?+(?!#)|url\\(\\s*['\"]?+(?!#)|@import|<link|<img|<iframe"
                    + "|<object|<embed|<base)");

    @TempDir
    Path dir;

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    static Document svg(String html) throws Exception {
        assertThat(html).startsWith("<!DOCTYPE html>\n<html").endsWith("</html>\n");
        int start = html.indexOf("<svg ");
        int end = html.indexOf("</svg>");
        assertThat(start).isPositive();
        assertThat(html.indexOf("<svg ", start + 1)).as("one svg").isNegative();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new InputSource(new StringReader(html.substring(start, end + "</svg>".length()))));
    }

    static void check(String html, QueryDag dag) throws Exception {
        check(html, dag, true);
    }

    static void check(String html, QueryDag dag, boolean noUrlText) throws Exception {
        assertThat(EXTERNAL.matcher(html).find())
                .as("external reference: %s", matchOf(html))
                .isFalse();
        if (noUrlText) {
            assertThat(html).doesNotContainPattern("(?i)(https?|ftp|file):");
        }
        assertThat(html).contains("<script>").doesNotContain("<script src");
        Document doc = svg(html);
        Map<Integer, Element> nodes = new HashMap<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String id = g.getAttribute("id");
            if (id.startsWith("node-")) {
                int nodeId = Integer.parseInt(id.substring(5));
                assertThat(nodes.put(nodeId, g))
                        .as("one group for node %d", nodeId)
                        .isNull();
                String title = g.getElementsByTagName("title").item(0).getTextContent();
                assertThat(title)
                        .startsWith(nodeId + " " + dag.node(nodeId).operator().typeName());
                assertThat(g.getAttribute("data-id")).isEqualTo(Integer.toString(nodeId));
            }
        }
        assertThat(nodes.keySet()).containsExactlyInAnyOrderElementsOf(ReportChecks.boxed(dag.nodeIds()));

        Set<List<Integer>> edges = new HashSet<>();
        Set<List<Integer>> critical = new HashSet<>();
        NodeList paths = doc.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            if (p.getAttribute("class").startsWith("edge")) {
                List<Integer> e = List.of(
                        Integer.parseInt(p.getAttribute("data-from")), Integer.parseInt(p.getAttribute("data-to")));
                assertThat(edges.add(e)).as("one path for edge %s", e).isTrue();
                if (p.getAttribute("class").contains("critical")) {
                    critical.add(e);
                }
            }
        }
        Set<List<Integer>> expected = new HashSet<>();
        for (Edge e : dag.edges()) {
            expected.add(List.of(e.from(), e.to()));
        }
        assertThat(edges).isEqualTo(expected);

        int[] path = dag.criticalPath().path();
        Set<List<Integer>> pathEdges = new HashSet<>();
        for (int i = 0; i + 1 < path.length; i++) {
            pathEdges.add(List.of(path[i], path[i + 1]));
        }
        assertThat(critical).isEqualTo(pathEdges);
        Set<Integer> onPath = new HashSet<>(ReportChecks.boxed(path));
        MinCutChecks.Expected cut = MinCutChecks.expected(dag, MinCutConfig.defaults());
        for (Map.Entry<Integer, Element> e : nodes.entrySet()) {
            Set<String> classes = Set.of(e.getValue().getAttribute("class").split(" ", -1));
            assertThat(classes).contains("node");
            assertThat(classes.contains("critical"))
                    .as("critical %d", e.getKey())
                    .isEqualTo(onPath.contains(e.getKey()));
            assertThat(classes.contains("cut"))
                    .as("cut %d", e.getKey())
                    .isEqualTo(cut.cutOperators().contains(e.getKey()));
            assertThat(classes.contains("side-source"))
                    .isEqualTo(cut.sourceSide().contains(e.getKey()));
            assertThat(classes.contains("side-sink")).isEqualTo(cut.sinkSide().contains(e.getKey()));
        }
    }

    private static String matchOf(String html) {
        Matcher m = EXTERNAL.matcher(html);
        return m.find() ? html.substring(Math.max(0, m.start() - 40), Math.min(html.length(), m.end() + 40)) : "";
    }

    @Test
    void q3PlanWithBoxes() throws Exception {
        String file = "../examples/plans/05_hash_join_q3.json";
        QueryDag dag =
                PostgresPlans.fromExplainJson(Files.readString(Path.of(file))).dag();
        String html = CliRun.of("analyze", file, "-f", "html").assertOk().out();
        check(html, dag);
        assertThat(html).contains("class=\"boxes\"").contains("attention (auto)");
        // a forced mechanism is named, with the policy's own choice beside it
        String forced = CliRun.of("analyze", file, "-f", "html", "-a", "parallel_branch")
                .assertOk()
                .out();
        check(forced, dag);
        assertThat(forced).contains("parallel_branch").contains("auto would pick");
    }

    @Test
    void benchGraphOfThousandNodesWithDots() throws Exception {
        String text;
        try (InputStream in = HtmlReportTest.class.getResourceAsStream("/bench-dags/n1000.json")) {
            assertThat(in).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String file = write("n1000.json", text);
        Path out = dir.resolve("n1000.html");
        CliRun.of("analyze", file, "-f", "html", "-o", out.toString()).assertOk();
        String html = Files.readString(out);
        check(html, DagFormats.fromBenchJson(text));
        assertThat(html).contains("class=\"dots\"");
    }

    @Test
    void hostileNamesAreEscaped() throws Exception {
        QueryDag dag = new QueryDag();
        dag.addNode(0, new Operator.SeqScan("t\"><script>alert(1)</script>&x"));
        dag.addNode(1, new Operator.Filter("a < b && c > 'd' -- http://example.org"));
        dag.addEdge(0, 1);
        String file = write("hostile.json", dag.toJson());
        String html = CliRun.of("analyze", file, "-f", "html").assertOk().out();
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;x");
        assertThat(html).contains("a &lt; b &amp;&amp; c &gt; &#39;d&#39;");
        check(html, dag, false);
    }

    static List<RandomDags.Spec> dags() {
        return RandomDags.specs(0x47A1L, 24, 1, 150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dags")
    void randomDags(RandomDags.Spec spec) throws Exception {
        QueryDag dag = spec.build();
        String file = write("h" + spec.seed() + ".json", dag.toJson());
        check(CliRun.of("analyze", file, "-f", "html").assertOk().out(), dag);
    }
}
