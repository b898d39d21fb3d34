package io.medallion.lakehouse.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder of a classpath resource as a {@link Path}, inside the jar when it is in one, so a config
 * shipped in the jar ({@code conf/retail.yaml}) finds what it names beside it ({@code ../dbt}) the
 * same way a config on disk does.
 */
final class ResourceFolders {
    private ResourceFolders() {}

    static Path folderOf(URL url, String resource) throws IOException {
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                // jar:file:/x.jar!/conf/retail.yaml: the jar's file system, opened once per JVM and left open
                // (another reader, or a later run in the same JVM, may be using it).
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                return jar.getPath("/" + resource).getParent();
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException e) {
            throw new IOException("resource " + resource + " has no usable location: " + url, e);
        }
    }
}
