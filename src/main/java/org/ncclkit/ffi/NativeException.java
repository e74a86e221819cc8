package org.ncclkit.ffi;

/** A native call returned an error: names the library, the call, the code and the library's own message. */
public final class NativeException extends RuntimeException {
    private final String library;
    private final String call;
    private final int code;

    public NativeException(String library, String call, int code, String libraryMessage) {
        super(library + " " + call + " failed with code " + code
                + (libraryMessage == null || libraryMessage.isBlank() ? "" : ": " + libraryMessage));
        this.library = library;
        this.call = call;
        this.code = code;
    }

    public String library() { return library; }

    public String call() { return call; }

    public int code() { return code; }
}
