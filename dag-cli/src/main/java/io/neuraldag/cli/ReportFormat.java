package io.neuraldag.cli;

/* The output formats of "analyze"; picocli matches the names case-insensitively. */
enum ReportFormat {
    TEXT,
    JSON,
    DOT,
    HTML;

    String render(Analysis a) {
        return switch (this) {
            case TEXT -> TextReport.render(a);
            case JSON -> JsonReport.render(a);
            case DOT -> DotReport.render(a);
            case HTML -> HtmlReport.render(a);
        };
    }
}
