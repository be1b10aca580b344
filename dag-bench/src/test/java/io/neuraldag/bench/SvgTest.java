package io.neuraldag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The hand-written chart parses as XML, has one polyline per series and keeps its points in the plot area. */
class SvgTest {

    static Stream<Long> seeds() {
        return LongStream.range(1, 11).boxed();
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void polylinesHaveOnePointPerQueryPlusTheOrigin(long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(300);
        int k = 1 + r.nextInt(5);
        List<Svg.Series> series = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            List<Double> lat = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lat.add(r.nextDouble() * 500);
            }
            series.add(new Svg.Series("s<" + s + ">&", Stats.cumulative(lat), s == 0));
        }
        Document d = parse(Svg.lineChart("title & <more>", series));
        NodeList lines = d.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(k);
        for (int i = 0; i < lines.getLength(); i++) {
            String[] pts = ((Element) lines.item(i)).getAttribute("points").split(" ", -1);
            assertThat(pts).hasSize(n + 1);
            for (String p : pts) {
                String[] xy = p.split(",", -1);
                double x = Double.parseDouble(xy[0]);
                double y = Double.parseDouble(xy[1]);
                assertThat(x).isBetween(70.0, 600.0);
                assertThat(y).isBetween(40.0, 430.0);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void niceStepGivesFourToTenTicks(long seed) {
        double max = Math.exp(new SplittableRandom(seed).nextDouble() * 20 - 5);
        double step = Svg.niceStep(max);
        double ticks = max / step;
        assertThat(ticks).isBetween(2.0, 10.0);
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assertThat(Math.round(mantissa * 1000) / 1000.0).isIn(1.0, 2.0, 5.0);
    }
}
