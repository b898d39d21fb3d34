package io.medallion.jobs.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** What a local file operation's exception means, in words that name the path: the JDK's own messages are often the path alone. */
final class FileProblems {
    private FileProblems() {}

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + ": it exists and is not a folder";
        }
        if (e instanceof NotDirectoryException notFolder) {
            return notFolder.getFile() + ": not a folder";
        }
        if (e instanceof FileSystemException other) {
            return other.getFile() + (other.getReason() == null ? "" : ": " + other.getReason());
        }
        return String.valueOf(e.getMessage());
    }
}
