package dev.vigil.rules.policy;

/**
 * Where a policy item was written: file, 1-based line and column (0 when unknown), so that every
 * later complaint about it (a duplicate MAC between the policy and the CSV) can point at it.
 */
public record Origin(String file, int line, int column) {
    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
