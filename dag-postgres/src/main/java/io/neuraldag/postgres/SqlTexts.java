package io.neuraldag.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Statement texts as the capture sees them: a tokenizer that knows PostgreSQL's string literals
 * ({@code '…'} with {@code ''}, {@code E'…'} with backslash escapes), quoted identifiers, {@code --}
 * and nested {@code /* … *}{@code /} comments and dollar quotes ({@code $tag$…$tag$}).
 *
 * <p>The <b>normalised text</b> of a statement drops comments, collapses white space to one blank,
 * lower-cases unquoted words, and replaces every string, dollar-quoted and numeric literal by {@code
 * ?}; quoted identifiers and parameter markers stay. Two executions of one statement with other
 * constants therefore share a {@link #sqlHash(String) sql_hash}, and so a baseline.
 *
 * <p>Thread-safe: pure functions.
 */
public final class SqlTexts {
    private static final HexFormat HEX = HexFormat.of();

    private SqlTexts() {}

    /**
     * The normalised text.
     *
     * @param sql a statement
     * @return its normalised text
     */
    public static String normalize(String sql) {
        return scan(Objects.requireNonNull(sql, "sql")).normalized;
    }

    /**
     * SHA-256 of the UTF-8 normalised text, as 64 lower-case hex digits.
     *
     * @param sql a statement
     * @return the hash
     */
    public static String sqlHash(String sql) {
        return sha256(normalize(sql));
    }

    static String sha256(String normalized) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(md.digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * Whether the text opts out of capture: a comment whose content is {@code nodag} (any case,
     * surrounding blanks ignored), e.g. {@code /* nodag *}{@code /}.
     *
     * @param sql a statement
     * @return true to leave the statement alone
     */
    public static boolean optsOut(String sql) {
        return scan(sql).nodag;
    }

    static Scan scan(String sql) {
        return new Scan(sql);
    }

    /*
     * One pass over the text. Tracks: the normalised text, the number of statements (non-blank
     * pieces between top-level semicolons), the first keyword, whether a comment says nodag, and
     * whether a literal or comment was left open.
     */
    static final class Scan {
        final String normalized;
        final int statements;
        final String firstWord;
        final boolean nodag;
        final boolean unterminated;

        Scan(String s) {
            StringBuilder out = new StringBuilder(s.length());
            int n = s.length();
            int i = 0;
            int stmts = 0;
            boolean pieceHasContent = false;
            String first = "";
            boolean optOut = false;
            boolean open = false;
            boolean space = false;
            while (i < n) {
                char ch = s.charAt(i);
                if (Character.isWhitespace(ch)) {
                    space = true;
                    i++;
                    continue;
                }
                if (ch == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                    int end = s.indexOf('\n', i);
                    int stop = end < 0 ? n : end;
                    optOut |= isNodag(s.substring(i + 2, stop));
                    i = stop;
                    space = true;
                    continue;
                }
                if (ch == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    int depth = 1;
                    int j = i + 2;
                    int contentStart = j;
                    int contentEnd = -1;
                    while (j < n && depth > 0) {
                        if (s.charAt(j) == '/' && j + 1 < n && s.charAt(j + 1) == '*') {
                            depth++;
                            j += 2;
                        } else if (s.charAt(j) == '*' && j + 1 < n && s.charAt(j + 1) == '/') {
                            depth--;
                            if (depth == 0) {
                                contentEnd = j;
                            }
                            j += 2;
                        } else {
                            j++;
                        }
                    }
                    if (depth > 0) {
                        open = true;
                    } else {
                        optOut |= isNodag(s.substring(contentStart, contentEnd));
                    }
                    i = j;
                    space = true;
                    continue;
                }
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                if (ch == ';') {
                    if (pieceHasContent) {
                        stmts++;
                    }
                    pieceHasContent = false;
                    out.append(';');
                    i++;
                    continue;
                }
                pieceHasContent = true;
                if (ch == '\''
                        || ((ch == 'e' || ch == 'E') && i + 1 < n && s.charAt(i + 1) == '\'' && !prevIdent(s, i))) {
                    boolean escapes = ch != '\'';
                    int j = escapes ? i + 2 : i + 1;
                    boolean closed = false;
                    while (j < n) {
                        char c = s.charAt(j);
                        if (escapes && c == '\\') {
                            j += 2;
                            continue;
                        }
                        if (c == '\'') {
                            if (j + 1 < n && s.charAt(j + 1) == '\'') {
                                j += 2;
                                continue;
                            }
                            closed = true;
                            j++;
                            break;
                        }
                        j++;
                    }
                    open |= !closed;
                    out.append('?');
                    i = Math.min(j, n);
                    continue;
                }
                if (ch == '"') {
                    int j = i + 1;
                    boolean closed = false;
                    while (j < n) {
                        if (s.charAt(j) == '"') {
                            if (j + 1 < n && s.charAt(j + 1) == '"') {
                                j += 2;
                                continue;
                            }
                            closed = true;
                            j++;
                            break;
                        }
                        j++;
                    }
                    open |= !closed;
                    out.append(s, i, Math.min(j, n));
                    i = Math.min(j, n);
                    continue;
                }
                if (ch == '$') {
                    int tagEnd = dollarTagEnd(s, i);
                    if (tagEnd > 0) {
                        String tag = s.substring(i, tagEnd + 1);
                        int close = s.indexOf(tag, tagEnd + 1);
                        if (close < 0) {
                            open = true;
                            i = n;
                        } else {
                            i = close + tag.length();
                        }
                        out.append('?');
                        continue;
                    }
                    // a parameter marker $1
                    int j = i + 1;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                    out.append(s, i, j);
                    i = j;
                    continue;
                }
                if (Character.isDigit(ch) || (ch == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                    if (!prevIdent(s, i)) {
                        int j = i;
                        while (j < n
                                && (Character.isLetterOrDigit(s.charAt(j))
                                        || s.charAt(j) == '.'
                                        || s.charAt(j) == '_'
                                        || ((s.charAt(j) == '+' || s.charAt(j) == '-')
                                                && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
                            j++;
                        }
                        out.append('?');
                        i = j;
                        continue;
                    }
                }
                if (isIdentStart(ch)) {
                    int j = i;
                    while (j < n && isIdentPart(s.charAt(j))) {
                        j++;
                    }
                    String word = s.substring(i, j).toLowerCase(Locale.ROOT);
                    if (first.isEmpty()) {
                        first = word;
                    }
                    out.append(word);
                    i = j;
                    continue;
                }
                out.append(ch);
                i++;
            }
            if (pieceHasContent) {
                stmts++;
            }
            int len = out.length();
            while (len > 0 && (out.charAt(len - 1) == ';' || out.charAt(len - 1) == ' ')) {
                len--;
            }
            out.setLength(len);
            this.normalized = out.toString();
            this.statements = stmts;
            this.firstWord = first;
            this.nodag = optOut;
            this.unterminated = open;
        }

        private static boolean isNodag(String comment) {
            return comment.trim().equalsIgnoreCase("nodag");
        }

        private static boolean prevIdent(String s, int i) {
            return i > 0 && isIdentPart(s.charAt(i - 1));
        }

        private static boolean isIdentStart(char c) {
            return Character.isLetter(c) || c == '_' || c > 127;
        }

        private static boolean isIdentPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
        }

        /** The index of the closing '$' of a dollar-quote tag starting at i, or -1. */
        private static int dollarTagEnd(String s, int i) {
            if (i > 0 && isIdentPart(s.charAt(i - 1))) {
                return -1;
            }
            int j = i + 1;
            if (j < s.length() && s.charAt(j) == '$') {
                return j;
            }
            if (j >= s.length() || !(Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
                return -1;
            }
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            return j < s.length() && s.charAt(j) == '$' ? j : -1;
        }
    }
}
