package org.ncclkit.logs;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a log of any size, with bounded memory: a line longer than {@link #MAX_CHARS} is cut there and the
 * rest of it skipped ({@code BufferedReader.readLine} would hold a file without newlines, or {@code /dev/zero}, whole).
 */
public final class BoundedLines {
    /** Far longer than any line NCCL writes (its own limit is 1 KiB a message). */
    public static final int MAX_CHARS = 64 * 1024;

    private final Reader reader;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long cutLines;

    public BoundedLines(Reader reader) {
        this.reader = reader;
    }

    /** The next line without its end ({@code \n}, {@code \r\n}), or null at the end of the input. */
    public String next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        boolean cut = false;
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish(line, cut) : null;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int room = MAX_CHARS - line.length();
            int length = position - start;
            if (length > room) {
                cut = true;
            }
            line.append(buffer, start, Math.min(length, room));
            if (position < limit) {
                position++; // the newline
                return finish(line, cut);
            }
        }
    }

    /** Lines that were longer than {@link #MAX_CHARS}. */
    public long cutLines() {
        return cutLines;
    }

    private String finish(StringBuilder line, boolean cut) {
        if (cut) {
            cutLines++;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }
}
