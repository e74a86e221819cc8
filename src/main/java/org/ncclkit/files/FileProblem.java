package org.ncclkit.files;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file could not be read or written, in words: the JDK's own messages are often just the path
 * ({@code NoSuchFileException: /proc/nope}) or a decoder's {@code Input length = 1}.
 */
public final class FileProblem {
    private FileProblem() {
    }

    /** {@code no such file}, {@code permission denied}, {@code it is a directory}, {@code not text: ...}, ... */
    public static String describe(Path file, IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> missingPart(file);
            case AccessDeniedException denied -> "permission denied";
            case NotDirectoryException notFolder -> "a part of the path is not a folder";
            case MalformedInputException malformed -> "not a text file (bytes that are not UTF-8)";
            case CharacterCodingException coding -> "not a text file (bytes that are not UTF-8)";
            case FileSystemException system when system.getReason() != null -> lowerFirst(system.getReason());
            default -> e.getMessage() == null || e.getMessage().equals(file.toString()) ? e.getClass().getSimpleName()
                    : lowerFirst(e.getMessage());
        };
    }

    /** A file that is not there, or a folder on its way that is not. */
    private static String missingPart(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return "folder " + parent + " does not exist";
        }
        return "no such file";
    }

    /** Why a path given as an input file is not one, before trying to read it; null when it may be read. */
    public static String notReadable(Path file) {
        if (Files.isDirectory(file)) {
            return "it is a directory, not a file";
        }
        if (!Files.exists(file)) {
            return missingPart(file);
        }
        if (!Files.isReadable(file)) {
            return "permission denied";
        }
        return null;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
