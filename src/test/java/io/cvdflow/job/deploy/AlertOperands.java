package io.cvdflow.job.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must return data for an alert expression to be able to fire: each side of its top-level {@code or},
 * {@code and} and {@code unless}, with a top-level comparison turned into a subtraction (same vector matching,
 * so labels that do not line up still show), and the argument of {@code absent(...)}. An alert's expression
 * itself returns data only while it fires; its operands return data whenever its inputs exist.
 */
final class AlertOperands {
    private static final Pattern SET_OPERATOR = Pattern.compile("\\s(or|and|unless)\\s");
    private static final Pattern COMPARISON = Pattern.compile("==|!=|>=|<=|>|<");
    private static final Pattern MATCHING = Pattern.compile(
            "^\\s*(bool\\s+)?((on|ignoring)\\s*\\([^)]*\\)\\s*)?((group_left|group_right)\\s*(\\([^)]*\\))?\\s*)?");
    private static final Pattern ABSENT = Pattern.compile("^\\s*absent\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);

    private AlertOperands() {}

    static List<String> of(String expr) {
        List<String> out = new ArrayList<>();
        for (String part : splitTopLevel(expr, SET_OPERATOR)) {
            Matcher absent = ABSENT.matcher(part);
            if (absent.matches()) {
                out.add(absent.group(1).trim());
                continue;
            }
            int[] comparison = firstTopLevel(part, COMPARISON);
            if (comparison == null) {
                out.add(part.trim());
                continue;
            }
            String left = part.substring(0, comparison[0]).trim();
            String right = part.substring(comparison[1]);
            Matcher matching = MATCHING.matcher(right);
            matching.find();
            String modifiers = matching.group().replaceFirst("^\\s*bool\\s+", "").trim();
            out.add("(" + left + ") - " + (modifiers.isEmpty() ? "" : modifiers + " ")
                    + "(" + right.substring(matching.end()).trim() + ")");
        }
        return out;
    }

    private static List<String> splitTopLevel(String expr, Pattern operator) {
        List<String> parts = new ArrayList<>();
        String rest = expr;
        int[] at;
        while ((at = firstTopLevel(rest, operator)) != null) {
            parts.add(rest.substring(0, at[0]).trim());
            rest = rest.substring(at[1]);
        }
        parts.add(rest.trim());
        return parts;
    }

    /** Start and end of the first match of {@code p} outside brackets, braces, parentheses and strings. */
    private static int[] firstTopLevel(String expr, Pattern p) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0) {
                Matcher m = p.matcher(expr).region(i, expr.length());
                if (m.lookingAt()) {
                    return new int[] {m.start(), m.end()};
                }
            }
        }
        return null;
    }
}
