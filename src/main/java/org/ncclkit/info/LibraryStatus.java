package org.ncclkit.info;

/** A native library as found on this node: its path and why it was chosen, its version, or why it is missing. */
public record LibraryStatus(String name, String path, String reason, String version, String error) {

    public static LibraryStatus found(String name, String path, String reason, String version) {
        return new LibraryStatus(name, path, reason, version, null);
    }

    public static LibraryStatus missing(String name, String error) {
        return new LibraryStatus(name, null, null, null, error);
    }

    public boolean present() {
        return error == null;
    }
}
