package org.ncclkit.cluster;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A login password held as UTF-8 bytes; never printed, and handed out as copies (JSch wipes what it is given). */
public final class Password {
    private final byte[] utf8;

    private Password(byte[] utf8) {
        this.utf8 = utf8;
    }

    public static Password of(char[] characters) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(characters));
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return new Password(bytes);
    }

    public static Password of(String text) {
        return new Password(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] copy() {
        return utf8.clone();
    }

    @Override
    public String toString() {
        return "Password[hidden]";
    }
}
