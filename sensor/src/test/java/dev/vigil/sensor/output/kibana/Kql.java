package dev.vigil.sensor.output.kibana;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parser for the part of Kibana's query language (KQL) that saved objects use, strict enough to
 * reject what Kibana would reject there: {@code field : value}, {@code field : (a or b)},
 * {@code field : *}, {@code field < n} (and {@code <=, >, >=}), {@code and}, {@code or},
 * {@code not}, parentheses, quoted strings. It returns every field clause so that a test can
 * check the field names and the operators against the mappings. Free text without a field and
 * wildcards in field names are refused on purpose: a saved query must name its fields.
 *
 * <p>Grammar after Kibana's {@code kbn-es-query/src/kuery/grammar/grammar.peggy}.
 */
final class Kql {
    /** One {@code field op value} clause; {@code op} is {@code :}, {@code <}, {@code <=}, {@code >} or {@code >=}. */
    record Clause(String field, String op, List<String> values) {
    }

    private static final Pattern FIELD = Pattern.compile("@?[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");

    private final List<String> tokens;
    private final String query;
    private final List<Clause> clauses = new ArrayList<>();
    private int pos;

    private Kql(String query) {
        this.query = query;
        this.tokens = tokenize(query);
    }

    /**
     * The clauses of a query; an empty or blank query has none.
     *
     * @throws IllegalArgumentException if the query is not valid KQL of the supported kind
     */
    static List<Clause> parse(String query) {
        Kql k = new Kql(query);
        if (k.tokens.isEmpty()) {
            return List.of();
        }
        k.orExpr();
        if (k.pos != k.tokens.size()) {
            throw k.error("unexpected '" + k.tokens.get(k.pos) + "'");
        }
        return List.copyOf(k.clauses);
    }

    private void orExpr() {
        andExpr();
        while (keyword("or")) {
            andExpr();
        }
    }

    private void andExpr() {
        notExpr();
        while (keyword("and")) {
            notExpr();
        }
    }

    private void notExpr() {
        if (keyword("not")) {
            notExpr();
            return;
        }
        if (symbol("(")) {
            orExpr();
            expect(")");
            return;
        }
        fieldClause();
    }

    private void fieldClause() {
        String field = next("a field name");
        if (isSymbol(field) || isQuoted(field) || isKeyword(field)) {
            throw error("expected a field name, got '" + field + "'");
        }
        if (!FIELD.matcher(field).matches()) {
            throw error("'" + field + "' is not a plain field name (no wildcards, no free text)");
        }
        String op = next("an operator after " + field);
        List<String> values = new ArrayList<>();
        switch (op) {
            case ":" -> {
                if (symbol("(")) {
                    valueOr(values);
                    expect(")");
                } else {
                    values.add(literal());
                }
            }
            case "<", "<=", ">", ">=" -> {
                String v = literal();
                if (v.equals("*")) {
                    throw error("a range needs a value, not *");
                }
                values.add(v);
            }
            default -> throw error("expected ':' or a range operator after " + field + ", got '" + op + "'");
        }
        clauses.add(new Clause(field, op, values));
    }

    private void valueOr(List<String> values) {
        valueAnd(values);
        while (keyword("or")) {
            valueAnd(values);
        }
    }

    private void valueAnd(List<String> values) {
        valueNot(values);
        while (keyword("and")) {
            valueNot(values);
        }
    }

    private void valueNot(List<String> values) {
        if (keyword("not")) {
            valueNot(values);
        } else if (symbol("(")) {
            valueOr(values);
            expect(")");
        } else {
            values.add(literal());
        }
    }

    private String literal() {
        String t = next("a value");
        if (isSymbol(t) || isKeyword(t)) {
            throw error("expected a value, got '" + t + "'");
        }
        return isQuoted(t) ? unquote(t) : t;
    }

    // ------------------------------------------------------------------ tokens

    private static List<String> tokenize(String q) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ':') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '<' || c == '>') {
                boolean eq = i + 1 < q.length() && q.charAt(i + 1) == '=';
                out.add(eq ? c + "=" : String.valueOf(c));
                i += eq ? 2 : 1;
            } else if (c == '"') {
                int j = i + 1;
                while (j < q.length() && q.charAt(j) != '"') {
                    j += q.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= q.length()) {
                    throw new IllegalArgumentException("KQL '" + q + "': unterminated quoted string");
                }
                out.add(q.substring(i, j + 1));
                i = j + 1;
            } else if (c == '{' || c == '}') {
                throw new IllegalArgumentException("KQL '" + q + "': nested field queries are not used here");
            } else {
                int j = i;
                while (j < q.length() && !Character.isWhitespace(q.charAt(j)) && "():<>\"{}".indexOf(q.charAt(j)) < 0) {
                    j += q.charAt(j) == '\\' ? 2 : 1;
                }
                out.add(q.substring(i, Math.min(j, q.length())));
                i = j;
            }
        }
        return out;
    }

    private static boolean isSymbol(String t) {
        return t.equals("(") || t.equals(")") || t.equals(":") || t.startsWith("<") || t.startsWith(">");
    }

    private static boolean isQuoted(String t) {
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"");
    }

    private static boolean isKeyword(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        return l.equals("and") || l.equals("or") || l.equals("not");
    }

    private static String unquote(String t) {
        return t.substring(1, t.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    private boolean keyword(String k) {
        if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(k)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean symbol(String s) {
        if (pos < tokens.size() && tokens.get(pos).equals(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!symbol(s)) {
            throw error("expected '" + s + "'" + (pos < tokens.size() ? ", got '" + tokens.get(pos) + "'" : " at the end"));
        }
    }

    private String next(String what) {
        if (pos >= tokens.size()) {
            throw error("expected " + what + " at the end");
        }
        return tokens.get(pos++);
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("KQL '" + query + "': " + message);
    }
}
